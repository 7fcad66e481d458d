import Foundation
import Hummingbird
import SMSCore
import Storage
import SandboxStore

extension ConexteoAPI {
    /// A list id given as a number or a numeric string (`contactlist_id`, form fields).
    static func listID(_ value: JSONValue?, field: String) -> Result<Int64, ConexteoSend.Invalid> {
        let id: Int64? =
            switch value {
            case .int(let number)?: Int64(number)
            case .string(let text)?: Int64(text.trimmingCharacters(in: .whitespaces))
            default: nil
            }
        guard let id, id > 0 else {
            let got = value.map { String(decoding: $0.bytes, as: UTF8.self) } ?? "nothing"
            return .failure(ConexteoSend.Invalid(messages: ["\(field) must be a positive integer list id (got \(got))"]))
        }
        return .success(id)
    }

    /// `POST /contacts {contactlist_id, contacts: [...]}`: 201 `{success, message}` [V]; the whole
    /// request is refused (400) when any contact is invalid, 404 when the list does not exist.
    func addContacts(_ request: Request) async -> Response {
        var request = request
        let json = try? await request.jsonBody()
        guard case .object = json else {
            return ConexteoReply.badRequest(["the request body must be a JSON object with contactlist_id and contacts"])
        }
        var problems: [String] = []
        var listID: Int64?
        switch Self.listID(json?["contactlist_id"], field: "contactlist_id") {
        case .success(let id): listID = id
        case .failure(let error): problems += error.messages
        }
        var inputs: [ConexteoContactInput] = []
        if let entries = json?["contacts"]?.array, !entries.isEmpty {
            for (index, entry) in entries.enumerated() {
                do throws(ConexteoSend.Invalid) {
                    inputs.append(try ConexteoContactInput(json: entry, path: "contacts.\(index)", requireTel: true))
                } catch {
                    problems += error.messages
                }
            }
        } else {
            problems.append("contacts must contain at least 1 elements")
        }
        guard problems.isEmpty, let listID else { return ConexteoReply.badRequest(problems) }
        let now = clock.now()
        let contacts = inputs.map { SandboxConexteoContact(listID: listID, tel: $0.tel ?? "", fields: $0.setFields, createdAt: now) }
        do throws(StorageError) {
            guard let added = try await store.addSandboxContacts(contacts, toList: listID) else {
                return ConexteoReply.unknownID("Contact list \(listID) does not exist")
            }
            return .json(
                201,
                .object([
                    "success": .bool(true), "message": .string("\(added.count) contact(s) added to list \(listID)"),
                    "added": .int(added.count),
                ]))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// Header names a contacts file may use for each field: Conexteo's own, or the same without
    /// `champ_` (`nom`, `cp`, `perso3`) [I].
    static func contactColumn(_ header: String) -> String? {
        let name = header.lowercased().trimmingCharacters(in: .whitespaces)
        if name == "tel" { return "tel" }
        if SandboxConexteoContact.fieldNames.contains(name) { return name }
        if SandboxConexteoContact.fieldNames.contains("champ_" + name) { return "champ_" + name }
        return nil
    }

    /// `POST /contacts/file` (multipart: `file`, `contactlist_id`): a CSV whose header names the
    /// fields, `tel` required [I]. Answers `{success, message, added, duplicates, invalid}`; rows
    /// with a bad number are reported and the others imported. Contacts are not deduplicated (a
    /// list send counts repeats), so `duplicates` is always 0.
    func addContacts(fromFile request: Request) async -> Response {
        let form: MultipartFormData
        switch await Self.upload(request) {
        case .success(let read): form = read
        case .failure(let refusal): return refusal.response
        }
        let listID: Int64
        switch Self.listID(form.text(named: "contactlist_id").map(JSONValue.string), field: "contactlist_id") {
        case .success(let id): listID = id
        case .failure(let error): return ConexteoReply.badRequest(error.messages)
        }
        guard let file = form.part(named: "file") else {
            return ConexteoReply.badRequest(["file should not be empty: send the CSV as a multipart part named file"])
        }
        let filename = file.filename ?? "file"
        let rows = ConexteoCSV(file.content).rows
        guard let header = rows.first else { return ConexteoReply.badRequest(["file \(filename) is empty"]) }
        let columns = header.fields.map(Self.contactColumn)
        guard let telColumn = columns.firstIndex(of: "tel") else {
            return ConexteoReply.badRequest([
                "file \(filename) has no tel column: its first line must name the fields, e.g. "
                    + "tel;champ_nom;champ_prenom (got \(header.fields.joined(separator: ";")))"
            ])
        }
        let now = clock.now()
        var contacts: [SandboxConexteoContact] = []
        var invalid: [JSONValue] = []
        for row in rows.dropFirst() {
            let value = telColumn < row.fields.count ? row.fields[telColumn] : ""
            let tel: String
            do throws(SMSCoreError) { tel = try PhoneNumber.parse(value, region: "FR").e164 } catch {
                invalid.append(.object(["line": .int(row.line), "value": .string(value), "reason": .string(error.message)]))
                continue
            }
            var fields: [String: String] = [:]
            for (index, column) in columns.enumerated() {
                guard let column, column != "tel", index < row.fields.count, !row.fields[index].isEmpty else { continue }
                fields[column] = row.fields[index]
            }
            contacts.append(SandboxConexteoContact(listID: listID, tel: tel, fields: fields, createdAt: now))
        }
        guard !contacts.isEmpty || !invalid.isEmpty else {
            return ConexteoReply.badRequest(["file \(filename) holds a header but no contact"])
        }
        do throws(StorageError) {
            guard let added = try await store.addSandboxContacts(contacts, toList: listID) else {
                return ConexteoReply.unknownID("Contact list \(listID) does not exist")
            }
            return .json(
                201,
                .object([
                    "success": .bool(true),
                    "message": .string("\(added.count) contact(s) added to list \(listID), \(invalid.count) invalid"),
                    "added": .int(added.count), "duplicates": .int(0), "invalid": .array(invalid),
                ]))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// `GET /contacts/:id` [I].
    func readContact(_ rawID: String?) async -> Response {
        let id: Int64
        switch Self.pathID(rawID, "contact") {
        case .success(let value): id = value
        case .failure(let error): return ConexteoReply.badRequest(error.messages)
        }
        do throws(StorageError) {
            guard let contact = try await store.sandboxContact(id: id) else {
                return ConexteoReply.unknownID("Contact \(id) does not exist")
            }
            return .json(200, ConexteoDirectoryJSON.contact(contact))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// `PUT /contacts/:id`: fields given are set (null clears one), others kept; the contact [G].
    func updateContact(_ rawID: String?, _ request: Request) async -> Response {
        var request = request
        let id: Int64
        switch Self.pathID(rawID, "contact") {
        case .success(let value): id = value
        case .failure(let error): return ConexteoReply.badRequest(error.messages)
        }
        let input: ConexteoContactInput
        do throws(ConexteoSend.Invalid) {
            input = try ConexteoContactInput(json: (try? await request.jsonBody()) ?? .null, path: "contact", requireTel: false)
        } catch {
            return ConexteoReply.badRequest(error.messages)
        }
        do throws(StorageError) {
            guard let contact = try await store.sandboxContact(id: id) else {
                return ConexteoReply.unknownID("Contact \(id) does not exist")
            }
            let updated = input.applied(to: contact)
            guard try await store.updateSandboxContact(updated) else {
                return ConexteoReply.unknownID("Contact \(id) does not exist")
            }
            return .json(200, ConexteoDirectoryJSON.contact(updated))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// `DELETE /contacts/:id`: `{success, message}` [V].
    func deleteContact(_ rawID: String?) async -> Response {
        let id: Int64
        switch Self.pathID(rawID, "contact") {
        case .success(let value): id = value
        case .failure(let error): return ConexteoReply.badRequest(error.messages)
        }
        do throws(StorageError) {
            guard try await store.deleteSandboxContact(id: id) else {
                return ConexteoReply.unknownID("Contact \(id) does not exist")
            }
            return .json(200, ConexteoDirectoryJSON.acknowledgement("Contact \(id) deleted"))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }
}
