/// The body of `POST /v1/messages/bulk`.
struct ConerixBulkRequest: Encodable {
    var from: String
    var recipients: [String]
    var body: String
}
