import Foundation
import SandboxStore
import Storage
import Testing

@Suite("The sandbox's Conexteo stop list, lists and sub-accounts on every backend")
struct SandboxConexteoDirectoryStoreTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("a number is stopped once, is seen by another opening, and can be taken off by number or id", arguments: SandboxKind.allCases)
    func stops(kind: SandboxKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        do {
            let store = opened.store
            let first = try await store.addSandboxStop(recipient: "+33612345678", at: Self.now)
            #expect(first.isNew)
            let again = try await store.addSandboxStop(recipient: "+33612345678", at: Self.now.addingTimeInterval(60))
            #expect(!again.isNew)
            #expect(again.stop == first.stop)
            let batch = try await store.addSandboxStops(recipients: ["+33700000001", "+33700000001", "+33612345678"], at: Self.now)
            #expect(batch.map(\.isNew) == [true, false, false])
        }
        let store = try opened.another()
        #expect(try await store.sandboxStopCount() == 2)
        #expect(try await store.sandboxStops().map(\.recipient) == ["+33612345678", "+33700000001"])
        #expect(try await store.sandboxStops(offset: 1, limit: 5).map(\.recipient) == ["+33700000001"])
        #expect(
            try await store.sandboxStoppedRecipients(among: ["+33612345678", "+33799999999", "+33700000001"])
                == ["+33612345678", "+33700000001"])
        #expect(try await store.sandboxStop(recipient: "+33612345678")?.createdAt == Self.now)
        #expect(try await store.deleteSandboxStop(recipient: "+33612345678")?.recipient == "+33612345678")
        #expect(try await store.deleteSandboxStop(recipient: "+33612345678") == nil)
        let remaining = try #require(try await store.sandboxStops().first?.id)
        #expect(try await store.deleteSandboxStop(id: remaining)?.recipient == "+33700000001")
        #expect(try await store.sandboxStopCount() == 0)
    }

    @Test("checking 40,000 numbers against the stop list works (past SQLite's bound-value limit)", arguments: SandboxKind.allCases)
    func manyStoppedRecipients(kind: SandboxKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let store = opened.store
        let numbers = (0..<40_000).map { "+336\(String(10_000_000 + $0))" }
        _ = try await store.addSandboxStops(recipients: Array(numbers.suffix(3)), at: Self.now)
        #expect(try await store.sandboxStoppedRecipients(among: numbers) == Set(numbers.suffix(3)))
    }

    @Test("a list's contacts keep every field, and go with the list", arguments: SandboxKind.allCases)
    func contacts(kind: SandboxKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let store = opened.store
        let list = try await store.createSandboxContactList(name: "Clients", at: Self.now)
        let listID = try #require(list.id)
        let fields = Dictionary(uniqueKeysWithValues: SandboxConexteoContact.fieldNames.map { ($0, "v-\($0)") })
        let added = try #require(
            try await store.addSandboxContacts(
                [SandboxConexteoContact(listID: 0, tel: "+33612345678", fields: fields.merging(["bogus": "x"]) { a, _ in a }, createdAt: Self.now)],
                toList: listID))
        #expect(added.first?.listID == listID)
        #expect(try await store.sandboxContacts(listID: listID).first?.fields == fields)
        #expect(try await store.sandboxContactList(id: listID)?.contactsCount == 1)
        #expect(try await store.addSandboxContacts([], toList: listID + 1) == nil)
        #expect(try await store.missingSandboxContactLists(among: [listID, listID + 1]) == [listID + 1])
        #expect(try await store.deleteSandboxContactList(id: listID))
        #expect(try await store.sandboxContact(id: try #require(added.first?.id)) == nil)
    }

    @Test("credits move between the parent and a sub-account, never below zero on either side", arguments: SandboxKind.allCases)
    func creditMoves(kind: SandboxKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let store = opened.store
        guard case .created(let account) = try await store.createSandboxSubAccount(
            name: "A", email: "a@b.fr", creditMode: "dedicated", at: Self.now)
        else { Issue.record("not created"); return }
        let id = try #require(account.id)
        guard case .emailTaken = try await store.createSandboxSubAccount(name: "B", email: "A@B.FR", creditMode: "shared", at: Self.now)
        else { Issue.record("a taken email was accepted"); return }

        let move = { (operation: SandboxConexteoSubAccountCreditMove.Operation, credits: Int) in
            try await store.moveSandboxSubAccountCredits(
                id: id, operation, credits: credits, parentAccount: "p", startingBalance: 100, at: Self.now)
        }
        #expect(try await move(.add, 101) == .parentLacksCredits(available: 100))
        guard case .moved(let funded, _) = try await move(.add, 60) else { Issue.record("not moved"); return }
        #expect(funded.credits == 60)
        #expect(try await store.sandboxCredits(account: "p", startingBalance: 100) == 40)
        #expect(try await move(.remove, 61) == .subAccountLacksCredits(available: 60))
        guard case .moved(let drained, _) = try await move(.remove, 60) else { Issue.record("not moved"); return }
        #expect(drained.credits == 0)
        #expect(try await store.sandboxCredits(account: "p", startingBalance: 100) == 100)
        #expect(try await store.sandboxSubAccountCreditHistory(id: id)?.map(\.balanceAfter) == [60, 0])
        #expect(try await store.sandboxSubAccountCreditHistory(id: id + 1) == nil)
        #expect(
            try await store.moveSandboxSubAccountCredits(
                id: id + 1, .add, credits: 1, parentAccount: "p", startingBalance: 100, at: Self.now) == .notFound)
    }
}
