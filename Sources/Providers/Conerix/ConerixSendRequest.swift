/// The body of `POST /v1/messages/send`.
struct ConerixSendRequest: Encodable {
    var to: String
    var from: String
    var body: String
    var reference: String?
    var routeID: Int?

    enum CodingKeys: String, CodingKey {
        case to, from, body, reference
        case routeID = "route_id"
    }
}
