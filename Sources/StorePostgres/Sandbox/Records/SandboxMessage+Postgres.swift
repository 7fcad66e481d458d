import Foundation
import PostgresNIO
import SandboxStore

extension SandboxMessage: PostgresMapped {
    static let columns = "id, to_number, sender, body, encoding, segments, status, external_id, created_at"

    init(postgres c: PostgresColumns) throws {
        self.init(
            id: try c("id"), to: try c("to_number"), from: try c("sender"), body: try c("body"), encoding: try c("encoding"),
            segments: try c("segments"), status: try c("status"), externalID: try c("external_id"), createdAt: try c("created_at"))
    }

    /// Inserts the message, as one of Conexteo send `send` when given (taking its channel).
    func insertQuery(send: SandboxConexteoSend?) -> PostgresQuery {
        """
        INSERT INTO sandbox_message (id, to_number, sender, body, encoding, segments, status, external_id, created_at, channel, send_id)
        VALUES (\(id), \(to), \(from), \(body), \(encoding), \(segments), \(status), \(externalID), \(createdAt.pg),
          \(send?.channel.rawValue ?? SandboxConexteoSend.Channel.sms.rawValue), \(send?.id))
        """
    }
}
