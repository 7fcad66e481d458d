import Engine
import Foundation
import LuaKit
import Testing

@Suite("contacts, lists and templates bindings")
struct DirectoryBindingTests {
    @Test("a contact with fields and lists round-trips; update merges fields; remove deletes")
    func contacts() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        try await t.run("""
            assert(lists.create("vip"))
            print(lists.create("vip"))
            local c = assert(contacts.add{phone = "06 12 34 56 78", first_name = "Ana", fields = {city = "Lyon", age = 31}, lists = {"vip"}})
            print(c.phone, c.first_name, c.fields.city, c.fields.age, c.lists[1])
            c = assert(contacts.update("+33612345678", {last_name = "Martin", fields = {plan = "gold"}}))
            print(c.first_name, c.last_name, c.fields.city, c.fields.plan)
            print(#lists.members("vip"), lists.members("vip")[1].phone)
            local _, err = contacts.add{phone = "+33612345679", lists = {"nope"}}
            print(err.code)
            print(select(2, lists.members("nope")).code)
            print(contacts.remove("+33612345678"), contacts.get("+33612345678"), #lists.members("vip"))
            print(select(2, contacts.get("06 12")).code)
            """)
        #expect(t.output.text == """
            false
            +33612345678\tAna\tLyon\t31\tvip
            Ana\tMartin\tLyon\tgold
            1\t+33612345678
            unknown_list
            unknown_list
            true\tnil\t0
            too_short

            """)
    }

    @Test("templates render a contact's fields; an unknown field is an error, not an empty string")
    func templates() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        try await t.run("""
            assert(templates.create{name = "welcome", body = "Bonjour {{first_name}}, bienvenue à {{city}} !"})
            assert(contacts.add{phone = "+33612345678", first_name = "Ana", fields = {city = "Lyon"}})
            print(templates.render("welcome", "+33612345678"))
            print(templates.render("welcome", {first_name = "Léa", fields = {city = "Nantes"}}))
            local text, err = templates.render("welcome", {first_name = "Léa"})
            print(text, err.code, err.message)
            print(select(2, templates.render("nope", {})).code)
            print(select(2, templates.create{name = "bad", body = "Bonjour {{first_name"}).code)
            print(#templates.list(), templates.get("welcome").name, templates.delete("welcome"), templates.get("welcome"))
            """)
        #expect(t.output.text == """
            Bonjour Ana, bienvenue à Lyon !
            Bonjour Léa, bienvenue à Nantes !
            nil\tunknown_template_field\ttemplate 'welcome': the template uses {{city}} but the contact has no 'city' field (it has: first_name)
            unknown_template
            invalid_template
            1\twelcome\ttrue\tnil

            """)
    }

    @Test("credits() on the sandbox: one unlimited bucket")
    func credits() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        try await t.run("local c = assert(credits()); print(#c, c[1].label, c[1].credits == math.huge)")
        #expect(t.output.text == "1\tsandbox\ttrue\n")
    }
}
