/// Control characters from outside (a feed label, an error page, a CSV cell) must never reach a
/// terminal or a text file as such: ESC starts terminal sequences that can retitle, clear or rewrite
/// the screen, CR overwrites a line, BEL and the C1 controls do the rest. They are shown as the
/// Unicode Control Pictures (ESC → ␛), so the text stays readable and the problem visible.
public enum ControlCharacters {
    /// `text` with every C0 control except newline and tab, DEL and every C1 control replaced by a
    /// visible picture. `keepNewlines: false` also replaces newlines and tabs (for one-line fields).
    /// `keepCarriageReturns` keeps CR too, for CSV cells (quoted, so a line break is data there).
    public static func neutralise(_ text: String, keepNewlines: Bool = true, keepCarriageReturns: Bool = false) -> String {
        func replaced(_ scalar: Unicode.Scalar) -> Bool {
            isControl(scalar, keepNewlines: keepNewlines) && !(keepCarriageReturns && scalar == "\r")
        }
        guard text.unicodeScalars.contains(where: replaced) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if replaced(scalar) {
                scalars.append(picture(for: scalar))
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    public static func isControl(_ scalar: Unicode.Scalar, keepNewlines: Bool) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: !keepNewlines
        case 0x00...0x1F, 0x7F, 0x80...0x9F: true
        default: false
        }
    }

    public static func picture(for scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x00...0x1F: Unicode.Scalar(0x2400 + scalar.value)!
        case 0x7F: "\u{2421}"
        default: "\u{FFFD}"
        }
    }
}
