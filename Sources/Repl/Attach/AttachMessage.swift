/// One frame of the attach protocol between `moonwire repl --attach` and `moonwire serve`: a
/// 4-byte big-endian length, then this as JSON. The client sends `eval`, `complete` and
/// `interrupt`; serve answers each `eval` with `output` frames (what the chunk printed) then one
/// of `values`, `error` or `incomplete`, each `complete` with `completions`, and greets with `hello`.
public struct AttachMessage: Codable, Sendable, Hashable {
    /// The frame types.
    public enum Kind: String, Codable, Sendable {
        case hello, eval, complete, interrupt, output, values, error, incomplete, completions
    }

    /// The protocol version `hello` announces.
    public static let version = 1

    public var type: Kind
    /// The request an answer belongs to (0 for output printed outside any evaluation).
    public var id: Int?
    /// `eval`: the chunk.
    public var chunk: String?
    /// `complete`: the line up to the cursor; `output`: printed text; `values`: the rendered results.
    public var text: String?
    /// `completions`: the word replaced.
    public var word: String?
    /// `completions`: the candidates.
    public var items: [String]?
    /// `error`, `incomplete`: the message (`stdin:1: ...`).
    public var message: String?
    /// `error`: the traceback.
    public var traceback: String?
    /// `hello`: the protocol version, serve's provider, database and process id.
    public var version: Int?
    public var provider: String?
    public var database: String?
    public var pid: Int?

    /// A frame of `type`.
    public init(_ type: Kind, id: Int? = nil) {
        self.type = type
        self.id = id
    }

    /// The answer to eval `id` that gave `outcome`.
    static func answer(_ outcome: ReplOutcome, id: Int) -> AttachMessage {
        switch outcome {
        case .values(let text):
            var m = AttachMessage(.values, id: id)
            m.text = text
            return m
        case .incomplete(let message):
            var m = AttachMessage(.incomplete, id: id)
            m.message = message
            return m
        case .failure(let message, let traceback):
            var m = AttachMessage(.error, id: id)
            m.message = message
            m.traceback = traceback
            return m
        }
    }

    /// The outcome an eval answer carries (a failure for an unexpected frame).
    var outcome: ReplOutcome {
        switch type {
        case .values: .values(text)
        case .incomplete: .incomplete(message ?? "incomplete chunk")
        case .error: .failure(message: message ?? "error", traceback: traceback ?? "")
        default: .failure(message: "moonwire serve answered an unexpected \(type.rawValue) frame", traceback: "")
        }
    }
}
