import Hummingbird
import SMSCore
import Storage
import SandboxStore

extension ConexteoAPI {
    /// Adds the template routes: `/models` and `/models/:id` for SMS templates [G], `/models/rcs`
    /// and `/models/rcs/:id` for RCS ones [G list; I the rest], each with create (POST), list and
    /// details (GET), update (PUT) and delete (DELETE).
    func addTemplateRoutes(to group: RouterGroup<SandboxRequestContext>) {
        for kind in [SandboxConexteoTemplate.Kind.rcs, .sms] {
            let base = kind == .sms ? "models" : "models/rcs"
            group.post(RouterPath(base)) { request, _ in await authorized(request) { await createTemplate($0, kind: kind) } }
            group.get(RouterPath(base)) { request, _ in await authorized(request) { _ in await listTemplates(kind: kind) } }
            group.get(RouterPath(base + "/:id")) { request, context in
                await authorized(request) { _ in await showTemplate(context.parameters.get("id"), kind: kind) }
            }
            group.put(RouterPath(base + "/:id")) { request, context in
                await authorized(request) { await updateTemplate($0, context.parameters.get("id"), kind: kind) }
            }
            group.delete(RouterPath(base + "/:id")) { request, context in
                await authorized(request) { _ in await deleteTemplate(context.parameters.get("id"), kind: kind) }
            }
        }
    }

    private func createTemplate(_ request: Request, kind: SandboxConexteoTemplate.Kind) async -> Response {
        var request = request
        let json = try? await request.jsonBody()
        guard case .object = json else {
            return ConexteoReply.badRequest(["the request body must be a JSON object describing the template"])
        }
        var template = SandboxConexteoTemplate(kind: kind, name: "", createdAt: clock.now())
        do throws(ConexteoSend.Invalid) {
            switch kind {
            case .sms: try ConexteoTemplateInput(json, creating: true).apply(to: &template)
            case .rcs: try ConexteoRCSTemplateInput(json, creating: true).apply(to: &template)
            }
        } catch {
            return ConexteoReply.badRequest(error.messages)
        }
        do throws(StorageError) {
            return .json(201, try await store.insertSandboxConexteoTemplate(template).json)
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    private func listTemplates(kind: SandboxConexteoTemplate.Kind) async -> Response {
        do throws(StorageError) {
            return .json(200, .array(try await store.sandboxConexteoTemplates(kind: kind).map(\.json)))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    private func showTemplate(_ rawID: String?, kind: SandboxConexteoTemplate.Kind) async -> Response {
        guard case .success(let id) = Self.pathID(rawID, "template") else { return Self.badTemplateID(rawID) }
        do throws(StorageError) {
            guard let template = try await store.sandboxConexteoTemplate(id: id, kind: kind) else {
                return Self.unknownTemplate(id, kind: kind)
            }
            return .json(200, template.json)
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    private func updateTemplate(_ request: Request, _ rawID: String?, kind: SandboxConexteoTemplate.Kind) async -> Response {
        guard case .success(let id) = Self.pathID(rawID, "template") else { return Self.badTemplateID(rawID) }
        var request = request
        let json = try? await request.jsonBody()
        guard case .object = json else {
            return ConexteoReply.badRequest(["the request body must be a JSON object with the fields to change"])
        }
        do throws(StorageError) {
            guard var template = try await store.sandboxConexteoTemplate(id: id, kind: kind) else {
                return Self.unknownTemplate(id, kind: kind)
            }
            do throws(ConexteoSend.Invalid) {
                switch kind {
                case .sms: try ConexteoTemplateInput(json, creating: false).apply(to: &template)
                case .rcs: try ConexteoRCSTemplateInput(json, creating: false).apply(to: &template)
                }
            } catch {
                return ConexteoReply.badRequest(error.messages)
            }
            template.updatedAt = clock.now()
            guard try await store.updateSandboxConexteoTemplate(template) else { return Self.unknownTemplate(id, kind: kind) }
            return .json(200, template.json)
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    private func deleteTemplate(_ rawID: String?, kind: SandboxConexteoTemplate.Kind) async -> Response {
        guard case .success(let id) = Self.pathID(rawID, "template") else { return Self.badTemplateID(rawID) }
        do throws(StorageError) {
            guard try await store.deleteSandboxConexteoTemplate(id: id, kind: kind) else {
                return Self.unknownTemplate(id, kind: kind)
            }
            // [I] the shape of Conexteo's other deletes (`{success, message}`, MindCloud).
            return .json(200, .object(["success": .bool(true), "message": .string("Template \(id) deleted")]))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    private static func unknownTemplate(_ id: Int64, kind: SandboxConexteoTemplate.Kind) -> Response {
        ConexteoReply.unknownID(
            kind == .sms
                ? "Template \(id) not found: GET /models lists the SMS templates"
                : "RCS template \(id) not found: GET /models/rcs lists the RCS templates")
    }

    /// 400 for a template id that is not a number [I: NestJS's ParseIntPipe].
    private static func badTemplateID(_ raw: String?) -> Response {
        ConexteoReply.badRequest(["template id must be a positive integer (got \(raw ?? "nothing"))"])
    }
}
