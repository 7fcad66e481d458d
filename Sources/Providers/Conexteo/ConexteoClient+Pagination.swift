extension ConexteoClient {
    /// A paginated `GET path?page=N&limit=M` read lazily as rows (`ConexteoPages`).
    func pages<Row: Decodable & Sendable>(
        _ path: String, query: [(name: String, value: String)] = [], operation: String, pageSize: Int = 100,
        as row: Row.Type = Row.self
    ) -> ConexteoPages<Row> {
        let http = self.http
        // Copied into a Sendable array of pairs: a tuple array is not Sendable on its own.
        let extra = query.map { QueryItem(name: $0.name, value: $0.value) }
        return ConexteoPages(pageSize: pageSize) { page, limit throws(ProviderError) in
            let request = ProviderRequest(
                method: "GET", path: path,
                query: extra.map { ($0.name, $0.value) } + [("page", String(page)), ("limit", String(limit))],
                operation: operation, idempotent: true)
            return try await http.perform(request).decode(ConexteoPage<Row>.self)
        }
    }

    /// `GET path` decoded as `T`: the common read.
    func get<T: Decodable>(
        _ path: String, query: [(name: String, value: String)] = [], operation: String, as type: T.Type = T.self
    ) async throws(ProviderError) -> T {
        let request = ProviderRequest(method: "GET", path: path, query: query, operation: operation, idempotent: true)
        return try await http.perform(request).decode(T.self)
    }

    /// A request with a JSON body, decoded as `T`.
    /// - Parameter idempotent: true when repeating it cannot act twice (PUT, DELETE, a keyed send).
    func call<T: Decodable>(
        _ method: String, _ path: String, body: some Encodable, operation: String, idempotent: Bool,
        as type: T.Type = T.self
    ) async throws(ProviderError) -> T {
        let request = ProviderRequest(
            method: method, path: path, body: try http.jsonBody(body, operation: operation), operation: operation,
            idempotent: idempotent)
        return try await http.perform(request).decode(T.self)
    }

    /// A request without a body (DELETE, a PUT action), decoded as `T`.
    func call<T: Decodable>(
        _ method: String, _ path: String, operation: String, idempotent: Bool, as type: T.Type = T.self
    ) async throws(ProviderError) -> T {
        let request = ProviderRequest(method: method, path: path, operation: operation, idempotent: idempotent)
        return try await http.perform(request).decode(T.self)
    }
}

/// A query pair that can cross into a `@Sendable` closure.
struct QueryItem: Sendable {
    var name: String
    var value: String
}
