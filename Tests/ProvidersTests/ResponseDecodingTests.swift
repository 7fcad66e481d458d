import Testing
@testable import Providers

@Suite struct ResponseDecodingTests {
    func response(_ status: Int, _ body: String, contentType: String = "application/json", provider: String = "conerix")
        -> ProviderResponse
    {
        ProviderResponse(
            status: status, headers: [("Content-Type", contentType), ("X-Request-Id", "req_h")], body: Array(body.utf8),
            provider: provider, operation: "send", redactor: Redactor(secrets: ["k_secret"]))
    }

    func decodeFailure(_ r: ProviderResponse) -> ProviderError? {
        do throws(ProviderError) {
            _ = try r.decodeConerix(ConerixMessage.self)
            return nil
        } catch { return error }
    }

    @Test(arguments: [
        ("", "empty body"),
        ("<html><body>Bad gateway</body></html>", "HTML page"),
        ("{\"success\": true, \"data\": {\"id\": ", "not valid JSON"),
        ("{\"success\": true, \"data\": {\"status\": \"sent\"}}", "lacks the field data.id"),
        ("{\"success\": true, \"data\": {\"id\": 5, \"status\": \"sent\"}}", "a number at data.id where a string was expected"),
        ("[1, 2]", "an array at the top level where an object was expected"),
        ("{\"success\": false, \"data\": {\"id\": \"m\", \"status\": \"sent\"}}", "`success` is false"),
    ])
    func garbageIsATypedError(body: String, says: String) throws {
        let error = try #require(decodeFailure(response(200, body)))
        #expect(error.code == "invalid_response")
        #expect(error.provider == "conerix")
        #expect(error.operation == "send")
        #expect(error.httpStatus == 200)
        #expect(error.requestID == "req_h")
        #expect(!error.retryable)
        #expect(error.message.contains(says), "\(error.message)")
    }

    @Test func quotedBodiesAreRedacted() throws {
        let error = try #require(decodeFailure(response(200, "<p>your key k_secret is wrong</p>")))
        #expect(!error.message.contains("k_secret"))
        #expect(!error.description.contains("k_secret"))
    }

    @Test func conerixErrorEnvelope() {
        let body = #"{"success":false,"error":{"type":"rate_limit_error","code":"rate_limit_exceeded","message":"Rate limit exceeded. Maximum 60 requests per minute."},"meta":{"request_id":"req_42"}}"#
        let error = ConerixErrorEnvelope.failure(from: response(429, body))
        #expect(error.code == "rate_limit_exceeded")
        #expect(error.requestID == "req_42")
        #expect(error.message.contains("Maximum 60 requests per minute"))
    }

    @Test func unexplainedFailuresFallBackOnTheStatus() {
        let html = ConerixErrorEnvelope.failure(from: response(502, "<html>oops</html>", contentType: "text/html"))
        #expect(html.code == "provider_unavailable")
        #expect(html.message.contains("an HTML page"))
        let empty = ConexteoErrorBody.failure(from: response(401, "", provider: "conexteo"))
        #expect(empty.code == "unauthorized")
        #expect(empty.message.contains("CONEXTEO_API_KEY"))
    }

    @Test func conexteoErrorBodies() throws {
        let dedup = try response(409, #"{"status": 409, "error": "External ID already processed"}"#).decode(ConexteoErrorBody.self)
        #expect(dedup.isExternalIDAlreadyProcessed)
        let nest = ConexteoErrorBody.failure(
            from: response(400, #"{"statusCode":400,"message":["content should not be empty","recipients must contain at least 1 elements"],"error":"Bad Request"}"#, provider: "conexteo"))
        #expect(nest.code == "invalid_request")
        #expect(nest.message.contains("content should not be empty; recipients must contain"))
    }

    @Test func conexteoSendResponseIsLenientButNeedsAnID() throws {
        let ok = try response(200, #"{"success":true,"message_id":1234,"credits_used":"2","sms_count":2,"doublons":0}"#).decode(ConexteoSendResponse.self)
        #expect(ok.messageID == "1234")
        #expect(ok.creditsUsed == 2)
        #expect(ok.smsCount == 2)
        #expect(throws: ProviderError.self) { try response(200, #"{"success":true}"#).decode(ConexteoSendResponse.self) }
    }
}
