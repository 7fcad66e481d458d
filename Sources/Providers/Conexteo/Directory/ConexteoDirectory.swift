import Foundation
import SMSCore
import Storage

/// Conexteo's directory, as the directory bindings use it (DESIGN.md §3: the provider's API
/// where it has one).
/// Writes go to Conexteo first, then to the local copy; list reads (`lists.members`,
/// `lists.all`, `templates.list`) come from Conexteo. Conexteo finds lists and templates by id
/// and contacts by list, so names and numbers are looked up by listing.
///
/// Field mapping: `first_name`, `last_name`, `email` are Conexteo's `champ_prenom`, `champ_nom`,
/// `champ_mail`; the fields `address`, `postal_code`, `city`, `date` its fixed fields, and
/// `perso1` … `perso10` its ten numbered ones. Other fields stay local.
struct ConexteoDirectory: RemoteDirectory {
    let client: ConexteoClient
    let region: String

    /// The sender Conexteo's templates require when the script gives none.
    static let defaultTemplateSender = "MOONWIRE"

    // MARK: - Lists

    /// The id of list `name`, if Conexteo has one.
    func listID(_ name: String) async throws(ProviderError) -> Int? {
        try await client.contactLists(search: name).first { $0.name == name }?.id
    }

    /// Creates list `name`; false when Conexteo had it already.
    func createList(_ name: String) async throws(ProviderError) -> Bool {
        if try await listID(name) != nil { return false }
        _ = try await client.createContactList(name: name)
        return true
    }

    /// Deletes list `name`; false when Conexteo had none.
    func deleteList(_ name: String) async throws(ProviderError) -> Bool {
        guard let id = try await listID(name) else { return false }
        _ = try await client.deleteContactList(id: id)
        return true
    }

    /// Every list with its count.
    func lists() async throws(ProviderError) -> [(name: String, count: Int)] {
        try await client.contactLists().map { ($0.name, $0.contactsCount ?? 0) }.sorted { $0.name < $1.name }
    }

    /// The members of list `name`; nil when there is no such list.
    func members(_ name: String) async throws(ProviderError) -> [ContactRow]? {
        guard let id = try await listID(name) else { return nil }
        return try await client.allContacts(inList: id).map(contactRow).sorted { $0.phone < $1.phone }
    }

    // MARK: - Contacts

    /// Puts `contact` in list `name`, or updates it there; `unknown_list` when there is no such list.
    func addMember(_ name: String, contact: ContactRow) async throws(ProviderError) {
        guard let id = try await listID(name) else {
            throw ProviderError(
                code: "unknown_list", message: "there is no list '\(name)': create it first with lists.create(\"\(name)\")",
                provider: "conexteo", operation: "add contacts")
        }
        if var existing = try await remoteContact(contact.phone, inList: id) {
            existing = merged(existing, contact)
            _ = try await client.updateContact(existing)
        } else {
            try await client.addContacts([conexteoContact(contact)], toList: id)
        }
    }

    /// Takes `phone` out of list `name`; false when it was not there.
    func removeMember(_ name: String, phone: String) async throws(ProviderError) -> Bool {
        guard let id = try await listID(name), let contact = try await remoteContact(phone, inList: id),
            let contactID = contact.id
        else { return false }
        _ = try await client.deleteContact(id: contactID)
        return true
    }

    /// Updates `contact` in each of `lists` where Conexteo has it.
    func update(_ contact: ContactRow, in lists: [String]) async throws(ProviderError) {
        for name in lists {
            guard let id = try await listID(name), let existing = try await remoteContact(contact.phone, inList: id) else {
                continue
            }
            _ = try await client.updateContact(merged(existing, contact))
        }
    }

    /// Deletes `phone` from each of `lists`.
    func remove(_ phone: String, from lists: [String]) async throws(ProviderError) {
        for name in lists { _ = try await removeMember(name, phone: phone) }
    }

    func remoteContact(_ phone: String, inList id: Int) async throws(ProviderError) -> ConexteoContact? {
        try await client.allContacts(inList: id).first { number($0.phone) == phone }
    }

    func number(_ text: String) -> String { (try? PhoneNumber.parse(text, region: region).e164) ?? text }

    func conexteoContact(_ c: ContactRow) -> ConexteoContact {
        var perso: [String?] = Array(repeating: nil, count: ConexteoCustomFields.count)
        for n in 1...ConexteoCustomFields.count { perso[n - 1] = c.fields["perso\(n)"] }
        return ConexteoContact(
            phone: c.phone, lastName: c.lastName, firstName: c.firstName, email: c.email, address: c.fields["address"],
            postalCode: c.fields["postal_code"], city: c.fields["city"], date: c.fields["date"],
            perso: ConexteoCustomFields(perso))
    }

    func merged(_ existing: ConexteoContact, _ c: ContactRow) -> ConexteoContact {
        var updated = conexteoContact(c)
        updated.id = existing.id
        updated.contactListID = existing.contactListID
        return updated
    }

    func contactRow(_ c: ConexteoContact) -> ContactRow {
        var fields: [String: String] = [:]
        fields["address"] = c.address
        fields["postal_code"] = c.postalCode
        fields["city"] = c.city
        fields["date"] = c.date
        for n in 1...ConexteoCustomFields.count { fields["perso\(n)"] = c.perso[n] }
        return ContactRow(
            phone: number(c.phone), firstName: c.firstName, lastName: c.lastName, email: c.email, fields: fields,
            createdAt: Date(timeIntervalSince1970: 0))
    }

    // MARK: - Templates

    /// Creates or replaces template `row.name`.
    func save(_ row: TemplateRow) async throws(ProviderError) {
        let sender = row.sender ?? Self.defaultTemplateSender
        if let existing = try await client.templates().first(where: { $0.name == row.name }) {
            _ = try await client.updateTemplate(id: existing.id, content: row.body, sender: sender)
        } else {
            _ = try await client.createTemplate(name: row.name, content: row.body, sender: sender)
        }
    }

    /// Deletes template `name`; false when Conexteo had none.
    func deleteTemplate(_ name: String) async throws(ProviderError) -> Bool {
        guard let existing = try await client.templates().first(where: { $0.name == name }) else { return false }
        try await client.deleteTemplate(id: existing.id)
        return true
    }

    /// Every template.
    func templates() async throws(ProviderError) -> [TemplateRow] {
        try await client.templates().map {
            TemplateRow(name: $0.name, body: $0.content, sender: $0.sender, createdAt: Date(timeIntervalSince1970: 0))
        }.sorted { $0.name < $1.name }
    }
}
