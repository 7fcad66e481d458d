import Foundation
import PostgresNIO
import SandboxStore

extension SandboxConexteoSubAccountCreditMove: PostgresMapped {
    static let columns = "id, subaccount_id, operation, credits, balance_after, created_at"

    init(postgres c: PostgresColumns) throws {
        self.init(
            subAccountID: try c("subaccount_id"), operation: try c.vocabulary("operation"), credits: try c("credits"),
            balanceAfter: try c("balance_after"), createdAt: try c("created_at"))
        id = try c("id")
    }
}
