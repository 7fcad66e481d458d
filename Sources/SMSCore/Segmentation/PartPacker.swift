/// Greedy packing of indivisible units into multipart segments, recording where parts start.
///
/// Greedy packing at the multipart capacity gives the same parts as Twilio's calculator (fill a
/// first segment without header, then add the header and move what no longer fits), so one pass
/// is enough: if the total fits in a single segment the cuts are simply ignored.
struct PartPacker {
    /// Units a part of a concatenated message holds (153 septets or 67 UTF-16 units).
    let capacity: Int
    /// UTF-8 offsets at which a new part starts, in increasing order: the first eight inline, so
    /// that messages of up to nine parts allocate nothing here.
    private var inlineCuts: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var moreCuts: [Int] = []
    private(set) var cutCount = 0
    /// Units added so far.
    private(set) var total = 0
    private var current = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds a unit of `cost` that starts at UTF-8 offset `offset`, opening a new part if needed.
    @inline(__always)
    mutating func add(cost: Int, at offset: Int) {
        if current &+ cost > capacity, current > 0 {
            appendCut(offset)
            current = 0
        }
        current &+= cost
        total &+= cost
    }

    /// Adds `count` one-byte units of cost 1 starting at UTF-8 offset `offset`.
    @inline(__always)
    mutating func addRun(count: Int, at offset: Int) {
        if current &+ count <= capacity {
            current &+= count
            total &+= count
            return
        }
        addLongRun(count: count, at: offset)
    }

    private mutating func addLongRun(count: Int, at offset: Int) {
        var remaining = count
        var offset = offset
        while true {
            let room = capacity &- current
            if room >= remaining {
                current &+= remaining
                total &+= remaining
                return
            }
            current &+= room
            total &+= room
            offset &+= room
            remaining &-= room
            appendCut(offset)
            current = 0
        }
    }

    private mutating func appendCut(_ offset: Int) {
        if cutCount < 8 {
            let slot = cutCount
            withUnsafeMutableBytes(of: &inlineCuts) { $0.storeBytes(of: offset, toByteOffset: slot &* 8, as: Int.self) }
        } else {
            moreCuts.append(offset)
        }
        cutCount &+= 1
    }

    /// The `index`-th cut.
    func cut(_ index: Int) -> Int {
        if index >= 8 { return moreCuts[index &- 8] }
        return withUnsafeBytes(of: inlineCuts) { $0.load(fromByteOffset: index &* 8, as: Int.self) }
    }

    /// Adds one unit of cost 1 per scalar of the UTF-8 in `range` (BMP scalars only).
    mutating func addScalars(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        var index = range.lowerBound
        while index < range.upperBound {
            // Eight bytes at a time while the part has room: count the bytes that start a scalar.
            if index &+ 8 <= range.upperBound {
                let starts = ASCIIWords.scalarStarts(ASCIIWords.load(bytes, at: index))
                if current &+ starts <= capacity {
                    current &+= starts
                    total &+= starts
                    index &+= 8
                    continue
                }
            }
            let end = min(index &+ 8, range.upperBound)
            while index < end {
                if bytes[index] & 0xC0 != 0x80 { add(cost: 1, at: index) }
                index &+= 1
            }
        }
    }

    /// The parts of `text` as slices of it: the whole text if it fits in one segment. Cuts fall
    /// on scalar boundaries, so each slice is valid on its own.
    func parts(of text: String, singleCapacity: Int) -> [Substring] {
        if total <= singleCapacity { return [text[...]] }
        var parts: [Substring] = []
        parts.reserveCapacity(cutCount &+ 1)
        let utf8 = text.utf8
        var lower = utf8.startIndex
        var start = 0
        for index in 0..<cutCount {
            let end = cut(index)
            let upper = utf8.index(lower, offsetBy: end &- start)
            parts.append(text[lower..<upper])
            lower = upper
            start = end
        }
        parts.append(text[lower...])
        return parts
    }
}
