import Repl
import Testing

@Suite("Key decoding: the bytes terminals send")
struct KeyDecoderTests {
    func keys(_ bytes: [UInt8], flush: Bool = false) -> [Key] {
        var decoder = KeyDecoder()
        decoder.append(bytes)
        var keys: [Key] = []
        while let key = decoder.next(flush: flush) { keys.append(key) }
        return keys
    }

    @Test func textControlKeysAndUTF8() {
        #expect(keys(Array("aé€😀".utf8)) == [.character("a"), .character("é"), .character("€"), .character("😀")])
        #expect(keys([0x0D, 0x09, 0x7F, 0x03, 0x04, 0x12]) == [.enter, .tab, .backspace, .control("c"), .control("d"), .control("r")])
    }

    @Test func escapeSequences() {
        let csi: [UInt8] = [0x1B, 0x5B]
        #expect(keys(csi + [0x41] + csi + [0x42] + csi + [0x43] + csi + [0x44]) == [.up, .down, .right, .left])
        #expect(keys(csi + Array("3~".utf8) + csi + Array("1~".utf8) + csi + Array("4~".utf8)) == [.delete, .home, .end])
        #expect(keys(csi + Array("1;5C".utf8) + [0x1B, 0x4F, 0x48] + [0x1B, 0x62]) == [.wordRight, .home, .wordLeft])
    }

    @Test("a sequence split across reads waits for its end; a lone Escape needs a flush")
    func partialInput() {
        var decoder = KeyDecoder()
        decoder.append([0x1B, 0x5B])
        #expect(decoder.next() == nil)
        decoder.append([0x41, 0xC3])
        #expect(decoder.next() == .up)
        #expect(decoder.next() == nil)  // half of "é"
        decoder.append([0xA9])
        #expect(decoder.next() == .character("é"))
        decoder.append([0x1B])
        #expect(decoder.next() == nil)
        #expect(decoder.next(flush: true) == .escape)
        #expect(!decoder.hasPending)
    }
}
