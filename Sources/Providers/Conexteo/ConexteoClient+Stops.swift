import Foundation
import SMSCore

extension ConexteoClient {
    /// `GET /stops/all`: the stop list (numbers that opted out), read page by page [G].
    public func stops(pageSize: Int = 100) -> ConexteoPages<ConexteoStop> {
        pages("/stops/all", operation: "list stops", pageSize: pageSize)
    }

    /// `POST /stops {recipient}`: stops `number`; stopping a number twice answers the existing
    /// entry [G path, I for the repeat].
    public func addStop(_ number: PhoneNumber) async throws(ProviderError) -> ConexteoStop {
        try await addStop(number.e164)
    }

    /// `POST /stops {recipient}` with the number as written (national or E.164); Conexteo
    /// refuses one it cannot read (400 naming it).
    public func addStop(_ recipient: String) async throws(ProviderError) -> ConexteoStop {
        try await call("POST", "/stops", body: ["recipient": recipient], operation: "add stop", idempotent: false)
    }

    /// `POST /stops/file` (multipart, field `file`): stops every number of a CSV or text file,
    /// one per line, header optional [I: the upload's shape is not public]. Lines that are not
    /// numbers come back in ``ConexteoFileImport/invalid``; the rest are imported.
    /// - Parameter filename: sent with the file; a `.csv` name announces `text/csv`.
    public func addStops(file: [UInt8], filename: String = "stops.csv") async throws(ProviderError) -> ConexteoFileImport {
        try await upload("/stops/file", file: file, filename: filename, operation: "add stops from file")
    }

    /// `POST /stops/file` with the file's contents as `Data`.
    public func addStops(file: Data, filename: String = "stops.csv") async throws(ProviderError) -> ConexteoFileImport {
        try await addStops(file: Array(file), filename: filename)
    }

    /// `DELETE /stops/:id`: takes a number off the stop list, so it can be sent to again.
    @discardableResult
    public func deleteStop(id: Int) async throws(ProviderError) -> ConexteoAcknowledgement {
        try await acknowledged("DELETE", "/stops/\(id)", operation: "delete stop")
    }
}
