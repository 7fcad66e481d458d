import Foundation

/// Deterministic SMS corpora for benchmarks: the same seed gives the same messages on every machine.
enum Corpus {
    /// `count` messages mixing the bodies a campaign really sends: plain ASCII marketing, French that
    /// stays GSM-7 and French that needs UCS-2 (ç, ê, typographic quotes), emoji (skin tones, ZWJ
    /// families, flags), GSM extension characters (€ [ ] { } | ^ ~ \) and long multi-part bodies.
    static func mixedMessages(count: Int, seed: UInt64) -> [String] {
        var random = SplitMix64(seed: seed)
        var messages: [String] = []
        messages.reserveCapacity(max(0, count))
        for _ in 0..<max(0, count) {
            let roll = random.next(below: 100)
            let message: String
            switch roll {
            case 0..<30: message = sentences(from: asciiMarketing, count: 1 + random.next(below: 3), random: &random)
            case 30..<45: message = sentences(from: frenchGSM, count: 1 + random.next(below: 3), random: &random)
            case 45..<65: message = sentences(from: frenchUCS2, count: 1 + random.next(below: 3), random: &random)
            case 65..<75: message = withEmoji(random: &random)
            case 75..<85: message = sentences(from: extensionCharacters, count: 1 + random.next(below: 2), random: &random)
            case 85..<95: message = longBody(random: &random)
            default: message = sentences(from: otherScripts, count: 1 + random.next(below: 2), random: &random)
            }
            messages.append(message)
        }
        return messages
    }

    /// Writes `messages` as JSON Lines: one JSON string per line, UTF-8, non-ASCII left as is.
    static func writeJSONLines(_ messages: [String], to path: String) throws {
        var output: [UInt8] = []
        output.reserveCapacity(messages.reduce(0) { $0 + $1.utf8.count + 3 })
        for message in messages {
            appendJSONString(message, to: &output)
            output.append(0x0A)
        }
        try Data(output).write(to: URL(fileURLWithPath: path))
    }

    private static func appendJSONString(_ string: String, to output: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        output.append(0x22)
        for byte in string.utf8 {
            switch byte {
            case 0x22: output.append(contentsOf: [0x5C, 0x22])  // \"
            case 0x5C: output.append(contentsOf: [0x5C, 0x5C])  // \\
            case 0x0A: output.append(contentsOf: [0x5C, 0x6E])  // \n
            case 0x0D: output.append(contentsOf: [0x5C, 0x72])  // \r
            case 0x09: output.append(contentsOf: [0x5C, 0x74])  // \t
            case 0..<0x20:
                output.append(contentsOf: Array("\\u00".utf8))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            default: output.append(byte)
            }
        }
        output.append(0x22)
    }

    // MARK: Building blocks

    private static func sentences(from pool: [String], count: Int, random: inout SplitMix64) -> String {
        var parts: [String] = []
        for _ in 0..<count {
            let template = pool[random.next(below: pool.count)]
            parts.append(fill(template, random: &random))
        }
        return parts.joined(separator: " ")
    }

    /// Replaces `#` placeholders with digits and `@` with a first name, so messages differ.
    private static func fill(_ template: String, random: inout SplitMix64) -> String {
        var result = ""
        result.reserveCapacity(template.utf8.count + 8)
        for character in template {
            switch character {
            case "#": result.append(String(random.next(below: 10)))
            case "@": result.append(names[random.next(below: names.count)])
            default: result.append(character)
            }
        }
        return result
    }

    private static func withEmoji(random: inout SplitMix64) -> String {
        var text = sentences(from: random.next(below: 2) == 0 ? asciiMarketing : frenchGSM, count: 1 + random.next(below: 2), random: &random)
        for _ in 0..<(1 + random.next(below: 4)) {
            let emoji = emojis[random.next(below: emojis.count)]
            if random.next(below: 2) == 0 { text += " " + emoji } else { text = emoji + " " + text }
        }
        return text
    }

    private static func longBody(random: inout SplitMix64) -> String {
        let pools = [asciiMarketing, frenchGSM, frenchUCS2, extensionCharacters]
        let pool = pools[random.next(below: pools.count)]
        var text = ""
        let target = 300 + random.next(below: 600)
        while text.utf8.count < target {
            if !text.isEmpty { text += random.next(below: 4) == 0 ? "\n" : " " }
            text += fill(pool[random.next(below: pool.count)], random: &random)
        }
        if random.next(below: 5) == 0 { text += " " + emojis[random.next(below: emojis.count)] }
        return text
    }

    private static let names = ["Ana", "Léo", "Chloé", "Tom", "Inès", "Noah", "Zoé", "Hugo", "Jade", "Louis"]

    private static let asciiMarketing = [
        "Hi @, your order ##### has shipped! Track it at https://ex.am/p/####.",
        "FLASH SALE: ##% off everything until midnight. Use code SAVE## at checkout.",
        "Your verification code is ######. It expires in 10 minutes.",
        "Reminder: your appointment is tomorrow at #:## PM. Reply C to confirm or R to reschedule.",
        "@, thanks for joining our loyalty club! You earned ### points today.",
        "Your table for # is booked. See you soon! Reply STOP to opt out.",
        "New arrivals are in store now. Visit us or shop online: https://shop.example.com/new",
        "Payment of $##.## received. Thank you for your business.",
    ]

    private static let frenchGSM = [
        "Bonjour @, votre colis est arrivé au relais. Présentez-vous avec une pièce d'identité.",
        "Votre rendez-vous est confirmé le ##/## à ##h##. Répondez STOP pour ne plus recevoir de SMS.",
        "Soldes d'été : jusqu'à -##% sur une sélection d'articles, en magasin et sur le site.",
        "Merci pour votre achat ! Votre carte de fidélité compte désormais ### points.",
        "Élève absent aujourd'hui : merci de prévenir le secrétariat au 01 ## ## ## ##.",
        "Où en êtes-vous ? Votre devis n° #### expire dans # jours.",
    ]

    private static let frenchUCS2 = [
        "Bonjour @ ! Ça vous dit de découvrir notre nouvelle collection ? Rendez-vous en boutique.",
        "Votre commande n° ##### a été expédiée ; vous la recevrez d’ici # jours ouvrés.",
        "« C’est l’été » : profitez de -##% sur les maillots et les lunettes… jusqu’à dimanche !",
        "Rappel : votre forfait mobile sera renouvelé le ##/##. Coût : ##,## € TTC.",
        "Félicitations @, vous êtes notre gagnant·e du mois ! Répondez OUI pour recevoir votre cadeau.",
        "Le garçon de café vous attend à l’hôtel à ##h : ne soyez pas en retard, ça commence tôt.",
        "Votre cœur de cible mérite mieux : essai gratuit pendant ## jours, sans engagement.",
    ]

    private static let extensionCharacters = [
        "Promo: -##% [code SOLDES##] valid until {date}. Max ##€ per order.",
        "Total: ###,##€ | Delivery: #,##€ | Discount: ~##%",
        "Use the path C:\\Users\\@\\Downloads or press Ctrl+^ to toggle.",
        "{\"order\": #####, \"status\": [\"shipped\"]} | see ~/orders",
        "Price ^ up by #€. Details at [https://ex.am/#]. Questions? Reply {HELP}.",
    ]

    private static let otherScripts = [
        "您好 @，您的订单 ##### 已发货。谢谢！",
        "Γεια σας! Η παραγγελία σας ##### στάλθηκε.",
        "Здравствуйте! Ваш код подтверждения: ######.",
        "مرحبا، رمز التحقق الخاص بك هو ######",
    ]

    private static let emojis = [
        "😀", "🎉", "👍🏽", "❤️", "🔥", "🇫🇷", "🇮🇹", "👨‍👩‍👧‍👦", "🏳️‍🌈", "✅", "📦", "🙏🏻", "👩🏾‍💻", "☀️",
    ]

    /// Vigna's SplitMix64: tiny, fast and fully deterministic across platforms.
    private struct SplitMix64 {
        private var state: UInt64

        init(seed: UInt64) { state = seed }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// A value in `0..<bound`; the modulo bias is irrelevant for a corpus.
        mutating func next(below bound: Int) -> Int {
            Int(truncatingIfNeeded: next() % UInt64(bound))
        }
    }
}
