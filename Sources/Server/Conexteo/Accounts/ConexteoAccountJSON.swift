import Storage
import SandboxStore

/// Sub-accounts and their credit moves as the sandbox answers them [I: only the schema names
/// `subAccount`, `subAccountWithCredentials`, `SubAccountCredits` are public].
enum ConexteoAccountJSON {
    /// `{id, name, email, credits, credit_mode, created_at}`, plus `api_key` when given (on creation).
    static func subAccount(_ account: SandboxConexteoSubAccount, apiKey: String? = nil) -> JSONValue {
        var members: [JSONValue.Member] = [
            .init(key: "id", value: .int(Int(account.id ?? 0))), .init(key: "name", value: .string(account.name)),
            .init(key: "email", value: .string(account.email)), .init(key: "credits", value: .int(account.credits)),
            .init(key: "credit_mode", value: .string(account.creditMode)),
            .init(key: "created_at", value: ConexteoDirectoryJSON.date(account.createdAt)),
        ]
        if let apiKey { members.append(.init(key: "api_key", value: .string(apiKey))) }
        return .object(members)
    }

    /// `{id, operation: add|remove, credits, balance_after, created_at}`.
    static func creditMove(_ move: SandboxConexteoSubAccountCreditMove) -> JSONValue {
        .object([
            "id": .int(Int(move.id ?? 0)), "operation": .string(move.operation.rawValue), "credits": .int(move.credits),
            "balance_after": .int(move.balanceAfter), "created_at": ConexteoDirectoryJSON.date(move.createdAt),
        ])
    }
}
