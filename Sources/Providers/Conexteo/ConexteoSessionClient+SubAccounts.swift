extension ConexteoSessionClient {
    /// `POST /subaccounts {name, email, password?}`: a new sub-account, answered with its API key
    /// [I: paths and fields]. Not retried once it may have arrived: creating twice makes two.
    public func createSubAccount(name: String, email: String, password: ProviderSecret? = nil)
        async throws(ProviderError) -> ConexteoSubAccount
    {
        var body = ["name": name, "email": email]
        if let password { body["password"] = password.unredactedValue }
        // Confidential: the body holds a password and the answer the new account's key.
        return try await call(
            "POST", "/subaccounts", body: body, operation: "create sub-account", idempotent: false, confidential: true)
    }

    /// `GET /subaccounts/all`: every sub-account in one answer [I].
    public func allSubAccounts() async throws(ProviderError) -> [ConexteoSubAccount] {
        try await get("/subaccounts/all", operation: "list sub-accounts")
    }

    /// `GET /subaccounts?page&limit`: the sub-accounts, read page by page [I].
    public func subAccounts(pageSize: Int = 100) -> ConexteoPages<ConexteoSubAccount> {
        pages("/subaccounts", operation: "list sub-accounts", pageSize: pageSize)
    }

    /// `GET /subaccounts/:id` [I].
    public func subAccount(id: Int) async throws(ProviderError) -> ConexteoSubAccount {
        try await get("/subaccounts/\(id)", operation: "read sub-account")
    }

    /// `POST /subaccounts/:id/credits {credits}`: moves credits from the parent account to the
    /// sub-account [I]; refused (402) when the parent lacks them. Never repeated once it may have
    /// arrived: a credit move carries no dedup key.
    /// - Returns: the sub-account after the move.
    public func addCredits(_ credits: Int, toSubAccount id: Int) async throws(ProviderError) -> ConexteoSubAccount {
        try await call(
            "POST", "/subaccounts/\(id)/credits", body: ["credits": credits], operation: "add sub-account credits",
            idempotent: false)
    }

    /// `POST /subaccounts/:id/credits/remove {credits}`: moves credits back to the parent account
    /// [I]; refused (400) when the sub-account holds fewer.
    /// - Returns: the sub-account after the move.
    public func removeCredits(_ credits: Int, fromSubAccount id: Int) async throws(ProviderError) -> ConexteoSubAccount {
        try await call(
            "POST", "/subaccounts/\(id)/credits/remove", body: ["credits": credits],
            operation: "remove sub-account credits", idempotent: false)
    }

    /// `PUT /subaccounts/:id/credit-mode {mode}` [I].
    public func setCreditMode(_ mode: ConexteoCreditMode, forSubAccount id: Int) async throws(ProviderError)
        -> ConexteoSubAccount
    {
        try await call(
            "PUT", "/subaccounts/\(id)/credit-mode", body: ["mode": mode.rawValue], operation: "set credit mode",
            idempotent: true)
    }

    /// `GET /subaccounts/:id/credits/history`: every credit move, oldest first [I].
    public func creditHistory(ofSubAccount id: Int) async throws(ProviderError) -> [ConexteoCreditMove] {
        try await get("/subaccounts/\(id)/credits/history", operation: "read credit history")
    }
}
