import Foundation

extension Double {
    /// Six significant digits, whole numbers without a decimal point: enough to recompute a figure by
    /// hand from an explanation or warning without drowning the reader in binary noise.
    var reportText: String {
        if !isFinite { return "\(self)" }
        if self == rounded(), abs(self) < 1e15 { return String(format: "%.0f", self) }
        return String(format: "%.6g", self)
    }

    /// A fraction shown as a percentage with three decimals (0.0512 → "5.120%").
    var percentText: String { String(format: "%.3f%%", self * 100) }
}
