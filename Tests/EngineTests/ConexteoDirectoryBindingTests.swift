import Engine
import Foundation
import LuaKit
import Server
import SandboxStore
import Storage
import StorageBackends
import StoreSQLite
import Testing

@Suite("contacts, lists and templates on Conexteo: the same script, Conexteo's own directory")
struct ConexteoDirectoryBindingTests {
    static let script = """
        assert(lists.create("vip"))
        print(lists.create("vip"))
        local c = assert(contacts.add{phone = "06 12 34 56 78", first_name = "Ana", fields = {city = "Lyon"}, lists = {"vip"}})
        print(c.phone, c.first_name, c.fields.city, c.lists[1])
        c = assert(contacts.update("+33612345678", {last_name = "Martin"}))
        print(c.first_name, c.last_name, c.fields.city)
        local m = lists.members("vip")
        print(#m, m[1].phone, m[1].first_name, m[1].last_name, m[1].fields.city)
        assert(lists.add("vip", "+33612345679"))
        print(#lists.members("vip"), lists.all()[1].name, lists.all()[1].count)
        print(select(2, contacts.add{phone = "+33612345670", lists = {"nope"}}).code)
        print(select(2, lists.members("nope")).code)
        assert(templates.create{name = "welcome", body = "Bonjour {{first_name}} de {{city}} !", from = "ACME"})
        assert(templates.create{name = "welcome", body = "Salut {{first_name}} de {{city}} !", from = "ACME"})
        print(#templates.list(), templates.list()[1].body)
        print(templates.render("welcome", "+33612345678"))
        print(lists.remove("vip", "+33612345679"), #lists.members("vip"))
        print(contacts.remove("+33612345678"), #lists.members("vip"))
        print(templates.delete("welcome"), #templates.list())
        print(lists.delete("vip"), #lists.all())
        """

    static let expected = """
        false
        +33612345678\tAna\tLyon\tvip
        Ana\tMartin\tLyon
        1\t+33612345678\tAna\tMartin\tLyon
        2\tvip\t2
        unknown_list
        unknown_list
        1\tSalut {{first_name}} de {{city}} !
        Salut Ana de Lyon !
        true\t1
        true\t0
        true\t0
        true\t0

        """

    @Test("the sandbox's local directory and Conexteo's (over HTTP) give the same answers", arguments: ["sandbox", "conexteo"])
    func sameScript(provider: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-dir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let remote = try StorageBackends.sandbox(location: directory.appendingPathComponent("provider.db").path)
        let server = try await SandboxServer(store: remote, configuration: .init(port: 0)).start()
        let output = PrintedOutput()
        let host = try ScriptHost(
            configuration: EngineConfiguration(
                databasePath: directory.appendingPathComponent("host.db").path, provider: provider,
                output: { output.text += $0 },
                environment: ["CONEXTEO_API_KEY": "sandbox", "CONEXTEO_BASE_URL": server.conexteoBaseURL]))
        let url = directory.appendingPathComponent("directory.lua")
        try Self.script.write(to: url, atomically: true, encoding: .utf8)
        // Checked half-way through on Conexteo's side: the writes reached it.
        let halfway = directory.appendingPathComponent("halfway.lua")
        try """
            assert(lists.create("crm"))
            assert(contacts.add{phone = "+33611111111", first_name = "Zoé", fields = {perso1 = "gold"}, lists = {"crm"}})
            assert(templates.create{name = "promo", body = "Promo {{first_name}}"})
            """.write(to: halfway, atomically: true, encoding: .utf8)
        do {
            _ = try await host.runFile(url.path)
            _ = try await host.runFile(halfway.path)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
        #expect(output.text == Self.expected)
        let lists = try await remote.sandboxContactLists()
        if provider == "conexteo" {
            #expect(lists.map(\.name) == ["crm"])
            let contacts = try await remote.sandboxContacts(listID: try #require(lists.first?.id))
            #expect(contacts.map(\.tel) == ["+33611111111"])
            #expect(contacts.first?.fields["champ_prenom"] == "Zoé" && contacts.first?.fields["champ_perso1"] == "gold")
            #expect(try await remote.sandboxConexteoTemplates(kind: .sms).map(\.name) == ["promo"])
        } else {
            #expect(lists.isEmpty)
        }
    }
}
