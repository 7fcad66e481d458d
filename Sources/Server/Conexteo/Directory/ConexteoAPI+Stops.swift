import Foundation
import Hummingbird
import SMSCore
import Storage
import SandboxStore

extension ConexteoAPI {
    /// `GET /stops/all?page&limit`: `{items: [{id, recipient, timestamp}], meta}` [G rows, I page].
    func listStops(_ request: Request) async -> Response {
        let pagination: ConexteoPagination
        do throws(ConexteoSend.Invalid) { pagination = try ConexteoPagination(request) } catch {
            return ConexteoReply.badRequest(error.messages)
        }
        do throws(StorageError) {
            let total = try await store.sandboxStopCount()
            let rows = try await store.sandboxStops(offset: pagination.offset, limit: pagination.limit)
            return .json(200, pagination.body(rows.map(ConexteoDirectoryJSON.stop), total: total))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// `POST /stops {recipient}`: 201 with the new row, or 200 with the existing one when the
    /// number is already stopped [I].
    func addStop(_ request: Request) async -> Response {
        var request = request
        let json = try? await request.jsonBody()
        guard let text = json?["recipient"]?.string, !text.allSatisfy(\.isWhitespace) else {
            return ConexteoReply.badRequest(["recipient should not be empty"])
        }
        let number: PhoneNumber
        do throws(SMSCoreError) { number = try PhoneNumber.parse(text, region: "FR") } catch {
            return ConexteoReply.badRequest(["recipient: \(error.message)"])
        }
        do throws(StorageError) {
            let added = try await store.addSandboxStop(recipient: number.e164, at: clock.now())
            return .json(added.isNew ? 201 : 200, ConexteoDirectoryJSON.stop(added.stop))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// `POST /stops/file` (multipart, `file`): one number per line, the first column of a CSV;
    /// a first line without any digit is a header [I]. Answers `{success, message, added,
    /// duplicates, invalid: [{line, value, reason}]}`; the valid lines are imported even when
    /// others are not.
    func addStops(fromFile request: Request) async -> Response {
        let form: MultipartFormData
        switch await Self.upload(request) {
        case .success(let read): form = read
        case .failure(let refusal): return refusal.response
        }
        guard let file = form.part(named: "file") else {
            return ConexteoReply.badRequest(["file should not be empty: send the numbers as a multipart part named file"])
        }
        var rows = ConexteoCSV(file.content).rows
        if let first = rows.first, !first.fields.joined().contains(where: \.isNumber) { rows.removeFirst() }
        guard !rows.isEmpty else {
            return ConexteoReply.badRequest(["file \(file.filename ?? "file") holds no number: put one number per line"])
        }
        var numbers: [String] = []
        var invalid: [JSONValue] = []
        for row in rows {
            let value = row.fields.first ?? ""
            do throws(SMSCoreError) {
                numbers.append(try PhoneNumber.parse(value, region: "FR").e164)
            } catch {
                invalid.append(
                    .object(["line": .int(row.line), "value": .string(value), "reason": .string(error.message)]))
            }
        }
        do throws(StorageError) {
            let results = try await store.addSandboxStops(recipients: numbers, at: clock.now())
            let added = results.filter(\.isNew).count
            return .json(
                201,
                .object([
                    "success": .bool(true),
                    "message": .string("\(added) number(s) stopped, \(results.count - added) already stopped, \(invalid.count) invalid"),
                    "added": .int(added), "duplicates": .int(results.count - added), "invalid": .array(invalid),
                ]))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// `DELETE /stops/:id`: `{success, message}` [I: the answer is "dynamic" in MindCloud].
    func deleteStop(_ rawID: String?) async -> Response {
        let id: Int64
        switch Self.pathID(rawID, "stop") {
        case .success(let value): id = value
        case .failure(let error): return ConexteoReply.badRequest(error.messages)
        }
        do throws(StorageError) {
            guard let removed = try await store.deleteSandboxStop(id: id) else {
                return ConexteoReply.unknownID("Stop \(id) does not exist")
            }
            return .json(200, ConexteoDirectoryJSON.acknowledgement("\(removed.recipient) is no longer stopped"))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }
}
