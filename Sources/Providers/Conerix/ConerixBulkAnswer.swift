/// The `data` of a `bulk_result` answer (seed: `{object, total, sent, failed, messages: [...]}`).
struct ConerixBulkAnswer: Decodable {
    struct Item: Decodable {
        var id: String?
        var to: String
        var status: String
        var cost: Double?
        var error: ItemError?
    }

    /// A per-recipient error: the seed shows only that the field exists, so both a plain string
    /// and a `{type, code, message}` object are read. [I]
    struct ItemError: Decodable {
        var code: String?
        var message: String?

        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                code = nil
                message = text
                return
            }
            let detail = try ConerixErrorEnvelope.Detail(from: decoder)
            code = detail.code ?? detail.type
            message = detail.message
        }
    }

    var total: Int?
    var sent: Int?
    var failed: Int?
    var messages: [Item]
}
