import Foundation

/// Decimal to double without big-number arithmetic: w × 10^q for a 64-bit w is w times a 128-bit
/// approximation of 5^q (`PowersOfFive`), normalised and rounded to nearest-even (Eisel-Lemire; Lemire,
/// "Number Parsing at a Gigabyte per Second", 2021, and Mushtak & Lemire, "Fast Number Parsing Without
/// Fallback", 2023, for why one or two 64×64 products always suffice). This reads the 16–19-digit
/// numbers (raw doubles printed in full, integers above 2^53) and large exponents that `strtod` would
/// take ten times longer over, with the same correctly rounded result.
enum EiselLemire {
    /// The double nearest to w × 10^q (ties to even), with the sign applied; nil when the result is
    /// subnormal (below 2.2e-308), which the caller leaves to `strtod`. `w` must hold every significant
    /// digit of the number (no digit dropped), else the rounding could differ.
    @inline(__always) static func double(_ w: UInt64, _ q: Int, negative: Bool) -> Double? {
        let sign: UInt64 = negative ? 1 << 63 : 0
        if w == 0 || q < PowersOfFive.smallest { return Double(bitPattern: sign) }
        if q > PowersOfFive.largest { return Double(bitPattern: sign | 0x7FF0_0000_0000_0000) }
        let lz = w.leadingZeroBitCount
        let x = w << UInt64(lz)
        let index = 2 &* (q &- PowersOfFive.smallest)
        var (hi, lo) = x.multipliedFullWidth(by: PowersOfFive.words[index])
        // 55 bits are needed (52 stored, the implicit one, a rounding bit, a bit lost to the top-bit
        // shift); when the bits below them are all ones, a carry from the low word could reach them.
        let below: UInt64 = 0x1FF
        if hi & below == below {
            let carry = x.multipliedFullWidth(by: PowersOfFive.words[index + 1]).high
            lo = lo &+ carry
            if carry > lo { hi &+= 1 }
        }
        let upper = Int(hi >> 63)
        let shift = UInt64(upper + 9)
        var mantissa = hi >> shift
        // floor(log2(5^q)) + q + 63, plus the exponent bias.
        var power2 = ((217_706 &* q) >> 16) &+ 63 &+ upper &- lz &+ 1023
        if power2 <= 0 { return nil }
        // Exactly halfway between two doubles (only possible for small q): round to even, not up.
        if lo <= 1, q >= -4, q <= 23, mantissa & 3 == 1, mantissa << shift == hi { mantissa &= ~1 }
        mantissa += mantissa & 1
        mantissa >>= 1
        if mantissa >= 2 << 52 {
            mantissa = 1 << 52
            power2 += 1
        }
        mantissa &= ~(1 << 52)
        if power2 >= 0x7FF { return Double(bitPattern: sign | 0x7FF0_0000_0000_0000) }
        return Double(bitPattern: sign | UInt64(power2) << 52 | mantissa)
    }
}
