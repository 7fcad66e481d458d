extension ConexteoClient {
    // MARK: - SMS templates

    /// `POST /models` ("Create a template") [G]: name, text and sender are all required.
    public func createTemplate(name: String, content: String, sender: String) async throws(ProviderError)
        -> ConexteoTemplate
    {
        // Not idempotent: there is no dedup key, so a retry after a lost answer could create two.
        try await call(
            "POST", "/models", body: ConexteoTemplateRequest(name: name, content: content, sender: sender),
            operation: "template create", idempotent: false)
    }

    /// `GET /models` ("List templates") [G].
    public func templates() async throws(ProviderError) -> [ConexteoTemplate] {
        try await get("/models", operation: "template list")
    }

    /// `GET /models/:id` ("Template details") [G].
    /// - Throws: `not_found` when there is no such template.
    public func template(id: String) async throws(ProviderError) -> ConexteoTemplate {
        try await get("/models/\(Self.escapedPathID(id))", operation: "template details")
    }

    /// `PUT /models/:id` ("Update a template") [I: the body]: changes the fields given, keeps the others.
    /// - Throws: `not_found` when there is no such template.
    public func updateTemplate(
        id: String, name: String? = nil, content: String? = nil, sender: String? = nil
    ) async throws(ProviderError) -> ConexteoTemplate {
        try await call(
            "PUT", "/models/\(Self.escapedPathID(id))",
            body: ConexteoTemplateRequest(name: name, content: content, sender: sender),
            operation: "template update", idempotent: true)
    }

    /// `DELETE /models/:id` ("Delete") [I: the answer].
    /// - Throws: `not_found` when there is no such template.
    public func deleteTemplate(id: String) async throws(ProviderError) {
        let _: IgnoredAnswer = try await call(
            "DELETE", "/models/\(Self.escapedPathID(id))", operation: "template delete", idempotent: true)
    }

    // MARK: - RCS templates

    /// `POST /models/rcs` ("Create an RCS template") [I: the body mirrors the read shape].
    public func createRCSTemplate(
        name: String, content: ConexteoRCSContent, fallback: ConexteoRCSFallback? = nil
    ) async throws(ProviderError) -> ConexteoRCSTemplate {
        try await call(
            "POST", "/models/rcs", body: ConexteoRCSTemplateRequest(name: name, content: content, fallback: fallback),
            operation: "RCS template create", idempotent: false)
    }

    /// `GET /models/rcs` ("List RCS templates") [G].
    public func rcsTemplates() async throws(ProviderError) -> [ConexteoRCSTemplate] {
        try await get("/models/rcs", operation: "RCS template list")
    }

    /// `GET /models/rcs/:id` ("RCS template details") [I: the path].
    /// - Throws: `not_found` when there is no such RCS template.
    public func rcsTemplate(id: String) async throws(ProviderError) -> ConexteoRCSTemplate {
        try await get("/models/rcs/\(Self.escapedPathID(id))", operation: "RCS template details")
    }

    /// `PUT /models/rcs/:id` ("Update an RCS template") [I: path and body]: changes what is given.
    /// - Throws: `not_found` when there is no such RCS template.
    public func updateRCSTemplate(
        id: String, name: String? = nil, content: ConexteoRCSContent? = nil, fallback: ConexteoRCSFallback? = nil
    ) async throws(ProviderError) -> ConexteoRCSTemplate {
        try await call(
            "PUT", "/models/rcs/\(Self.escapedPathID(id))",
            body: ConexteoRCSTemplateRequest(name: name, content: content, fallback: fallback),
            operation: "RCS template update", idempotent: true)
    }

    /// `DELETE /models/rcs/:id` [I: the seed lists no RCS delete; the sandbox serves one like the SMS one].
    /// - Throws: `not_found` when there is no such RCS template.
    public func deleteRCSTemplate(id: String) async throws(ProviderError) {
        let _: IgnoredAnswer = try await call(
            "DELETE", "/models/rcs/\(Self.escapedPathID(id))", operation: "RCS template delete", idempotent: true)
    }
}

/// An answer whose body does not matter beyond being JSON (a delete's `{success, message}` [I]).
private struct IgnoredAnswer: Decodable {}
