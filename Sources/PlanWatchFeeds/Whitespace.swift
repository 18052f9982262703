import Foundation

/// White space trimming on UTF-8 bytes, the same set as Foundation's `.whitespaces` (tab and Unicode
/// Zs: U+0020, U+00A0, U+1680, U+2000–U+200A, U+202F, U+205F, U+3000, and U+200B as Foundation has it) and `.whitespacesAndNewlines`
/// (also U+000A–U+000D, U+0085, U+2028, U+2029). Foundation's `trimmingCharacters` goes through
/// UTF-16 on Linux and cost more than the rest of reading a CSV cell.
enum Whitespace {
    /// The length of the white space scalar at the start of `p[0..<n]`, 0 when there is none.
    @inline(__always) static func leading(_ p: UnsafePointer<UInt8>, _ n: Int, newlines: Bool) -> Int {
        let b = p[0]
        if b < 0x80 { return b == 0x20 || b == 0x09 || (newlines && b >= 0x0A && b <= 0x0D) ? 1 : 0 }
        if b == 0xC2 {
            return n >= 2 && (p[1] == 0xA0 || (newlines && p[1] == 0x85)) ? 2 : 0
        }
        guard n >= 3, b >= 0xE1, b <= 0xE3 else { return 0 }
        switch (b, p[1], p[2]) {
        case (0xE1, 0x9A, 0x80), (0xE2, 0x80, 0x80...0x8B), (0xE2, 0x80, 0xAF), (0xE2, 0x81, 0x9F), (0xE3, 0x80, 0x80): return 3
        case (0xE2, 0x80, 0xA8), (0xE2, 0x80, 0xA9): return newlines ? 3 : 0
        default: return 0
        }
    }

    /// The length of the white space scalar at the end of `p[0..<n]`, 0 when there is none.
    @inline(__always) static func trailing(_ p: UnsafePointer<UInt8>, _ n: Int, newlines: Bool) -> Int {
        let b = p[n - 1]
        if b < 0x80 { return leading(p + n - 1, 1, newlines: newlines) }
        if n >= 2 && p[n - 2] == 0xC2 { return leading(p + n - 2, 2, newlines: newlines) }
        if n >= 3 { return leading(p + n - 3, 3, newlines: newlines) }
        return 0
    }

    /// `bytes` without leading and trailing white space.
    static func trim(_ bytes: UnsafeBufferPointer<UInt8>, newlines: Bool) -> UnsafeBufferPointer<UInt8> {
        guard var p = bytes.baseAddress else { return bytes }
        var n = bytes.count
        // Most cells start with a byte no white space starts with (printable ASCII, a CJK lead byte
        // E4–EF) and end with one none ends with (printable ASCII, a continuation byte B0–BF): kept
        // as they are, without the scalar checks below (a twentieth of the time of a cell).
        if n > 0 {
            let first = p[0], last = p[n - 1]
            if (first > 0x20 && first < 0x80 || first >= 0xE4 && first <= 0xEF) && (last > 0x20 && last < 0x80 || last >= 0xB0 && last <= 0xBF) {
                return bytes
            }
        }
        while n > 0 {
            let k = leading(p, n, newlines: newlines)
            if k == 0 { break }
            p += k
            n -= k
        }
        while n > 0 {
            let k = trailing(p, n, newlines: newlines)
            if k == 0 { break }
            n -= k
        }
        return UnsafeBufferPointer(start: p, count: n)
    }

    /// As `trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)`.
    static func trim(_ text: String, newlines: Bool = false) -> String {
        var copy = text
        return copy.withUTF8 { bytes in
            let kept = trim(bytes, newlines: newlines)
            return kept.count == bytes.count ? text : String(decoding: kept, as: UTF8.self)
        }
    }
}

/// Strings made from byte ranges, one per distinct text: rows that repeat a text (titles, units,
/// regions, source URLs) share one string instead of decoding and allocating it again. An open-
/// addressing table keyed by a word-at-a-time hash of the bytes: hashing a `String` normalises
/// non-ASCII text, and `Hasher` alone cost more than the rest of a cell. Capped (then texts are
/// still returned, just not kept).
struct ByteKeyed<Value> {
    static var cap: Int { 1 << 16 }
    private var hashes = [UInt64](repeating: 0, count: 64)
    /// Per slot: where its key's bytes start in `keys` and how many there are, its text and value.
    /// Keys are compared with these bytes, so a hit touches no `String` (no retain, no release).
    private var starts = [Int](repeating: 0, count: 64)
    private var lengths = [Int](repeating: 0, count: 64)
    private var texts = [String](repeating: "", count: 64)
    private var values = [Value?](repeating: nil, count: 64)
    private var keys: [UInt8] = []
    private var used = 0

    init() {}

    @inline(__always) static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
        guard let p = bytes.baseAddress else { return h | 1 }
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            h = (h ^ word(p + i)) &* 0x100_0000_01b3
            h ^= h >> 29
            i += 8
        }
        // The last 1–7 bytes as one word, read with at most two loads inside the bytes (short codes
        // are only this; a loop of byte shifts was a third of a lookup): a longer text's last eight
        // bytes, overlapping the words before; else two overlapping halves, or three single bytes.
        if i < n {
            let tail: UInt64
            if n >= 8 {
                tail = word(p + n - 8)
            } else if n >= 4 {
                tail = UInt64(half(p)) | UInt64(half(p + n - 4)) << 32
            } else {
                tail = UInt64(p[0]) | UInt64(p[n >> 1]) << 8 | UInt64(p[n - 1]) << 16
            }
            h = (h ^ tail) &* 0x100_0000_01b3
            h ^= h >> 29
        }
        h = h &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 32
        return h | 1  // 0 marks an empty slot
    }

    @inline(__always) private static func word(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
    }

    @inline(__always) private static func half(_ p: UnsafePointer<UInt8>) -> UInt32 {
        UnsafeRawPointer(p).loadUnaligned(as: UInt32.self)
    }

    mutating func lookup(_ bytes: UnsafeBufferPointer<UInt8>, _ make: (String) -> Value) -> (text: String, value: Value) {
        let h = Self.hash(bytes)
        if let slot = slot(of: bytes, hash: h) { return (texts[slot], values[slot]!) }
        let text = String(decoding: bytes, as: UTF8.self)
        let entry = (text: text, value: make(text))
        store(entry, bytes: bytes, hash: h)
        return entry
    }

    /// As `lookup`, the value alone: a hit touches no `String` (no retain and release of the text,
    /// a twentieth of the time of a cell).
    @inline(__always) mutating func value(_ bytes: UnsafeBufferPointer<UInt8>, _ make: (String) -> Value) -> Value {
        let h = Self.hash(bytes)
        if let slot = slot(of: bytes, hash: h) { return values[slot]! }
        let text = String(decoding: bytes, as: UTF8.self)
        let value = make(text)
        store((text, value), bytes: bytes, hash: h)
        return value
    }

    /// The value kept for `bytes` (whose hash is `h`), nil when there is none.
    @inline(__always) func find(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Value? {
        slot(of: bytes, hash: h).map { values[$0]! }
    }

    @inline(__always) private func slot(of bytes: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int? {
        let mask = hashes.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while hashes[slot] != 0 {
            if hashes[slot] == h, lengths[slot] == bytes.count, keys.withUnsafeBufferPointer({ Self.same($0.baseAddress! + starts[slot], bytes) }) {
                return slot
            }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Whether the `b.count` bytes at `a` are `b`'s: up to 16 bytes as two overlapping words (or
    /// halves), not byte by byte.
    @inline(__always) private static func same(_ a: UnsafePointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        guard n > 0, let q = b.baseAddress else { return true }
        if n > 16 { return memcmp(a, q, n) == 0 }
        if n >= 8 { return word(a) == word(q) && word(a + n - 8) == word(q + n - 8) }
        if n >= 4 { return half(a) == half(q) && half(a + n - 4) == half(q + n - 4) }
        return a[0] == q[0] && a[n >> 1] == q[n >> 1] && a[n - 1] == q[n - 1]
    }

    /// Keeps `entry` for `bytes` (whose hash is `h`, not already kept), unless the cap is reached.
    mutating func store(_ entry: (text: String, value: Value), bytes: UnsafeBufferPointer<UInt8>, hash h: UInt64) {
        guard used < Self.cap else { return }
        if (used + 1) * 2 > hashes.count { grow() }
        let mask = hashes.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while hashes[slot] != 0 { slot = (slot + 1) & mask }
        hashes[slot] = h
        starts[slot] = keys.count
        lengths[slot] = bytes.count
        keys.append(contentsOf: bytes)
        // One byte more so that the arena is never empty (`baseAddress` non-nil for an empty key).
        if keys.isEmpty { keys.append(0) }
        texts[slot] = entry.text
        values[slot] = entry.value
        used += 1
    }

    /// The table with storage of its own (`CSVSplitReader.fork`).
    func unshared() -> Self {
        var copy = self
        copy.hashes = hashes.unshared()
        copy.starts = starts.unshared()
        copy.lengths = lengths.unshared()
        copy.texts = texts.unshared()
        copy.values = values.unshared()
        copy.keys = keys.unshared()
        return copy
    }

    private mutating func grow() {
        let oldHashes = hashes, oldStarts = starts, oldLengths = lengths, oldTexts = texts, oldValues = values
        let size = oldHashes.count * 2
        hashes = [UInt64](repeating: 0, count: size)
        starts = [Int](repeating: 0, count: size)
        lengths = [Int](repeating: 0, count: size)
        texts = [String](repeating: "", count: size)
        values = [Value?](repeating: nil, count: size)
        let mask = size - 1
        for k in oldHashes.indices where oldHashes[k] != 0 {
            var slot = Int(truncatingIfNeeded: oldHashes[k]) & mask
            while hashes[slot] != 0 { slot = (slot + 1) & mask }
            hashes[slot] = oldHashes[k]
            starts[slot] = oldStarts[k]
            lengths[slot] = oldLengths[k]
            texts[slot] = oldTexts[k]
            values[slot] = oldValues[k]
        }
    }
}

/// Category positions of one dimension, found from a cell's bytes: the bytes' position is kept
/// (`ByteKeyed`), so a code written a million times is decoded and hashed as a `String` once. The
/// codes themselves are keyed as strings (uncapped), because different texts can name one code
/// (`CN: China`, `CN: Chine` in SDMX-CSV with labels).
struct CategoryLookup {
    private var cache = ByteKeyed<Int>()
    private var byCode: [String: Int] = [:]

    /// The position of the category written as `bytes` in `dimension`, added (code and label as
    /// `split` reads the text) when new.
    mutating func position(_ bytes: UnsafeBufferPointer<UInt8>, in dimension: inout FeedDimension,
                           split: (String) -> (id: String, label: String?) = { ($0, nil) }) -> Int {
        let h = ByteKeyed<Int>.hash(bytes)
        if let known = cache.find(bytes, hash: h) { return known }
        let text = String(decoding: bytes, as: UTF8.self)
        let (code, label) = split(text)
        let p: Int
        if let known = byCode[code] {
            p = known
        } else {
            p = dimension.codes.count
            byCode[code] = p
            dimension.codes.append(code)
            dimension.labels.append(label)
        }
        cache.store((text, p), bytes: bytes, hash: h)
        return p
    }

    /// The position of `code` in `dimension`, added with `label` when new: for the categories another
    /// lookup found in later records (`CSVSplitScan`), in the order it found them.
    mutating func position(ofCode code: String, label: String?, in dimension: inout FeedDimension) -> Int {
        if let known = byCode[code] { return known }
        let p = dimension.codes.count
        byCode[code] = p
        dimension.codes.append(code)
        dimension.labels.append(label)
        return p
    }

    /// Positions here of the categories of `later` (its dimension, found by another lookup from later
    /// records), adding those that are new.
    mutating func merge(_ later: FeedDimension, into dimension: inout FeedDimension) -> [Int32] {
        later.codes.indices.map { Int32(position(ofCode: later.codes[$0], label: later.labels[$0], in: &dimension)) }
    }

    /// The lookup with storage of its own (`CSVSplitReader.fork`).
    func unshared() -> Self {
        var copy = self
        copy.cache = cache.unshared()
        var byCode = [String: Int](minimumCapacity: self.byCode.count)
        for (code, p) in self.byCode { byCode[code] = p }
        copy.byCode = byCode
        return copy
    }

    /// The position of an already added code, nil when there is none.
    func existing(_ code: String) -> Int? { byCode[code] }
}
