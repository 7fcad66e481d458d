import Foundation
import PostgresNIO
import SandboxStore

extension SandboxConexteoSend: PostgresMapped {
    static let columns = """
        id, type, content, sender, state, recipients_count, credits_required, sms_count, external_id, shorturl_mode,
        shorturl_url, rcs_type, rcs_payload, schedule_at, created_at, cancelled_at
        """

    init(postgres c: PostgresColumns) throws {
        self.init(
            id: try c("id"), channel: try c.vocabulary("type"), content: try c("content"), sender: try c("sender"),
            state: try c.vocabulary("state"), recipientsCount: try c("recipients_count"), creditsRequired: try c("credits_required"),
            smsCount: try c("sms_count"), externalID: try c("external_id"), shortURLMode: try c("shorturl_mode"),
            shortURL: try c("shorturl_url"), rcsType: try c("rcs_type"), rcsPayload: try c("rcs_payload"),
            scheduleAt: try c("schedule_at"), createdAt: try c("created_at"), cancelledAt: try c("cancelled_at"))
    }

    /// Inserts the send record.
    var insertQuery: PostgresQuery {
        """
        INSERT INTO sandbox_conexteo_send (id, type, content, sender, state, recipients_count, credits_required, sms_count,
          external_id, shorturl_mode, shorturl_url, rcs_type, rcs_payload, schedule_at, created_at, cancelled_at)
        VALUES (\(id), \(channel.rawValue), \(content), \(sender), \(state.rawValue), \(recipientsCount), \(creditsRequired),
          \(smsCount), \(externalID), \(shortURLMode), \(shortURL), \(rcsType), \(rcsPayload), \(scheduleAt.pg), \(createdAt.pg),
          \(cancelledAt.pg))
        """
    }
}
