import Foundation
import Providers
import SMSCore
import Server
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite struct ConexteoDirectoryLoopbackTests {
    // MARK: - Stops

    @Test func aStopRoundTrips() async throws {
        try await Loopback.run { h in
            let client = h.conexteo()
            let added = try await client.addStop("06 12 34 56 78")
            #expect(added.recipient == "+33612345678")
            #expect(added.timestamp != nil)
            // Stopping the same number again answers the existing entry.
            let again = try await client.addStop(try PhoneNumber.parse("+33612345678"))
            #expect(again.id == added.id)
            #expect(try await client.stops().collect() == [added])
            #expect(try await h.store.sandbox().sandboxStop(recipient: "+33612345678")?.id == Int64(added.id))

            try await client.deleteStop(id: added.id)
            #expect(try await client.stops().collect().isEmpty)
            let missing = try await #require(throws: ProviderError.self) { try await client.deleteStop(id: added.id) }
            #expect(missing.code == "not_found")
            #expect(missing.httpStatus == 404)
        }
    }

    @Test func anUnreadableStopIsRefusedByName() async throws {
        try await Loopback.run { h in
            let error = try await #require(throws: ProviderError.self) { try await h.conexteo().addStop("06-CALL-ME") }
            #expect(error.httpStatus == 400)
            #expect(error.code == "invalid_request")
            #expect(error.message.contains("06-CALL-ME"))
            #expect(error.operation == "add stop")
            #expect(try await h.store.sandbox().sandboxStopCount() == 0)
        }
    }

    @Test func stopsArePagedLazily() async throws {
        try await Loopback.run { h in
            let numbers = (0..<25).map { String(format: "+336120000%02d", $0) }
            _ = try await h.store.sandbox().addSandboxStops(recipients: numbers, at: Date())
            var seen: [String] = []
            for try await stop in h.conexteo().stops(pageSize: 10) { seen.append(stop.recipient) }
            #expect(seen == numbers)
            #expect(h.attempts.filter { $0.contains("/stops/all") }.count == 3)
        }
    }

    @Test func stopsByFileImportTheGoodLinesAndReportTheBadOnes() async throws {
        try await Loopback.run { h in
            let file = "numero\n06 12 34 56 78\nnot a number\n+33712345678\n0612345678\n\n"
            let result = try await h.conexteo().addStops(file: Data(file.utf8), filename: "stops.csv")
            #expect(result.added == 2)
            #expect(result.duplicates == 1)
            #expect(result.invalid.count == 1)
            #expect(result.invalid.first?.line == 3)
            #expect(result.invalid.first?.value == "not a number")
            #expect(result.invalid.first?.reason.isEmpty == false)
            #expect(Set(try await h.store.sandbox().sandboxStops().map(\.recipient)) == ["+33612345678", "+33712345678"])
            // An upload is not idempotent: sent once.
            #expect(h.attempts.count == 1)
        }
    }

    // MARK: - Contact lists

    @Test func aContactListRoundTrips() async throws {
        try await Loopback.run { h in
            let client = h.conexteo()
            let clients = try await client.createContactList(name: "Clients VIP")
            let other = try await client.createContactList(name: "Prospects")
            #expect(clients.name == "Clients VIP")
            #expect(clients.contactsCount == 0)
            #expect(try await client.contactLists().map(\.id) == [clients.id, other.id])
            #expect(try await client.contactLists(search: "vip").map(\.id) == [clients.id])

            let renamed = try await client.renameContactList(id: clients.id, to: "Clients Or")
            #expect(renamed.name == "Clients Or")
            #expect(try await client.contactList(id: clients.id).name == "Clients Or")

            let deleted = try await client.deleteContactList(id: clients.id)
            #expect(deleted.success == true)
            let gone = try await #require(throws: ProviderError.self) { try await client.contactList(id: clients.id) }
            #expect(gone.httpStatus == 404)
            #expect(try await client.contactLists().map(\.id) == [other.id])
        }
    }

    // MARK: - Contacts

    @Test func aContactWithEveryFieldRoundTrips() async throws {
        try await Loopback.run { h in
            let client = h.conexteo()
            let list = try await client.createContactList(name: "Tous les champs")
            let perso = ConexteoCustomFields((1...10).map { "valeur \($0) — é" })
            let sent = ConexteoContact(
                phone: "06 12 34 56 78", lastName: "Dupont", firstName: "Élise", email: "elise@example.fr",
                address: "1 rue de la Paix", postalCode: "75002", city: "Paris", date: "2026-09-21", perso: perso)
            let answer = try await client.addContacts([sent], toList: list.id)
            #expect(answer.success == true)

            let stored = try #require(try await client.allContacts(inList: list.id).first)
            #expect(stored.id != nil)
            #expect(stored.contactListID == list.id)
            #expect(stored.phone == "+33612345678")
            #expect(stored.lastName == "Dupont")
            #expect(stored.firstName == "Élise")
            #expect(stored.email == "elise@example.fr")
            #expect(stored.address == "1 rue de la Paix")
            #expect(stored.postalCode == "75002")
            #expect(stored.city == "Paris")
            #expect(stored.date == "2026-09-21")
            #expect(stored.perso == perso)
            #expect(stored.perso[10] == "valeur 10 — é")
            #expect(try await client.contact(id: try #require(stored.id)) == stored)
            #expect(try await client.contactList(id: list.id).contactsCount == 1)

            var changed = stored
            changed.perso[3] = "changé"
            changed.city = nil
            let updated = try await client.updateContact(changed)
            #expect(updated == changed)
            #expect(try await client.contact(id: try #require(stored.id)) == changed)

            try await client.deleteContact(id: try #require(stored.id))
            let gone = try await #require(throws: ProviderError.self) { try await client.contact(id: try #require(stored.id)) }
            #expect(gone.httpStatus == 404)
        }
    }

    @Test func contactsArePagedLazily() async throws {
        try await Loopback.run { h in
            let client = h.conexteo()
            let list = try await client.createContactList(name: "Grande liste")
            let contacts = (0..<23).map { ConexteoContact(phone: String(format: "+336130000%02d", $0), lastName: "n\($0)") }
            try await client.addContacts(contacts, toList: list.id)
            var seen: [String] = []
            for try await contact in client.contacts(inList: list.id, pageSize: 5) { seen.append(contact.phone) }
            #expect(seen == contacts.map(\.phone))
            #expect(h.attempts.filter { $0.contains("/contacts?") }.count == 5)
        }
    }

    @Test func contactsByFileNameTheirFieldsInTheHeader() async throws {
        try await Loopback.run { h in
            let client = h.conexteo()
            let list = try await client.createContactList(name: "Import")
            let csv = """
                tel;champ_nom;prenom;champ_perso10
                06 12 34 56 78;Martin;Paul;dix
                pas un numéro;Durand;Anne;
                "+33712345678";"Leroy; fils";Jean;

                """
            let result = try await client.addContacts(file: Array(csv.utf8), toList: list.id)
            #expect(result.added == 2)
            #expect(result.invalid.map(\.line) == [3])
            #expect(result.invalid.first?.value == "pas un numéro")
            let stored = try await client.allContacts(inList: list.id)
            #expect(stored.map(\.phone) == ["+33612345678", "+33712345678"])
            #expect(stored.first?.lastName == "Martin")
            #expect(stored.first?.firstName == "Paul")
            #expect(stored.first?.perso[10] == "dix")
            #expect(stored.last?.lastName == "Leroy; fils")
            #expect(stored.last?.perso[10] == nil)
        }
    }

    @Test func aBadTelOrAnUnknownListIsRefused() async throws {
        try await Loopback.run { h in
            let client = h.conexteo()
            let list = try await client.createContactList(name: "L")
            let bad = try await #require(throws: ProviderError.self) {
                try await client.addContacts([ConexteoContact(phone: "+33612345678"), ConexteoContact(phone: "12")], toList: list.id)
            }
            #expect(bad.httpStatus == 400)
            #expect(bad.message.contains("contacts.1.tel"))
            #expect(bad.message.contains("\"12\""))
            #expect(try await client.allContacts(inList: list.id).isEmpty)  // all or nothing

            let unknown = try await #require(throws: ProviderError.self) {
                try await client.addContacts([ConexteoContact(phone: "+33612345678")], toList: list.id + 100)
            }
            #expect(unknown.httpStatus == 404)
            #expect(unknown.code == "not_found")

            let noID = try await #require(throws: ProviderError.self) {
                try await client.updateContact(ConexteoContact(phone: "+33612345678"))
            }
            #expect(noID.code == "invalid_request")
        }
    }

    // MARK: - Send to contact lists

    @Test func aListSendSkipsStopsCountsDuplicatesAndDedupsItsKey() async throws {
        try await Loopback.run { h in
            let client = h.conexteo()
            let first = try await client.createContactList(name: "A")
            let second = try await client.createContactList(name: "B")
            try await client.addContacts(
                ["+33611111111", "+33622222222", "+33633333333"].map { ConexteoContact(phone: $0) }, toList: first.id)
            try await client.addContacts(["06 22 22 22 22", "+33644444444"].map { ConexteoContact(phone: $0) }, toList: second.id)
            _ = try await client.addStop("+33633333333")

            let outcome = try await client.sendToContactLists(
                [first.id, second.id], body: "Soldes !", from: try SenderID.parse("ACME"), externalID: "camp-1")
            #expect(!outcome.alreadyProcessed)
            let response = try #require(outcome.response)
            #expect(response.recipientsCount == 3)
            #expect(response.duplicates == 1)
            #expect(response.stops == 1)
            #expect(response.smsCount == 3)
            let stored = try await h.store.sandbox().sandboxMessages()
            #expect(Set(stored.map(\.to)) == ["+33611111111", "+33622222222", "+33644444444"])
            #expect(stored.allSatisfy { $0.body == "Soldes !" && $0.from == "ACME" })
            #expect(stored.map(\.id).contains(response.messageID))

            let again = try await client.sendToContactLists([first.id, second.id], body: "Soldes !", externalID: "camp-1")
            #expect(again.alreadyProcessed)
            #expect(again.externalID == "camp-1")
            #expect(try await h.store.sandbox().sandboxMessages().count == 3)
            #expect(try await client.credits().first?.credits == 9_997)
        }
    }

    @Test func aListSendToAnUnknownListIsNotFound() async throws {
        try await Loopback.run { h in
            let error = try await #require(throws: ProviderError.self) {
                try await h.conexteo().sendToContactLists([4242], body: "x")
            }
            #expect(error.httpStatus == 404)
            #expect(error.message.contains("4242"))
            #expect(try await h.store.sandbox().sandboxMessages().isEmpty)
        }
    }
}
