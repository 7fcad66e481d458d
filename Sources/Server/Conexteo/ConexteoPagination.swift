import Hummingbird

/// Conexteo's paginated answers as the sandbox serves them: `?page=` (1-based) and `?limit=`, and
/// `{items, meta: {itemCount, totalItems, itemsPerPage, totalPages, currentPage}}` — the
/// `nestjs-typeorm-paginate` shape [I]; only `meta.totalPages`/`meta.currentPage` are known [G].
struct ConexteoPagination: Sendable {
    /// Rows per page when the request names no limit.
    static let defaultLimit = 10
    /// The largest page the sandbox serves.
    static let maxLimit = 1000

    /// The 1-based page asked for.
    let page: Int
    /// Rows per page.
    let limit: Int

    /// Reads `page` and `limit`, or the validation messages a 400 should carry.
    init(_ request: Request) throws(ConexteoSend.Invalid) {
        let query = request.uri.queryParameters
        var problems: [String] = []
        var page = 1
        var limit = Self.defaultLimit
        if let raw = query.get("page") {
            if let value = Int(raw), value >= 1 { page = value } else { problems.append("page must be an integer of at least 1 (got \(raw))") }
        }
        if let raw = query.get("limit") {
            if let value = Int(raw), (1...Self.maxLimit).contains(value) {
                limit = value
            } else {
                problems.append("limit must be an integer from 1 to \(Self.maxLimit) (got \(raw))")
            }
        }
        if !problems.isEmpty { throw ConexteoSend.Invalid(messages: problems) }
        self.page = page
        self.limit = limit
    }

    /// The SQL `OFFSET` of this page.
    var offset: Int { (page - 1) * limit }

    /// The page body for `rows` (this page's rows) out of `total` rows in the whole list.
    func body(_ rows: [JSONValue], total: Int) -> JSONValue {
        .object([
            "items": .array(rows),
            "meta": .object([
                "itemCount": .int(rows.count), "totalItems": .int(total), "itemsPerPage": .int(limit),
                "totalPages": .int((total + limit - 1) / limit), "currentPage": .int(page),
            ]),
        ])
    }
}
