import Foundation
import PostgresNIO
import SandboxStore

extension SandboxConexteoStop: PostgresMapped {
    static let columns = "id, recipient, created_at"

    init(postgres c: PostgresColumns) throws {
        self.init(recipient: try c("recipient"), createdAt: try c("created_at"))
        id = try c("id")
    }
}
