import Foundation
import NIOHTTP1
import Server
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("Conexteo accounts over HTTP")
struct ConexteoAccountRouteTests {
    static let login = #"{"email":"sandbox@moonwire.test","password":"sandbox"}"#

    /// A fresh token from the default login.
    static func token(_ h: SandboxHarness) async throws -> String {
        let reply = try await h.request(.POST, "/conexteo/auth/login", json: login)
        try #require(reply.status == 200, "login failed: \(reply.text)")
        return try #require(reply.object["access_token"] as? String)
    }

    @Test("login answers a bearer JWT that expires in an hour")
    func login() async throws {
        try await SandboxHarness.run { h async throws in
            let reply = try await h.request(.POST, "/conexteo/auth/login", json: Self.login)
            #expect(reply.status == 200)
            #expect(reply.object["token_type"] as? String == "Bearer")
            #expect(reply.object["expires_in"] as? Int == 3600)
            #expect((reply.object["access_token"] as? String)?.split(separator: ".").count == 3)
            let wrong = try await h.request(.POST, "/conexteo/auth/login", json: #"{"email":"sandbox@moonwire.test","password":"nope"}"#)
            #expect(wrong.status == 401)
            #expect(!wrong.text.contains("nope"))
            #expect(try await h.request(.POST, "/conexteo/auth/login", json: #"{"email":""}"#).status == 400)
        }
    }

    @Test(
        "sub-account routes refuse a missing, malformed or unsigned token",
        arguments: [
            [], [("Authorization", "Bearer")], [("Authorization", "Bearer not-a-jwt")], [("X-API-KEY", "sandbox")],
            // alg "none", no signature: refused outright.
            [("Authorization", "Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4IiwiaWF0IjoxLCJleHAiOjk5OTk5OTk5OTk5fQ.")],
        ])
    func refused(headers: [(String, String)]) async throws {
        try await SandboxHarness.run { h async throws in
            for (method, path) in [
                (HTTPMethod.GET, "/conexteo/subaccounts/all"), (.GET, "/conexteo/subaccounts"), (.GET, "/conexteo/subaccounts/1"),
                (.GET, "/conexteo/subaccounts/1/credits/history"),
            ] {
                let reply = try await h.request(method, path, headers: headers)
                #expect(reply.status == 401, "\(path): \(reply.text)")
                #expect(reply.object["statusCode"] as? Int == 401)
            }
            let create = try await h.request(.POST, "/conexteo/subaccounts", headers: headers, json: #"{"name":"a","email":"a@b.fr"}"#)
            #expect(create.status == 401)
            #expect(try await h.store.sandbox().sandboxSubAccountCount() == 0)
        }
    }

    @Test("a token from another server is refused: each server signs with its own key")
    func anotherServersToken() async throws {
        var foreign = ""
        try await SandboxHarness.run { h async throws in foreign = try await Self.token(h) }
        try await SandboxHarness.run { h async throws in
            let reply = try await h.request(.GET, "/conexteo/subaccounts/all", headers: [("Authorization", "Bearer \(foreign)")])
            #expect(reply.status == 401)
            #expect(!reply.text.contains(foreign))
        }
    }

    @Test("sub-account input is checked, unknown ids are 404, a taken email 409")
    func subAccountInput() async throws {
        try await SandboxHarness.run { h async throws in
            let auth = [("Authorization", "Bearer \(try await Self.token(h))")]
            let all = try await h.request(.GET, "/conexteo/subaccounts/all", headers: auth)
            #expect(all.status == 200)
            #expect(all.text == "[]")  // "all" is a route of its own, not an id
            let bad = try await h.request(.POST, "/conexteo/subaccounts", headers: auth, json: #"{"name":"","email":"nope"}"#)
            #expect(bad.status == 400)
            #expect(bad.text.contains("nope"))
            let created = try await h.request(.POST, "/conexteo/subaccounts", headers: auth, json: #"{"name":"A","email":"a@b.fr"}"#)
            #expect(created.status == 201)
            let id = try #require(created.object["id"] as? Int)
            #expect((created.object["api_key"] as? String)?.hasPrefix("cx_sub_") == true)
            let taken = try await h.request(.POST, "/conexteo/subaccounts", headers: auth, json: #"{"name":"B","email":"A@B.FR"}"#)
            #expect(taken.status == 409)
            #expect(try await h.request(.GET, "/conexteo/subaccounts/999", headers: auth).status == 404)
            #expect(try await h.request(.POST, "/conexteo/subaccounts/999/credits", headers: auth, json: #"{"credits":1}"#).status == 404)
            let zero = try await h.request(.POST, "/conexteo/subaccounts/\(id)/credits", headers: auth, json: #"{"credits":0}"#)
            #expect(zero.status == 400)
            #expect(zero.text.contains("credits"))
            let mode = try await h.request(.PUT, "/conexteo/subaccounts/\(id)/credit-mode", headers: auth, json: #"{"mode":"both"}"#)
            #expect(mode.status == 400)
            #expect(mode.text.contains("both"))
            let remove = try await h.request(.POST, "/conexteo/subaccounts/\(id)/credits/remove", headers: auth, json: #"{"credits":1}"#)
            #expect(remove.status == 400)
            #expect(try await h.store.sandbox().sandboxSubAccount(id: Int64(id))?.credits == 0)
        }
    }
}
