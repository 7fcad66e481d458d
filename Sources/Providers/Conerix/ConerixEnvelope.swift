/// Conerix's success envelope: `{"success": true, "data": {...}, "meta": {"request_id": "req_…"}}`.
struct ConerixEnvelope<Payload: Decodable>: Decodable {
    var success: Bool?
    var data: Payload
    var meta: ConerixMeta?
}

/// The `meta` object of every Conerix answer.
struct ConerixMeta: Decodable {
    var requestID: String?

    enum CodingKeys: String, CodingKey { case requestID = "request_id" }
}
