import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Server
import SandboxStore
import Storage
import StoreSQLite
import Testing

extension SandboxHarness {
    /// A Conexteo call with a raw body and content type (uploads), with the default key.
    func conexteoUpload(_ path: String, contentType: String?, body: [UInt8]) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/conexteo\(path)")
        request.method = .POST
        request.headers.add(name: "X-API-KEY", value: "sandbox")
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .seconds(60))
        let text = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return Reply(status: Int(response.status.code), headers: response.headers, text: String(buffer: text))
    }

    /// A multipart/form-data body with a `file` part and extra fields, CRLF-delimited.
    static func form(file: String, filename: String = "f.csv", fields: [(String, String)] = [], boundary: String = "XyZ")
        -> (contentType: String, body: [UInt8])
    {
        var text = ""
        for (name, value) in fields {
            text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n"
        text += "Content-Type: text/csv\r\n\r\n\(file)\r\n--\(boundary)--\r\n"
        return ("multipart/form-data; boundary=\(boundary)", Array(text.utf8))
    }

    /// The `message` array of a NestJS-style error, joined.
    func messages(_ reply: Reply) -> String {
        if let many = reply.object["message"] as? [String] { return many.joined(separator: "; ") }
        return reply.object["message"] as? String ?? ""
    }
}

@Suite("Conexteo directory over HTTP")
struct ConexteoDirectoryRouteTests {
    @Test("a stop file of 5,000 lines is imported whole and paged back")
    func fiveThousandStops() async throws {
        try await SandboxHarness.run { h async throws in
            let numbers = (0..<5_000).map { String(format: "06%08d", 10_000_000 + $0) }
            let form = SandboxHarness.form(file: "numero\r\n" + numbers.joined(separator: "\r\n"))
            let reply = try await h.conexteoUpload("/stops/file", contentType: form.contentType, body: form.body)
            #expect(reply.status == 201, "\(reply.text.prefix(300))")
            #expect(reply.object["added"] as? Int == 5_000)
            #expect((reply.object["invalid"] as? [Any])?.isEmpty == true)
            let page = try await h.conexteo(.GET, "/stops/all?page=5&limit=1000")
            let meta = (page.object["meta"] as? [String: Any]) ?? [:]
            #expect(meta["totalItems"] as? Int == 5_000)
            #expect(meta["totalPages"] as? Int == 5)
            #expect((page.object["items"] as? [[String: Any]])?.last?["recipient"] as? String == "+33610004999")
        }
    }

    @Test(
        "a malformed upload is refused, never crashes",
        arguments: [
            // No closing boundary.
            "--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n0612345678",
            "no boundary anywhere",
            // A part without a name.
            "--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--\r\n",
            // No part named file.
            "--XyZ\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--XyZ--\r\n",
            // An empty file.
            "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"e.csv\"\r\n\r\n\r\n--XyZ--\r\n",
            "",
        ])
    func malformedUploads(body: String) async throws {
        try await SandboxHarness.run { h async throws in
            let reply = try await h.conexteoUpload(
                "/stops/file", contentType: "multipart/form-data; boundary=XyZ", body: Array(body.utf8))
            #expect(reply.status == 400, "\(reply.text)")
            #expect(!h.messages(reply).isEmpty)
            #expect(try await h.store.sandbox().sandboxStopCount() == 0)
        }
    }

    @Test("an upload that is not multipart is 415", arguments: [nil, "application/json", "multipart/form-data"])
    func notMultipart(contentType: String?) async throws {
        try await SandboxHarness.run { h async throws in
            let reply = try await h.conexteoUpload("/stops/file", contentType: contentType, body: Array("0612345678".utf8))
            #expect(reply.status == 415)
        }
    }

    @Test("a Latin-1 contacts file with LF line ends and a comma separator is read")
    func latin1Contacts() async throws {
        try await SandboxHarness.run { h async throws in
            let list = try await h.conexteo(.POST, "/contactlists", #"{"name":"L"}"#)
            let id = try #require(list.object["id"] as? Int)
            let boundary = "b0undary"
            var body = Array("--\(boundary)\nContent-Disposition: form-data; name=\"contactlist_id\"\n\n\(id)\n".utf8)
            body += Array("--\(boundary)\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\n\n".utf8)
            body += Array("TEL,Nom,Ville\n0612345678,Hélène,Orléans".unicodeScalars.map { UInt8($0.value) })
            body += Array("\n--\(boundary)--\n".utf8)
            let reply = try await h.conexteoUpload(
                "/contacts/file", contentType: "multipart/form-data; boundary=\"\(boundary)\"", body: body)
            #expect(reply.status == 201, "\(reply.text)")
            let contacts = try await h.store.sandbox().sandboxContacts(listID: Int64(id))
            #expect(contacts.first?.fields["champ_nom"] == "Hélène")
            #expect(contacts.first?.fields["champ_ville"] == "Orléans")
        }
    }

    @Test("a contacts file without a tel column is refused by name")
    func contactsFileWithoutTel() async throws {
        try await SandboxHarness.run { h async throws in
            let list = try await h.conexteo(.POST, "/contactlists", #"{"name":"L"}"#)
            let id = try #require(list.object["id"] as? Int)
            let form = SandboxHarness.form(file: "nom;prenom\nMartin;Paul", fields: [("contactlist_id", "\(id)")])
            let reply = try await h.conexteoUpload("/contacts/file", contentType: form.contentType, body: form.body)
            #expect(reply.status == 400)
            #expect(h.messages(reply).contains("tel"))
            let unknown = SandboxHarness.form(file: "tel\n0612345678", fields: [("contactlist_id", "999")])
            #expect(try await h.conexteoUpload("/contacts/file", contentType: unknown.contentType, body: unknown.body).status == 404)
        }
    }

    @Test("unknown ids are 404, ids that are not numbers 400")
    func unknownIDs() async throws {
        try await SandboxHarness.run { h async throws in
            for (method, path) in [
                (HTTPMethod.DELETE, "/stops/999"), (.GET, "/contactlists/999"), (.DELETE, "/contactlists/999"),
                (.GET, "/contactlists/999/contacts"), (.GET, "/contactlists/999/contacts-extract"), (.GET, "/contacts/999"),
                (.DELETE, "/contacts/999"),
            ] {
                let reply = try await h.conexteo(method, path)
                #expect(reply.status == 404, "\(method) \(path): \(reply.text)")
                #expect(reply.object["statusCode"] as? Int == 404)
            }
            #expect(try await h.conexteo(.PUT, "/contactlists/999", #"{"name":"x"}"#).status == 404)
            #expect(try await h.conexteo(.PUT, "/contacts/999", #"{"champ_nom":"x"}"#).status == 404)
            let bad = try await h.conexteo(.GET, "/contacts/abc")
            #expect(bad.status == 400)
            #expect(h.messages(bad).contains("abc"))
        }
    }

    @Test("directory routes need the API key")
    func directoryNeedsTheKey() async throws {
        try await SandboxHarness.run { h async throws in
            #expect(try await h.conexteo(.GET, "/stops/all", headers: []).status == 401)
            #expect(try await h.conexteo(.POST, "/contactlists", #"{"name":"x"}"#, headers: [("X-API-KEY", "no")]).status == 401)
            #expect(try await h.store.sandbox().sandboxContactLists().isEmpty)
        }
    }

    @Test("bad input names the field and the value")
    func badInput() async throws {
        try await SandboxHarness.run { h async throws in
            let stop = try await h.conexteo(.POST, "/stops", #"{"recipient":"+99 12"}"#)
            #expect(stop.status == 400)
            #expect(h.messages(stop).contains("+99 12"))
            #expect(try await h.conexteo(.POST, "/stops", #"{}"#).status == 400)
            #expect(try await h.conexteo(.POST, "/contactlists", #"{"name":"  "}"#).status == 400)
            let contacts = try await h.conexteo(.POST, "/contacts", #"{"contactlist_id":"x","contacts":[{"tel":"abc","champ_nom":[1]}]}"#)
            #expect(contacts.status == 400)
            let said = h.messages(contacts)
            #expect(said.contains("contactlist_id"))
            #expect(said.contains("contacts.0.tel"))
            #expect(said.contains("\"abc\""))
            #expect(said.contains("contacts.0.champ_nom"))
            let send = try await h.conexteo(.POST, "/messages/sms/contactlist", #"{"content":"","contactlist":[]}"#)
            #expect(send.status == 400)
            #expect(h.messages(send).contains("content"))
            #expect(h.messages(send).contains("contactlist"))
        }
    }

    @Test("the legacy list send takes the same fields; a list of stopped numbers only is refused")
    func legacyListSend() async throws {
        try await SandboxHarness.run { h async throws in
            let list = try await h.conexteo(.POST, "/contactlists", #"{"name":"L"}"#)
            let id = try #require(list.object["id"] as? Int)
            let added = try await h.conexteo(
                .POST, "/contacts", #"{"contactlist_id":\#(id),"contacts":[{"tel":"0612345678"},{"tel":"+33612345678"}]}"#)
            #expect(added.status == 201)
            let dry = try await h.conexteo(.POST, "/messages/contactlist?resumeBefore=true", #"{"content":"x","contactlist":["\#(id)"]}"#)
            #expect(dry.status == 200)
            #expect(dry.object["recipients_count"] as? Int == 1)
            #expect(dry.object["doublons"] as? Int == 1)
            #expect(try await h.stored().isEmpty)
            let sent = try await h.conexteo(.POST, "/messages/contactlist", #"{"content":"x","sender":"ACME","contactlist":[\#(id)]}"#)
            #expect(sent.status == 201)
            #expect(try await h.stored().map(\.to) == ["+33612345678"])

            #expect(try await h.conexteo(.POST, "/stops", #"{"recipient":"0612345678"}"#).status == 201)
            #expect(try await h.conexteo(.POST, "/stops", #"{"recipient":"+33612345678"}"#).status == 200)
            let none = try await h.conexteo(.POST, "/messages/sms/contactlist", #"{"content":"x","contactlist":[\#(id)]}"#)
            #expect(none.status == 400)
            #expect(h.messages(none).contains("stopped"))
            #expect(try await h.stored().count == 1)
        }
    }

    @Test("a deleted list takes its contacts with it")
    func deletingAListDeletesItsContacts() async throws {
        try await SandboxHarness.run { h async throws in
            let list = try await h.conexteo(.POST, "/contactlists", #"{"name":"L"}"#)
            let id = try #require(list.object["id"] as? Int)
            _ = try await h.conexteo(.POST, "/contacts", #"{"contactlist_id":\#(id),"contacts":[{"tel":"0612345678"}]}"#)
            let contact = try #require(try await h.store.sandbox().sandboxContacts(listID: Int64(id)).first?.id)
            let deleted = try await h.conexteo(.DELETE, "/contactlists/\(id)")
            #expect(deleted.status == 200)
            #expect(deleted.object["success"] as? Bool == true)
            #expect(try await h.conexteo(.GET, "/contacts/\(contact)").status == 404)
        }
    }
}
