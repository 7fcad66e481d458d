import Foundation

extension ConexteoClient {
    /// `POST /contacts {contactlist_id, contacts: [...]}`: adds one or more contacts to a list
    /// [V fields]; Conexteo refuses the whole request when a `tel` cannot be read.
    @discardableResult
    public func addContacts(_ contacts: [ConexteoContact], toList listID: Int) async throws(ProviderError)
        -> ConexteoAcknowledgement
    {
        let payload = ConexteoContactsRequest(contactListID: listID, contacts: contacts)
        let request = ProviderRequest(
            method: "POST", path: "/contacts", body: try http.jsonBody(payload, operation: "add contacts"),
            operation: "add contacts", idempotent: false)
        return try acknowledgement(try await http.perform(request))
    }

    /// `POST /contacts/file` (multipart: `file` and `contactlist_id`): adds the contacts of a CSV
    /// file whose header names the fields (`tel`, `champ_nom` … `champ_perso10`) [I: the upload's
    /// shape is not public]. Lines that cannot be read come back in ``ConexteoFileImport/invalid``.
    public func addContacts(file: [UInt8], filename: String = "contacts.csv", toList listID: Int)
        async throws(ProviderError) -> ConexteoFileImport
    {
        try await upload(
            "/contacts/file", file: file, filename: filename, fields: [("contactlist_id", String(listID))],
            operation: "add contacts from file")
    }

    /// `POST /contacts/file` with the file's contents as `Data`.
    public func addContacts(file: Data, filename: String = "contacts.csv", toList listID: Int)
        async throws(ProviderError) -> ConexteoFileImport
    {
        try await addContacts(file: Array(file), filename: filename, toList: listID)
    }

    /// `GET /contacts/:id` [I: the seed lists "Contact details"; the path is not public].
    public func contact(id: Int) async throws(ProviderError) -> ConexteoContact {
        try await get("/contacts/\(id)", operation: "read contact")
    }

    /// `PUT /contacts/:id`: replaces the contact's fields with `contact`'s (an empty field is
    /// sent as null, and cleared) and answers the contact [G].
    /// - Throws: `invalid_request` without sending when `contact.id` is nil.
    public func updateContact(_ contact: ConexteoContact) async throws(ProviderError) -> ConexteoContact {
        guard let id = contact.id else {
            throw ProviderError(
                code: "invalid_request",
                message: "a contact can only be updated by id: read it with contact(id:) or allContacts(inList:) first",
                provider: name, operation: "update contact")
        }
        return try await call("PUT", "/contacts/\(id)", body: contact, operation: "update contact", idempotent: true)
    }

    /// `DELETE /contacts/:id` [V: WP plugin].
    @discardableResult
    public func deleteContact(id: Int) async throws(ProviderError) -> ConexteoAcknowledgement {
        try await acknowledged("DELETE", "/contacts/\(id)", operation: "delete contact")
    }
}
