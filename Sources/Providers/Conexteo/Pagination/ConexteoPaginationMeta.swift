/// The `meta` of a Conexteo page: `totalPages` and `currentPage` [G]; the counts are optional [I].
public struct ConexteoPaginationMeta: Decodable, Sendable, Equatable {
    /// The 1-based number of this page.
    public var currentPage: Int
    /// How many pages the list has (0 for an empty list).
    public var totalPages: Int
    /// Rows in the whole list, when the provider says.
    public var totalItems: Int?
    /// Rows per page, when the provider says.
    public var itemsPerPage: Int?
    /// Rows on this page, when the provider says.
    public var itemCount: Int?

    /// A meta block.
    public init(currentPage: Int, totalPages: Int, totalItems: Int? = nil, itemsPerPage: Int? = nil, itemCount: Int? = nil) {
        self.currentPage = currentPage
        self.totalPages = totalPages
        self.totalItems = totalItems
        self.itemsPerPage = itemsPerPage
        self.itemCount = itemCount
    }

    enum CodingKeys: String, CodingKey { case currentPage, totalPages, totalItems, itemsPerPage, itemCount }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // Numbers sometimes arrive as strings from query-string-fed backends: accept both.
        guard let current = c.lenientInt(.currentPage) else {
            throw DecodingError.keyNotFound(
                CodingKeys.currentPage, .init(codingPath: c.codingPath, debugDescription: "no currentPage"))
        }
        guard let total = c.lenientInt(.totalPages) else {
            throw DecodingError.keyNotFound(
                CodingKeys.totalPages, .init(codingPath: c.codingPath, debugDescription: "no totalPages"))
        }
        currentPage = current
        totalPages = total
        totalItems = c.lenientInt(.totalItems)
        itemsPerPage = c.lenientInt(.itemsPerPage)
        itemCount = c.lenientInt(.itemCount)
    }

    /// True when a page follows this one.
    public var hasNextPage: Bool { currentPage < totalPages }
}
