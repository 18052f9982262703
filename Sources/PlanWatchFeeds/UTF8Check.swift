import Foundation

/// Strict UTF-8 validation in place (RFC 3629: no overlong forms, no surrogates, nothing above
/// U+10FFFF) that says where the first bad sequence is, so that an error can name its line and byte
/// offset instead of "not UTF-8". ASCII runs are checked eight bytes at a time.
public enum UTF8Check {
    /// The byte offset of the first invalid or truncated sequence, nil when all of `bytes` is UTF-8.
    public static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let p = bytes.baseAddress else { return nil }
        let n = bytes.count
        var i = 0
        while i < n {
            // ASCII fast path.
            while i + 8 <= n {
                let word = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
                let high = word & 0x8080_8080_8080_8080
                // Past the ASCII bytes before the first non-ASCII one (the word is little-endian).
                if high != 0 { i += high.trailingZeroBitCount >> 3; break }
                i += 8
            }
            guard i < n else { break }
            // Runs of three-byte sequences without special cases (CJK text: U+1000–U+CFFF, U+E000–U+FFFF)
            // checked in a tight loop: a lead byte E1–EC or EE–EF and two continuation bytes.
            while i + 3 <= n {
                let b0 = p[i]
                guard b0 >= 0xE1, b0 <= 0xEF, b0 != 0xED, p[i + 1] & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80 else { break }
                i += 3
            }
            guard i < n else { break }
            let b0 = p[i]
            if b0 < 0x80 { i += 1; continue }
            func cont(_ k: Int) -> Bool { i + k < n && p[i + k] & 0xC0 == 0x80 }
            switch b0 {
            case 0xC2...0xDF:
                guard cont(1) else { return i }
                i += 2
            case 0xE0...0xEF:
                guard i + 1 < n else { return i }
                let b1 = p[i + 1]
                let ok1 = b0 == 0xE0 ? (0xA0...0xBF).contains(b1) : b0 == 0xED ? (0x80...0x9F).contains(b1) : b1 & 0xC0 == 0x80
                guard ok1, cont(2) else { return i }
                i += 3
            case 0xF0...0xF4:
                guard i + 1 < n else { return i }
                let b1 = p[i + 1]
                let ok1 = b0 == 0xF0 ? (0x90...0xBF).contains(b1) : b0 == 0xF4 ? (0x80...0x8F).contains(b1) : b1 & 0xC0 == 0x80
                guard ok1, cont(2), cont(3) else { return i }
                i += 4
            default:
                return i
            }
        }
        return nil
    }

    /// `line L, byte B` for a byte offset (line 1-based, offset 0-based from the start of the file).
    public static func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>, skipped: Int = 0) -> String {
        let line = 1 + bytes[..<min(offset, bytes.count)].reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
        return "line \(line), byte \(offset + skipped)"
    }

    /// Where the first NUL byte is (`line L, byte B`), nil when there is none. Text never holds a NUL,
    /// so one anywhere means binary content: a CSV with rows and then a gigabyte of zeros once passed
    /// the check of the first KiB and took 18 s and 3 GB to read. `memchr` runs at memory speed (well
    /// under a second for a gigabyte), so the whole input is checked before any decoder reads it.
    public static func binaryContent(in data: Data) -> String? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> String? in
            guard let base = raw.baseAddress, let hit = memchr(base, 0, raw.count) else { return nil }
            let offset = UnsafeRawPointer(hit) - base
            return position(of: offset, in: raw.bindMemory(to: UInt8.self))
        }
    }
}
