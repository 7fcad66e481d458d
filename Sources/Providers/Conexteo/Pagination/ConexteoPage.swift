/// One page of a paginated Conexteo list.
///
/// Only `meta.totalPages` and `meta.currentPage` are known (MindCloud [G]); the rest follows
/// `nestjs-typeorm-paginate`'s `{items, meta: {itemCount, totalItems, itemsPerPage, totalPages,
/// currentPage}}`, the shape a NestJS backend most likely uses [I]. Rows are read from `items`, or
/// from `data` when a page carries them there.
public struct ConexteoPage<Row: Decodable & Sendable>: Decodable, Sendable {
    /// The rows of this page.
    public var items: [Row]
    /// Where this page sits in the whole list.
    public var meta: ConexteoPaginationMeta

    /// A page (tests, and callers that build one by hand).
    public init(items: [Row], meta: ConexteoPaginationMeta) {
        self.items = items
        self.meta = meta
    }

    enum CodingKeys: String, CodingKey { case items, data, meta }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if c.contains(.items) {
            items = try c.decode([Row].self, forKey: .items)
        } else {
            items = try c.decode([Row].self, forKey: .data)
        }
        meta = try c.decode(ConexteoPaginationMeta.self, forKey: .meta)
    }
}
