import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Providers
import SMSCore
import Storage
import SandboxStore

extension ConerixWebhookDispatcher {
    /// Posts `events` to `endpoint` one after the other, so the endpoint sees `message.sent`
    /// before `message.delivered`; each is retried on its own.
    func deliver(_ events: [OutgoingConerixEvent], to endpoint: SandboxWebhookEndpoint) async {
        for event in events {
            guard !Task.isCancelled else { return }
            await deliver(event, to: endpoint)
        }
    }

    /// Posts one event until the endpoint answers 2xx or the attempts run out, recording each try.
    private func deliver(_ event: OutgoingConerixEvent, to endpoint: SandboxWebhookEndpoint) async {
        let secret = ProviderSecret(endpoint.signingSecret)
        for attempt in 1...policy.maxAttempts {
            let now = clock.now()
            // Signed afresh on each attempt, as Stripe does, so a late retry is not stale.
            let signature = ConerixSignature.sign(
                payload: event.body, secret: secret, timestamp: Int(now.timeIntervalSince1970.rounded(.down)))
            let outcome = await post(event.body, signature: signature, to: endpoint.url)
            guard !Task.isCancelled else { return }  // the server is stopping: an aborted post is no attempt
            let record = SandboxWebhookDelivery(
                endpointID: endpoint.id, eventID: event.id, eventType: event.type.rawValue, messageID: event.messageID,
                attempt: attempt, statusCode: outcome.status, error: outcome.error, attemptedAt: now)
            do throws(StorageError) {
                _ = try await store.insertSandboxWebhookDelivery(record)
            } catch {
                logger.warning("webhook delivery not recorded: \(error.message)")
            }
            if outcome.error == nil { return }
            guard attempt < policy.maxAttempts else {
                logger.warning(
                    "webhook \(event.type.rawValue) \(event.id) to \(endpoint.id) (\(endpoint.url)) failed after \(attempt) attempts: \(outcome.error ?? "")")
                return
            }
            do {
                try await Task.sleep(for: policy.delay(after: attempt))
            } catch {
                return  // the server is stopping
            }
        }
    }

    /// One POST: the status, and an error unless it was 2xx.
    private func post(_ body: [UInt8], signature: String, to url: String) async -> (status: Int?, error: String?) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Conerix-Webhooks (moonwire sandbox)")
        request.headers.add(name: ConerixSignature.headerName, value: signature)
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: .seconds(policy.timeout.components.seconds))
            // Read and discard the answer, so the connection can be reused.
            for try await _ in response.body {}
            let status = Int(response.status.code)
            return (status, (200..<300).contains(status) ? nil : "the endpoint answered HTTP \(status)")
        } catch {
            return (nil, "\(error)")
        }
    }
}
