/// A paginated Conexteo list read lazily as an async sequence of rows: each page is fetched when
/// the previous one is used up, so `for try await` over a long list holds one page at a time and
/// stopping early fetches nothing more.
public struct ConexteoPages<Row: Decodable & Sendable>: AsyncSequence, Sendable {
    public typealias Element = Row
    public typealias Failure = ProviderError

    /// Fetches page `page` (1-based) of `limit` rows.
    public typealias Fetch = @Sendable (_ page: Int, _ limit: Int) async throws(ProviderError) -> ConexteoPage<Row>

    /// Rows asked for per request.
    public let pageSize: Int
    let fetch: Fetch

    /// A sequence reading `pageSize` rows per request through `fetch`.
    public init(pageSize: Int = 100, fetch: @escaping Fetch) {
        self.pageSize = Swift.max(1, pageSize)
        self.fetch = fetch
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(pageSize: pageSize, fetch: fetch)
    }

    /// Every row, page after page (for the few lists that are small by nature).
    public func collect() async throws(ProviderError) -> [Row] {
        var rows: [Row] = []
        var iterator = makeAsyncIterator()
        while let row = try await iterator.next() { rows.append(row) }
        return rows
    }

    /// Walks the pages.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let pageSize: Int
        let fetch: Fetch
        var buffer: [Row] = []
        var index = 0
        var nextPage = 1
        var finished = false

        init(pageSize: Int, fetch: @escaping Fetch) {
            self.pageSize = pageSize
            self.fetch = fetch
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async throws(ProviderError) -> Row? {
            while index == buffer.count {
                if finished { return nil }
                let page = try await fetch(nextPage, pageSize)
                buffer = page.items
                index = 0
                // An empty page ends the list even when meta claims more (a guard against looping
                // forever on a provider whose counts are off).
                finished = !page.meta.hasNextPage || page.items.isEmpty
                nextPage = page.meta.currentPage + 1
            }
            defer { index += 1 }
            return buffer[index]
        }

        public mutating func next() async throws(ProviderError) -> Row? {
            try await next(isolation: nil)
        }
    }
}
