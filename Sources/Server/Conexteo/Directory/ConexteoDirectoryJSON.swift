import Foundation
import Storage
import SandboxStore

/// The directory's rows as Conexteo answers them.
enum ConexteoDirectoryJSON {
    /// A date as Conexteo's `timestamp`/`created_at` [I: ISO 8601 in UTC; the format is not public].
    static func date(_ date: Date) -> JSONValue {
        .string(date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt)))
    }

    /// `{id, recipient, timestamp}` [G].
    static func stop(_ stop: SandboxConexteoStop) -> JSONValue {
        .object(["id": .int(Int(stop.id ?? 0)), "recipient": .string(stop.recipient), "timestamp": date(stop.createdAt)])
    }

    /// `{id, name, contacts_count, rcsCapabilityStatus}` [V id, G the rest; the RCS status values
    /// are not public, the sandbox says `unknown` as it checks no number for RCS].
    static func contactList(_ list: SandboxConexteoContactList) -> JSONValue {
        .object([
            "id": .int(Int(list.id ?? 0)), "name": .string(list.name), "contacts_count": .int(list.contactsCount),
            "rcsCapabilityStatus": .string("unknown"),
        ])
    }

    /// `{id, contactlist_id, tel, champ_nom … champ_perso10}`, every field present (null when
    /// empty) [V field names; I the id fields, from the `ContactsWithId` schema name].
    static func contact(_ contact: SandboxConexteoContact) -> JSONValue {
        var members: [JSONValue.Member] = [
            .init(key: "id", value: .int(Int(contact.id ?? 0))),
            .init(key: "contactlist_id", value: .int(Int(contact.listID))),
            .init(key: "tel", value: .string(contact.tel)),
        ]
        for name in SandboxConexteoContact.fieldNames {
            members.append(.init(key: name, value: contact.fields[name].map(JSONValue.string) ?? .null))
        }
        return .object(members)
    }

    /// `{success, message}` [V for contact deletion].
    static func acknowledgement(_ message: String) -> JSONValue {
        .object(["success": .bool(true), "message": .string(message)])
    }
}
