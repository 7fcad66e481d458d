extension ConexteoClient {
    /// `POST /contactlists {name}`: a new, empty list [V].
    public func createContactList(name: String) async throws(ProviderError) -> ConexteoContactList {
        try await call("POST", "/contactlists", body: ["name": name], operation: "create contact list", idempotent: false)
    }

    /// `GET /contactlists?search=`: every list, or those whose name contains `search` [V].
    public func contactLists(search: String? = nil) async throws(ProviderError) -> [ConexteoContactList] {
        try await get("/contactlists", query: search.map { [("search", $0)] } ?? [], operation: "list contact lists")
    }

    /// `GET /contactlists/:id` [G].
    public func contactList(id: Int) async throws(ProviderError) -> ConexteoContactList {
        try await get("/contactlists/\(id)", operation: "read contact list")
    }

    /// `PUT /contactlists/:id {name}`: renames a list and answers it [G].
    public func renameContactList(id: Int, to name: String) async throws(ProviderError) -> ConexteoContactList {
        try await call("PUT", "/contactlists/\(id)", body: ["name": name], operation: "rename contact list", idempotent: true)
    }

    /// `DELETE /contactlists/:id`: deletes a list and its contacts [G].
    @discardableResult
    public func deleteContactList(id: Int) async throws(ProviderError) -> ConexteoAcknowledgement {
        try await acknowledged("DELETE", "/contactlists/\(id)", operation: "delete contact list")
    }

    /// `GET /contactlists/:id/contacts`: a list's contacts, read page by page [G].
    public func contacts(inList id: Int, pageSize: Int = 100) -> ConexteoPages<ConexteoContact> {
        pages("/contactlists/\(id)/contacts", operation: "list contacts", pageSize: pageSize)
    }

    /// `GET /contactlists/:id/contacts-extract`: a list's contacts in one answer [V: WP plugin].
    public func allContacts(inList id: Int) async throws(ProviderError) -> [ConexteoContact] {
        try await get("/contactlists/\(id)/contacts-extract", operation: "extract contacts")
    }
}
