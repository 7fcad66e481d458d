/// Turns the bytes a terminal sends into keys: UTF-8 text, control characters, and the escape
/// sequences of xterm-like terminals (CSI and SS3). Bytes that do not make a whole key yet wait
/// for more.
public struct KeyDecoder: Sendable {
    private var pending: [UInt8] = []

    /// An empty decoder.
    public init() {}

    /// True when bytes are waiting (part of a key, or keys not yet taken).
    public var hasPending: Bool { !pending.isEmpty }

    /// Adds bytes read from the terminal.
    public mutating func append<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        pending.append(contentsOf: bytes)
    }

    /// The next whole key, or nil when the pending bytes do not make one yet. With `flush`
    /// (no more bytes came in time), a lone Escape is a key and a cut UTF-8 sequence is dropped.
    public mutating func next(flush: Bool = false) -> Key? {
        guard let first = pending.first else { return nil }
        switch first {
        case 0x1B: return escape(flush: flush)
        case 0x0D, 0x0A: return take(1, .enter)
        case 0x09: return take(1, .tab)
        case 0x7F, 0x08: return take(1, .backspace)
        case 0x00..<0x20:
            return take(1, .control(Character(Unicode.Scalar(first + 0x60))))
        case 0x20..<0x80:
            return take(1, .character(Character(Unicode.Scalar(first))))
        default:
            return utf8(flush: flush)
        }
    }

    private mutating func take(_ count: Int, _ key: Key) -> Key {
        pending.removeFirst(count)
        return key
    }

    private mutating func utf8(flush: Bool) -> Key? {
        let first = pending[0]
        let length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1
        guard length > 1 else { return take(1, .unknown) }  // a stray continuation byte
        guard pending.count >= length else {
            if flush { pending.removeAll() }
            return flush ? .unknown : nil
        }
        let bytes = pending.prefix(length)
        pending.removeFirst(length)
        guard let text = String(validating: bytes, as: UTF8.self), let character = text.first else { return .unknown }
        return .character(character)
    }

    private mutating func escape(flush: Bool) -> Key? {
        guard pending.count >= 2 else { return flush ? take(1, .escape) : nil }
        switch pending[1] {
        case UInt8(ascii: "["): return csi(flush: flush)
        case UInt8(ascii: "O"):
            guard pending.count >= 3 else { return flush ? take(2, .unknown) : nil }
            let key: Key
            switch pending[2] {
            case UInt8(ascii: "A"): key = .up
            case UInt8(ascii: "B"): key = .down
            case UInt8(ascii: "C"): key = .right
            case UInt8(ascii: "D"): key = .left
            case UInt8(ascii: "H"): key = .home
            case UInt8(ascii: "F"): key = .end
            default: key = .unknown
            }
            return take(3, key)
        case UInt8(ascii: "b"): return take(2, .wordLeft)
        case UInt8(ascii: "f"): return take(2, .wordRight)
        case 0x7F, 0x08: return take(2, .deleteWordBackward)
        case 0x1B: return take(1, .escape)
        default: return take(2, .unknown)
        }
    }

    /// `ESC [ params final`: params are digits and `;`, the final byte is 0x40-0x7E.
    private mutating func csi(flush: Bool) -> Key? {
        var end = 2
        while end < pending.count, (0x30...0x3F).contains(pending[end]) { end += 1 }
        guard end < pending.count else {
            if flush { pending.removeAll() }
            return flush ? .unknown : nil
        }
        let parameters = String(decoding: pending[2..<end], as: UTF8.self)
        let final = pending[end]
        pending.removeFirst(end + 1)
        switch (final, parameters) {
        case (UInt8(ascii: "A"), _): return .up
        case (UInt8(ascii: "B"), _): return .down
        case (UInt8(ascii: "C"), "1;5"), (UInt8(ascii: "C"), "1;3"): return .wordRight
        case (UInt8(ascii: "D"), "1;5"), (UInt8(ascii: "D"), "1;3"): return .wordLeft
        case (UInt8(ascii: "C"), _): return .right
        case (UInt8(ascii: "D"), _): return .left
        case (UInt8(ascii: "H"), _): return .home
        case (UInt8(ascii: "F"), _): return .end
        case (UInt8(ascii: "~"), "1"), (UInt8(ascii: "~"), "7"): return .home
        case (UInt8(ascii: "~"), "4"), (UInt8(ascii: "~"), "8"): return .end
        case (UInt8(ascii: "~"), "3"): return .delete
        default: return .unknown
        }
    }
}
