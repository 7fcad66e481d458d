extension ConexteoClient {
    /// `GET /messages/replies` ("Replies - paginated"): what handsets sent back, newest first,
    /// read a page at a time [V: the route; I: the rows and their order].
    public func replies(pageSize: Int = 100) -> ConexteoPages<ConexteoInboundReply> {
        pages("/messages/replies", operation: "replies", pageSize: pageSize)
    }

    /// `GET /messages/replies/extract` ("Replies - full extract"): every reply in one answer,
    /// newest first [I: the order].
    public func allReplies() async throws(ProviderError) -> [ConexteoInboundReply] {
        try await get("/messages/replies/extract", operation: "replies extract")
    }
}
