import Foundation
import GRDB
import SandboxStore
import Storage

extension SandboxConexteoSubAccountCreditMove: SQLiteMapped {
    static var tableName: String { "sandbox_conexteo_subaccount_credit" }

    init(row: Row) throws {
        let operationText: String = row["operation"]
        guard let operation = Operation(rawValue: operationText) else {
            throw StorageError.corrupt("credit move \(row["id"] as Int64? ?? 0)", operationText)
        }
        self.init(
            subAccountID: row["subaccount_id"], operation: operation, credits: row["credits"],
            balanceAfter: row["balance_after"], createdAt: row["created_at"])
        id = row["id"]
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["subaccount_id"] = subAccountID
        container["operation"] = operation.rawValue
        container["credits"] = credits
        container["balance_after"] = balanceAfter
        container["created_at"] = createdAt
    }

    mutating func didInsert(rowID: Int64) { id = rowID }
}
