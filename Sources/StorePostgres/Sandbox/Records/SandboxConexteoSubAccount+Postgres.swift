import Foundation
import PostgresNIO
import SandboxStore

extension SandboxConexteoSubAccount: PostgresMapped {
    static let columns = "id, name, email, credits, credit_mode, created_at"

    init(postgres c: PostgresColumns) throws {
        self.init(name: try c("name"), email: try c("email"), creditMode: try c("credit_mode"), createdAt: try c("created_at"))
        id = try c("id")
        credits = try c("credits")
    }
}
