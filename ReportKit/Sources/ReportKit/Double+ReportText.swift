import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Double {
    /// Six significant digits, whole numbers without a decimal point: enough to recompute a figure by
    /// hand from an explanation or warning without drowning the reader in binary noise.
    var reportText: String {
        if !isFinite { return "\(self)" }
        if self == rounded(), abs(self) < 1e15 { return printf("%.0f") }
        return printf("%.6g")
    }

    /// A fraction shown as a percentage with three decimals (0.0512 → "5.120%").
    var percentText: String { (self * 100).printf("%.3f%%") }

    /// `String(format: format, self)` through the C library directly: Foundation builds a CFString
    /// per call, 8 % of building 3,000 region reports (every explanation quotes its figures). The same
    /// text: Foundation formats doubles with the C library too, in the C locale a Swift program keeps.
    func printf(_ format: String) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buffer -> String in
            let n = withVaList([self]) { vsnprintf(buffer.baseAddress!, buffer.count, format, $0) }
            guard n >= 0, n < buffer.count else { return String(format: format, self) }
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: Int(n)).bindMemory(to: UInt8.self), as: UTF8.self)
        }
    }
}
