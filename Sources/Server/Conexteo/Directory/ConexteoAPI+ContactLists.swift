import Foundation
import Hummingbird
import SMSCore
import Storage
import SandboxStore

extension ConexteoAPI {
    /// The longest list name the sandbox takes [I].
    static let maxListNameLength = 255

    /// A list `name` from a JSON body, or the messages of a 400.
    static func listName(_ json: JSONValue?) -> Result<String, ConexteoSend.Invalid> {
        guard let name = json?["name"]?.string?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty else {
            return .failure(ConexteoSend.Invalid(messages: ["name should not be empty"]))
        }
        guard name.count <= maxListNameLength else {
            return .failure(
                ConexteoSend.Invalid(messages: ["name must be at most \(maxListNameLength) characters (got \(name.count))"]))
        }
        return .success(name)
    }

    /// `POST /contactlists {name}`: 201 `{id, name, contacts_count, rcsCapabilityStatus}` [V].
    func createContactList(_ request: Request) async -> Response {
        var request = request
        let name: String
        switch Self.listName(try? await request.jsonBody()) {
        case .success(let value): name = value
        case .failure(let error): return ConexteoReply.badRequest(error.messages)
        }
        do throws(StorageError) {
            let list = try await store.createSandboxContactList(name: name, at: clock.now())
            return .json(201, ConexteoDirectoryJSON.contactList(list))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// `GET /contactlists?search=`: an array of lists [V].
    func listContactLists(_ request: Request) async -> Response {
        do throws(StorageError) {
            let lists = try await store.sandboxContactLists(search: request.uri.queryParameters.get("search"))
            return .json(200, .array(lists.map(ConexteoDirectoryJSON.contactList)))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// `GET /contactlists/:id` [G].
    func readContactList(_ rawID: String?) async -> Response {
        await withList(rawID) { list in .json(200, ConexteoDirectoryJSON.contactList(list)) }
    }

    /// `PUT /contactlists/:id {name}`: the renamed list [G].
    func renameContactList(_ rawID: String?, _ request: Request) async -> Response {
        var request = request
        let id: Int64
        switch Self.pathID(rawID, "contact list") {
        case .success(let value): id = value
        case .failure(let error): return ConexteoReply.badRequest(error.messages)
        }
        let name: String
        switch Self.listName(try? await request.jsonBody()) {
        case .success(let value): name = value
        case .failure(let error): return ConexteoReply.badRequest(error.messages)
        }
        do throws(StorageError) {
            guard let list = try await store.renameSandboxContactList(id: id, to: name) else {
                return ConexteoReply.unknownID("Contact list \(id) does not exist")
            }
            return .json(200, ConexteoDirectoryJSON.contactList(list))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// `DELETE /contactlists/:id`: the list and its contacts; `{success, message}` [G].
    func deleteContactList(_ rawID: String?) async -> Response {
        let id: Int64
        switch Self.pathID(rawID, "contact list") {
        case .success(let value): id = value
        case .failure(let error): return ConexteoReply.badRequest(error.messages)
        }
        do throws(StorageError) {
            guard try await store.deleteSandboxContactList(id: id) else {
                return ConexteoReply.unknownID("Contact list \(id) does not exist")
            }
            return .json(200, ConexteoDirectoryJSON.acknowledgement("Contact list \(id) deleted"))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// `GET /contactlists/:id/contacts?page&limit` [G rows, I page].
    func listContacts(_ rawID: String?, _ request: Request) async -> Response {
        let pagination: ConexteoPagination
        do throws(ConexteoSend.Invalid) { pagination = try ConexteoPagination(request) } catch {
            return ConexteoReply.badRequest(error.messages)
        }
        return await withList(rawID) { list async throws(StorageError) in
            let id = list.id ?? 0
            let rows = try await store.sandboxContacts(listID: id, offset: pagination.offset, limit: pagination.limit)
            return .json(200, pagination.body(rows.map(ConexteoDirectoryJSON.contact), total: list.contactsCount))
        }
    }

    /// `GET /contactlists/:id/contacts-extract`: every contact in one array [V].
    func extractContacts(_ rawID: String?) async -> Response {
        await withList(rawID) { list async throws(StorageError) in
            let rows = try await store.sandboxContacts(listID: list.id ?? 0)
            return .json(200, .array(rows.map(ConexteoDirectoryJSON.contact)))
        }
    }

    /// Runs `body` with the list the path names, or answers 400/404/500.
    private func withList(
        _ rawID: String?, _ body: (SandboxConexteoContactList) async throws(StorageError) -> Response
    ) async -> Response {
        let id: Int64
        switch Self.pathID(rawID, "contact list") {
        case .success(let value): id = value
        case .failure(let error): return ConexteoReply.badRequest(error.messages)
        }
        do throws(StorageError) {
            guard let list = try await store.sandboxContactList(id: id) else {
                return ConexteoReply.unknownID("Contact list \(id) does not exist")
            }
            return try await body(list)
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }
}
