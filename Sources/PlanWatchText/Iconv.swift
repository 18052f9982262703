import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Character-set conversion through the C library's iconv. Foundation on Linux has no GB18030 codec;
/// glibc ships the table. Used to read GBK/GB18030 office exports and to write GB18030 CSV for older
/// Excel setups.
public enum Iconv {
    /// Converts `bytes` from one encoding to another; nil when the converter is missing or the input
    /// is not valid in the source encoding (strict: no byte is skipped or replaced).
    public static func convert(_ bytes: some Collection<UInt8>, from source: String, to target: String) -> Data? {
        guard let cd = iconv_open(target, source), cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = Array(bytes)
        // Between UTF-8 and GB18030 a character never grows beyond twice its bytes (1→1, 2→≤3, 3→≤4,
        // 4→4); the margin covers a converter's shift sequences.
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        let written: Int? = input.withUnsafeMutableBytes { inBuf in
            output.withUnsafeMutableBytes { outBuf in
                var inPtr = inBuf.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr = outBuf.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                guard iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1, inLeft == 0 else { return nil }
                return outBuf.count - outLeft
            }
        }
        return written.map { Data(output[0..<$0]) }
    }
}
