import Hummingbird

/// Why an upload was not read, as the answer to send.
struct ConexteoUploadRefusal: Error, Sendable {
    /// The error answer.
    let response: Response
}
