import Foundation
import Providers
import SMSCore
import Server
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite struct ConexteoTemplateLoopbackTests {
    @Test func smsTemplatesCanBeCreatedReadUpdatedAndDeleted() async throws {
        try await Loopback.run { h in
            let client = h.conexteo()
            let created = try await client.createTemplate(name: "Relance", content: "Bonjour #prenom#", sender: "ACME")
            #expect(created.name == "Relance")
            #expect(created.content == "Bonjour #prenom#")
            #expect(created.sender == "ACME")
            let other = try await client.createTemplate(name: "Promo", content: "-20 %", sender: "SHOP")
            #expect(other.id != created.id)
            #expect(try await client.template(id: created.id) == created)
            #expect(try await client.templates().map(\.id) == [created.id, other.id])

            let updated = try await client.updateTemplate(id: created.id, content: "Bonsoir #prenom#")
            #expect(updated.content == "Bonsoir #prenom#")
            #expect(updated.name == "Relance")  // kept
            #expect(try await client.template(id: created.id).content == "Bonsoir #prenom#")

            try await client.deleteTemplate(id: created.id)
            let gone = try await #require(throws: ProviderError.self) { try await client.template(id: created.id) }
            #expect(gone.code == "not_found")
            #expect(gone.operation == "template details")
            let twice = try await #require(throws: ProviderError.self) { try await client.deleteTemplate(id: created.id) }
            #expect(twice.code == "not_found")
            let update = try await #require(throws: ProviderError.self) {
                try await client.updateTemplate(id: "999999", name: "x")
            }
            #expect(update.code == "not_found")
            #expect(try await client.templates().map(\.id) == [other.id])
        }
    }

    @Test func aTemplateWithABadSenderIsRefusedAndNotRetried() async throws {
        try await Loopback.run { h in
            let error = try await #require(throws: ProviderError.self) {
                try await h.conexteo().createTemplate(name: "X", content: "Hi", sender: "WAY TOO LONG SENDER")
            }
            #expect(error.code == "invalid_request")
            #expect(error.message.contains("sender"))
            #expect(h.attempts.count == 1)
            #expect(try await h.conexteo().templates().isEmpty)
        }
    }

    @Test func rcsTemplatesRoundTripTheirContent() async throws {
        try await Loopback.run { h in
            let client = h.conexteo()
            let card = ConexteoRCSCard(
                mediaURL: "https://example.com/a.jpg", title: "Soldes",
                buttons: [
                    .url(title: "Voir", url: "https://example.com"),
                    .call(title: "Appeler", phoneNumber: try PhoneNumber.parse("+33123456789")),
                ])
            let fallback = ConexteoRCSFallback(content: "Soldes -50 %", sender: "ACME")
            let created = try await client.createRCSTemplate(name: "Soldes", content: .card(card), fallback: fallback)
            #expect(created.content == .card(card))
            #expect(created.rcsType == "card")
            #expect(created.fallback == fallback)
            #expect(created.isModel == true)
            // `/models/rcs` is not read as `/models/:id`, and the kinds do not mix.
            #expect(try await client.rcsTemplates().map(\.id) == [created.id])
            #expect(try await client.templates().isEmpty)
            let wrongKind = try await #require(throws: ProviderError.self) { try await client.template(id: created.id) }
            #expect(wrongKind.code == "not_found")

            let carousel = ConexteoRCSContent.carousel([card, ConexteoRCSCard(mediaURL: "https://example.com/b.jpg")])
            #expect(try await client.updateRCSTemplate(id: created.id, content: carousel).content == carousel)
            let renamed = try await client.updateRCSTemplate(id: created.id, name: "Texte", content: .text("Bonjour"))
            #expect(renamed.name == "Texte")
            #expect(renamed.content == .text("Bonjour"))
            #expect(renamed.fallback == fallback)  // kept
            #expect(try await client.rcsTemplate(id: created.id) == renamed)

            try await client.deleteRCSTemplate(id: created.id)
            let gone = try await #require(throws: ProviderError.self) { try await client.rcsTemplate(id: created.id) }
            #expect(gone.code == "not_found")
            #expect(gone.httpStatus == 404)
        }
    }

    @Test func anRCSTemplateCardWithoutMediaIsRefused() async throws {
        try await Loopback.run { h in
            let error = try await #require(throws: ProviderError.self) {
                try await h.conexteo().createRCSTemplate(name: "Nu", content: .card(ConexteoRCSCard(mediaURL: "")))
            }
            #expect(error.code == "invalid_request")
            #expect(error.message.contains("card.media_message_url"))
            #expect(try await h.conexteo().rcsTemplates().isEmpty)
        }
    }
}
