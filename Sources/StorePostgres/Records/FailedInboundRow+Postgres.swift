import Foundation
import PostgresNIO
import Storage

extension FailedInboundRow: PostgresMapped {
    static let columns = "id, from_number, body, received_at, failed_plugins, error, attempts, handled_at"

    init(postgres c: PostgresColumns) throws {
        self.init(
            id: try c("id"), from: try c("from_number"), body: try c("body"), receivedAt: try c("received_at"),
            plugins: try c("failed_plugins", as: String?.self) ?? "", error: try c("error", as: String?.self) ?? "",
            attempts: try c("attempts"), setAsideAt: try c("handled_at"))
    }
}
