import Testing

@testable import Engine

@Suite("Derived dedup keys and short digests")
struct DedupKeyTests {
    @Test("the short digest is the first half of SHA-256 in lowercase hex (flow runs stored with it stay pinned)")
    func digestIsStable() {
        // FIPS 180-2's "abc" vector: ba7816bf8f01cfea414140de5dae2223 b00361a3...
        #expect(ShortDigest.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223")
        #expect(ScriptHost.sourceHash(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223")
    }

    @Test("a key that fits is kept; a longer one keeps whole scalars up to 95 bytes, then ~ and its digest")
    func fitted() {
        let fits = String(repeating: "k", count: 128)
        #expect(DedupKey.fitted(fits) == fits)
        let long = String(repeating: "é", count: 70)  // 140 bytes
        let key = DedupKey.fitted(long)
        #expect(key == String(repeating: "é", count: 47) + "~" + ShortDigest.hex(Array(long.utf8)))
        #expect(key.utf8.count <= 128)
        #expect(DedupKey.fitted(long + "1") != DedupKey.fitted(long + "2"))
    }
}
