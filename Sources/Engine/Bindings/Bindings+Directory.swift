import Foundation
import LuaKit
import Providers
import SMSCore
import Storage

extension Bindings {
    /// The provider's own directory when it keeps one (Conexteo: writes go there first), nil for
    /// the sandbox and Conerix, which have none.
    var remoteDirectory: (any RemoteDirectory)? {
        (services.provider as? any RemoteDirectoryProvider)?.remoteDirectory(region: region)
    }

    /// `contacts.add/get/update/remove` (DESIGN.md §3): the local directory, mirrored to Conexteo's.
    func contactFunctions() -> [String: LuaFunction] {
        let store = services.store
        let clock = services.clock
        let region = region
        let remote = remoteDirectory
        return [
            // contacts.add{phone=, first_name=, last_name=, email=, fields={}, lists={}} -> contact | nil, err
            "add": LuaFunction { call in
                let spec = try call.table(1)
                try Bindings.checkFields(spec, call: call, allowed: ["phone", "first_name", "last_name", "email", "fields", "lists"])
                guard let phoneText = try Bindings.text(spec, "phone", call: call, example: "\"+33612345678\"") else {
                    throw call.argumentError(1, "field 'phone' is missing: contacts.add{phone = \"+33612345678\", first_name = \"Ana\"}")
                }
                let phone = try Bindings.e164(phoneText, region: region)
                let lists = try Bindings.stringList(spec["lists"], field: "lists", call: call)
                let contact = ContactRow(
                    phone: phone, firstName: try Bindings.text(spec, "first_name", call: call, example: "\"Ana\""),
                    lastName: try Bindings.text(spec, "last_name", call: call, example: "\"Martin\""),
                    email: try Bindings.text(spec, "email", call: call, example: "\"ana@example.com\""),
                    fields: try Bindings.stringFields(spec["fields"], call: call), createdAt: clock.now())
                return try call.suspend {
                    if let remote {
                        for list in lists {
                            try await Bindings.providing { () async throws(ProviderError) in
                                try await remote.addMember(list, contact: contact)
                            }
                            try await Bindings.storing { () async throws(StorageError) in
                                _ = try await store.createList(list, now: clock.now())
                            }
                        }
                    }
                    let saved = try await Bindings.storing { () async throws(StorageError) in
                        try await store.saveContact(contact, lists: lists)
                    }
                    let memberOf = try await Bindings.storing { () async throws(StorageError) in try await store.lists(of: phone) }
                    return [Bindings.contactValue(saved, lists: memberOf)]
                }
            },
            // contacts.get(phone) -> contact | nil
            "get": LuaFunction { call in
                let text = try call.string(1)
                let phone = try Bindings.e164(text, region: region)
                return try call.suspend {
                    guard let contact = try await Bindings.storing({ () async throws(StorageError) in try await store.contact(phone) }) else {
                        return [.nil]
                    }
                    let lists = try await Bindings.storing { () async throws(StorageError) in try await store.lists(of: phone) }
                    return [Bindings.contactValue(contact, lists: lists)]
                }
            },
            // contacts.update(phone, {first_name=, last_name=, email=, fields={}}) -> contact | nil, err (fields merge)
            "update": LuaFunction { call in
                let text = try call.string(1)
                let changes = try call.table(2)
                try Bindings.checkFields(changes, call: call, allowed: ["first_name", "last_name", "email", "fields"])
                let phone = try Bindings.e164(text, region: region)
                let firstName = try Bindings.text(changes, "first_name", call: call, example: "\"Ana\"")
                let lastName = try Bindings.text(changes, "last_name", call: call, example: "\"Martin\"")
                let email = try Bindings.text(changes, "email", call: call, example: "\"ana@example.com\"")
                let fields = try Bindings.stringFields(changes["fields"], call: call)
                return try call.suspend {
                    guard var contact = try await Bindings.storing({ () async throws(StorageError) in try await store.contact(phone) }) else {
                        throw LuaFailure(code: "not_found", message: "no contact \(phone): add it with contacts.add first")
                    }
                    contact.firstName = firstName ?? contact.firstName
                    contact.lastName = lastName ?? contact.lastName
                    contact.email = email ?? contact.email
                    contact.fields.merge(fields) { $1 }
                    contact.updatedAt = clock.now()
                    let updated = contact
                    if let remote {
                        let lists = try await Bindings.storing { () async throws(StorageError) in try await store.lists(of: phone) }
                        try await Bindings.providing { () async throws(ProviderError) in try await remote.update(updated, in: lists) }
                    }
                    let saved = try await Bindings.storing { () async throws(StorageError) in try await store.saveContact(updated, lists: []) }
                    let lists = try await Bindings.storing { () async throws(StorageError) in try await store.lists(of: phone) }
                    return [Bindings.contactValue(saved, lists: lists)]
                }
            },
            // contacts.remove(phone) -> true | false (there was none)
            "remove": LuaFunction { call in
                let text = try call.string(1)
                let phone = try Bindings.e164(text, region: region)
                return try call.suspend {
                    if let remote {
                        let lists = try await Bindings.storing { () async throws(StorageError) in try await store.lists(of: phone) }
                        try await Bindings.providing { () async throws(ProviderError) in try await remote.remove(phone, from: lists) }
                    }
                    return [.boolean(try await Bindings.storing { () async throws(StorageError) in try await store.removeContact(phone) })]
                }
            },
        ]
    }

    /// `lists.create/delete/add/remove/members/all`; on Conexteo, its contact lists.
    func listFunctions() -> [String: LuaFunction] {
        let store = services.store
        let clock = services.clock
        let region = region
        let remote = remoteDirectory
        func listName(_ call: LuaCall) throws -> String {
            let name = try call.string(1)
            guard !name.isEmpty, name.count <= 100 else {
                throw call.argumentError(1, "a list name is 1 to 100 characters, got \"\(name.prefix(20))\"")
            }
            return name
        }
        return [
            "create": LuaFunction { call in
                let name = try listName(call)
                return try call.suspend {
                    var created = false
                    if let remote {
                        created = try await Bindings.providing { () async throws(ProviderError) in
                            try await remote.createList(name)
                        }
                    }
                    let local = try await Bindings.storing { () async throws(StorageError) in try await store.createList(name, now: clock.now()) }
                    return [.boolean(remote == nil ? local : created)]
                }
            },
            "delete": LuaFunction { call in
                let name = try listName(call)
                return try call.suspend {
                    var deleted = false
                    if let remote {
                        deleted = try await Bindings.providing { () async throws(ProviderError) in try await remote.deleteList(name) }
                    }
                    let local = try await Bindings.storing { () async throws(StorageError) in try await store.deleteList(name) }
                    return [.boolean(deleted || local)]
                }
            },
            "add": LuaFunction { call in
                let name = try listName(call)
                let text = try call.string(2)
                let phone = try Bindings.e164(text, region: region)
                return try call.suspend {
                    if let remote {
                        let contact =
                            try await Bindings.storing({ () async throws(StorageError) in try await store.contact(phone) })
                            ?? ContactRow(phone: phone, createdAt: clock.now())
                        try await Bindings.providing { () async throws(ProviderError) in
                            try await remote.addMember(name, contact: contact)
                        }
                        try await Bindings.storing { () async throws(StorageError) in _ = try await store.createList(name, now: clock.now()) }
                    }
                    return [.boolean(try await Bindings.storing { () async throws(StorageError) in
                        try await store.addToList(name, phone: phone, now: clock.now())
                    })]
                }
            },
            "remove": LuaFunction { call in
                let name = try listName(call)
                let text = try call.string(2)
                let phone = try Bindings.e164(text, region: region)
                return try call.suspend {
                    var removed = false
                    if let remote {
                        removed = try await Bindings.providing { () async throws(ProviderError) in
                            try await remote.removeMember(name, phone: phone)
                        }
                    }
                    let local = try await Bindings.storing { () async throws(StorageError) in try await store.removeFromList(name, phone: phone) }
                    return [.boolean(removed || local)]
                }
            },
            // lists.members(name) -> {contact...} | nil, err (unknown list)
            "members": LuaFunction { call in
                let name = try listName(call)
                return try call.suspend {
                    let members: [ContactRow]?
                    if let remote {
                        members = try await Bindings.providing { () async throws(ProviderError) in try await remote.members(name) }
                    } else {
                        members = try await Bindings.storing { () async throws(StorageError) in try await store.listMembers(name) }
                    }
                    guard let members else {
                        throw LuaFailure(code: "unknown_list", message: "there is no list '\(name)': create it with lists.create(\"\(name)\")")
                    }
                    return [.table(LuaTable(array: members.map { Bindings.contactValue($0, lists: nil) }))]
                }
            },
            // lists.all() -> {{name=, count=}, ...}
            "all": LuaFunction { call in
                try call.suspend {
                    let lists =
                        if let remote {
                            try await Bindings.providing { () async throws(ProviderError) in try await remote.lists() }
                        } else {
                            try await Bindings.storing { () async throws(StorageError) in try await store.contactLists() }
                        }
                    return [.table(LuaTable(array: lists.map { .table(LuaTable(["name": .text($0.name), "count": .integer(Int64($0.count))])) }))]
                }
            },
        ]
    }

    /// `templates.create/get/list/delete/render`; on Conexteo, its SMS templates ("models").
    func templateFunctions() -> [String: LuaFunction] {
        let store = services.store
        let clock = services.clock
        let region = region
        let remote = remoteDirectory
        /// The local template, else (on Conexteo) Conexteo's, copied locally.
        @Sendable func find(_ name: String) async throws(LuaFailure) -> TemplateRow? {
            if let local = try await Bindings.storing({ () async throws(StorageError) in try await store.template(name) }) {
                return local
            }
            guard let remote else { return nil }
            let all = try await Bindings.providing { () async throws(ProviderError) in try await remote.templates() }
            guard let found = all.first(where: { $0.name == name }) else { return nil }
            return try await Bindings.storing { () async throws(StorageError) in try await store.saveTemplate(found) }
        }
        return [
            // templates.create{name=, body=, from=} -> template | nil, err (replaces one with the same name)
            "create": LuaFunction { call in
                let spec = try call.table(1)
                try Bindings.checkFields(spec, call: call, allowed: ["name", "body", "from"])
                guard let name = try Bindings.text(spec, "name", call: call, example: "\"welcome\""), !name.isEmpty else {
                    throw call.argumentError(1, "field 'name' is missing: templates.create{name = \"welcome\", body = \"Bonjour {{first_name}} !\"}")
                }
                let body = try Bindings.text(spec, "body", call: call, example: "\"Bonjour {{first_name}} !\"") ?? ""
                let from = try Bindings.text(spec, "from", call: call, example: "\"ACME\"")
                do throws(SMSCoreError) {
                    _ = try MessageTemplate(body)
                    if let from { _ = try SenderID.parse(from) }
                } catch {
                    return call.fail(code: error.code.rawValue, message: error.message)
                }
                let row = TemplateRow(name: name, body: body, sender: from, createdAt: clock.now())
                return try call.suspend {
                    if let remote { try await Bindings.providing { () async throws(ProviderError) in try await remote.save(row) } }
                    return [Bindings.templateValue(try await Bindings.storing { () async throws(StorageError) in try await store.saveTemplate(row) })]
                }
            },
            "get": LuaFunction { call in
                let name = try call.string(1)
                return try call.suspend { [try await find(name).map(Bindings.templateValue) ?? .nil] }
            },
            "list": LuaFunction { call in
                try call.suspend {
                    let all =
                        if let remote {
                            try await Bindings.providing { () async throws(ProviderError) in try await remote.templates() }
                        } else {
                            try await Bindings.storing { () async throws(StorageError) in try await store.templates() }
                        }
                    return [.table(LuaTable(array: all.map(Bindings.templateValue)))]
                }
            },
            "delete": LuaFunction { call in
                let name = try call.string(1)
                return try call.suspend {
                    var deleted = false
                    if let remote {
                        deleted = try await Bindings.providing { () async throws(ProviderError) in try await remote.deleteTemplate(name) }
                    }
                    let local = try await Bindings.storing { () async throws(StorageError) in try await store.deleteTemplate(name) }
                    return [.boolean(deleted || local)]
                }
            },
            // templates.render(name, contact_or_phone [, extra]) -> text | nil, err
            "render": LuaFunction { call in
                let name = try call.string(1)
                var values: [String: String] = [:]
                var lookup: String?
                switch try call.value(2) {
                case .string(let s):
                    lookup = try Bindings.e164(s.text, region: region)
                case .table(let t):
                    values = try Bindings.contactTemplateValues(t, call: call)
                case let other:
                    throw call.argumentError(2, "give a contact table or a phone number, got \(other.typeName)")
                }
                if !call.isNil(3) { values.merge(try Bindings.stringFields(try call.value(3), call: call)) { $1 } }
                let extra = values
                let phone = lookup
                return try call.suspend {
                    guard let template = try await find(name) else {
                        throw LuaFailure(code: "unknown_template", message: "there is no template '\(name)': create it with templates.create{name = \"\(name)\", body = ...}")
                    }
                    var values = extra
                    if let phone {
                        guard let contact = try await Bindings.storing({ () async throws(StorageError) in try await store.contact(phone) }) else {
                            throw LuaFailure(code: "not_found", message: "no contact \(phone) to render '\(name)' for: add it with contacts.add")
                        }
                        values = contact.templateValues.merging(extra) { $1 }
                    }
                    do throws(SMSCoreError) {
                        return [.text(try MessageTemplate(template.body).render(values))]
                    } catch {
                        throw LuaFailure(code: error.code.rawValue, message: "template '\(name)': \(error.message)")
                    }
                }
            },
        ]
    }

    // MARK: - Values

    static func contactValue(_ contact: ContactRow, lists: [String]?) -> LuaValue {
        var table = LuaTable([
            "phone": .text(contact.phone),
            "fields": .table(LuaTable(contact.fields.mapValues { .text($0) })),
            "created_at": .text(contact.createdAt.formatted(.iso8601)),
        ])
        if let v = contact.firstName { table["first_name"] = .text(v) }
        if let v = contact.lastName { table["last_name"] = .text(v) }
        if let v = contact.email { table["email"] = .text(v) }
        if let lists { table["lists"] = .table(LuaTable(array: lists.map { .text($0) })) }
        return .table(table)
    }

    static func templateValue(_ template: TemplateRow) -> LuaValue {
        var table = LuaTable(["name": .text(template.name), "body": .text(template.body)])
        if let sender = template.sender { table["from"] = .text(sender) }
        return .table(table)
    }

    /// A contact table's values as a template sees them: top-level strings and `fields`.
    static func contactTemplateValues(_ table: LuaTable, call: LuaCall) throws -> [String: String] {
        var values: [String: String] = [:]
        for (key, value) in table.fields {
            guard let name = key.stringValue else { continue }
            if name == "fields" {
                values.merge(try stringFields(value, call: call)) { current, _ in current }
            } else if let text = value.stringValue {
                values[name] = text
            } else if let number = value.integerValue {
                values[name] = String(number)
            }
        }
        return values
    }

    /// A `{name = "value"}` table as strings (numbers are written out); raises on other values.
    static func stringFields(_ value: LuaValue, call: LuaCall) throws -> [String: String] {
        switch value {
        case .nil: return [:]
        case .table(let t):
            var fields: [String: String] = [:]
            for (key, value) in t.fields {
                guard let name = key.stringValue else { throw call.argumentError(1, "field names must be strings") }
                if let text = value.stringValue {
                    fields[name] = text
                } else if let number = value.integerValue {
                    fields[name] = String(number)
                } else if let number = value.numberValue {
                    fields[name] = String(number)
                } else {
                    throw call.argumentError(1, "field '\(name)' must be a string or a number, got \(value.typeName)")
                }
            }
            return fields
        default:
            throw call.argumentError(1, "fields must be a table such as {city = \"Lyon\"}, got \(value.typeName)")
        }
    }

    /// A list of strings (`lists = {"vip"}`); raises otherwise.
    static func stringList(_ value: LuaValue, field: String, call: LuaCall) throws -> [String] {
        switch value {
        case .nil: return []
        case .table(let t) where t.fields.isEmpty:
            return try t.array.enumerated().map { i, v in
                guard let s = v.stringValue else { throw call.argumentError(1, "\(field)[\(i + 1)] must be a string, got \(v.typeName)") }
                return s
            }
        default:
            throw call.argumentError(1, "field '\(field)' must be a list of names such as {\"vip\"}, got \(value.typeName)")
        }
    }
}
