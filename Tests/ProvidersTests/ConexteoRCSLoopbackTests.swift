import Foundation
import Providers
import SMSCore
import Server
import SandboxStore
import Storage
import StoreSQLite
import Testing
import TestSupport

@Suite struct ConexteoRCSLoopbackTests {
    static let ana = try! PhoneNumber.parse("+33612345678")
    static let bob = try! PhoneNumber.parse("+33712345678")
    static let card = ConexteoRCSCard(
        mediaURL: "https://example.com/shoe.jpg", title: "Soldes", description: "-50 % sur tout",
        buttons: [
            .url(title: "Voir", url: "https://example.com/soldes"),
            .call(title: "Appeler", phoneNumber: try! PhoneNumber.parse("+33123456789")),
        ])

    @Test func aTextMessageWithFallbackRoundTrips() async throws {
        try await Loopback.run { h in
            let client = h.conexteo()
            let outcome = try await client.sendRCS(
                to: [Self.ana, Self.bob], content: .text("Bonjour en RCS"),
                fallback: ConexteoRCSFallback(content: "Bonjour en SMS", sender: "ACME"), externalID: "rcs-1")
            let response = try #require(outcome.response)
            #expect(response.recipientsCount == 2)
            #expect(response.creditsUsed == 2)
            #expect(h.attempts.first?.contains("/conexteo/messages/rcs") == true)
            let body = try #require(h.logs.recorded.first { $0.contains("request body") })
            #expect(body.contains(#""type":"text""#))
            #expect(body.contains(#""contacts":[{"recipient":"+33612345678"},{"recipient":"+33712345678"}]"#))
            #expect(body.contains(#""data":{"text":"Bonjour en RCS"}"#))
            #expect(body.contains(#""external_id":"rcs-1""#))

            let send = try await client.message(id: response.messageID)
            #expect(send.channel == "rcs")
            #expect(send.messageType == "RCS")
            #expect(send.content == "Bonjour en RCS")
            #expect(send.sender == "ACME")
            #expect(try await client.rcsRecipients(of: response.messageID).collect().map(\.recipient) == [
                Self.ana.e164, Self.bob.e164,
            ])
            #expect(try await client.smsRecipients(of: response.messageID).collect().isEmpty)
            let stored = try #require(try await h.store.sandbox().sandboxConexteoSend(id: response.messageID))
            #expect(stored.channel == .rcs)
            #expect(stored.rcsType == "text")
            #expect(stored.rcsPayload?.contains(#""fallback":{"content":"Bonjour en SMS","sender":"ACME"}"#) == true)
        }
    }

    @Test func aCardAndACarouselAreSentWithTheirButtons() async throws {
        try await Loopback.run { h in
            let client = h.conexteo()
            let card = try #require(try await client.sendRCS(to: [Self.ana], content: .card(Self.card)).response)
            let stored = try #require(try await h.store.sandbox().sandboxConexteoSend(id: card.messageID))
            #expect(stored.rcsType == "card")
            let payload = try #require(stored.rcsPayload)
            #expect(payload.contains(#""media_message_url":"https://example.com/shoe.jpg""#))
            #expect(payload.contains(#"{"type":"url","title":"Voir","url":"https://example.com/soldes"}"#))
            #expect(payload.contains(#"{"type":"call","title":"Appeler","phoneNumber":"+33123456789"}"#))
            #expect(stored.content == "Soldes — -50 % sur tout")

            let second = ConexteoRCSCard(mediaURL: "http://example.com/bag.jpg", title: "Sacs")
            let carousel = try #require(
                try await client.sendRCS(to: [Self.ana], content: .carousel([Self.card, second])).response)
            let storedCarousel = try #require(try await h.store.sandbox().sandboxConexteoSend(id: carousel.messageID))
            #expect(storedCarousel.rcsType == "carousel")
            #expect(storedCarousel.rcsPayload?.contains(#""cards":[{"#) == true)
            #expect(storedCarousel.rcsPayload?.contains("bag.jpg") == true)
            #expect(try await client.messages().collect().map(\.id) == [carousel.messageID, card.messageID])
        }
    }

    @Test func aReusedExternalIDIsAlreadyProcessed() async throws {
        try await Loopback.run { h in
            let client = h.conexteo()
            let first = try await client.sendRCS(to: [Self.ana], content: .text("Un"), externalID: "rcs-7")
            let second = try await client.sendRCS(to: [Self.ana], content: .text("Un"), externalID: "rcs-7")
            #expect(!first.alreadyProcessed)
            #expect(second.alreadyProcessed)
            #expect(try await client.messages().collect().count == 1)
            #expect(try await client.credits().first?.credits == 9_999)
        }
    }

    @Test func aCardWithoutMediaIsRefused() async throws {
        try await Loopback.run { h in
            let error = try await #require(throws: ProviderError.self) {
                try await h.conexteo().sendRCS(to: [Self.ana], content: .card(ConexteoRCSCard(mediaURL: "", title: "Nu")))
            }
            #expect(error.code == "invalid_request")
            #expect(error.operation == "RCS send")
            #expect(error.message.contains("data.media_message_url"))
            #expect(try await h.store.sandbox().sandboxMessages().isEmpty)
        }
    }

    @Test(arguments: [
        (ConexteoRCSButton.url(title: "Voir", url: "ftp://example.com/x"), "data.choices.0.url must be an http or https URL"),
        (.url(title: "", url: "https://example.com"), "data.choices.0.title should not be empty"),
        (.call(title: "Appeler", phoneNumber: PhoneNumber(countryCode: 33, nationalNumber: "1", kind: .unknown, regionCode: "FR")),
         "data.choices.0.phoneNumber"),
        (.other(type: "location", title: "Venir"), "data.choices.0.type must be url or call"),
    ])
    func aBadButtonIsRefusedNamingIt(button: ConexteoRCSButton, fragment: String) async throws {
        try await Loopback.run { h in
            let card = ConexteoRCSCard(mediaURL: "https://example.com/a.jpg", buttons: [button])
            let error = try await #require(throws: ProviderError.self) {
                try await h.conexteo().sendRCS(to: [Self.ana], content: .card(card))
            }
            #expect(error.code == "invalid_request")
            #expect(error.message.contains(fragment), "\(error.message)")
            #expect(try await h.store.sandbox().sandboxMessages().isEmpty)
        }
    }

    @Test func tooManyButtonsOrTooFewCardsAreRefused() async throws {
        try await Loopback.run { h in
            let buttons = (1...5).map { ConexteoRCSButton.url(title: "B\($0)", url: "https://example.com/\($0)") }
            let crowded = try await #require(throws: ProviderError.self) {
                try await h.conexteo().sendRCS(
                    to: [Self.ana], content: .card(ConexteoRCSCard(mediaURL: "https://example.com/a.jpg", buttons: buttons)))
            }
            #expect(crowded.message.contains("at most 4"))
            let lonely = try await #require(throws: ProviderError.self) {
                try await h.conexteo().sendRCS(to: [Self.ana], content: .carousel([Self.card]))
            }
            #expect(lonely.message.contains("data.cards has 1 card(s)"))
            #expect(try await h.store.sandbox().sandboxMessages().isEmpty)
        }
    }
}
