/// Terminal column counting by Unicode East Asian Width: wide (W) and full-width (F) characters take
/// two columns, combining marks and format characters none, everything else one. Ambiguous-width
/// characters (A: "…", "→", "·") count as one, as in most terminals outside CJK legacy locales.
public enum DisplayWidth {
    /// Columns one Unicode scalar takes on its own.
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 { return 0 }
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }  // C0/C1 controls
        if v < 0x300 { return 1 }  // fast path: Latin
        if standsAlone(v) { return isWide(v) ? 2 : 1 }  // fast path: CJK text and punctuation
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return 0
        case .format: return v == 0xAD ? 1 : 0  // ZWJ, ZWSP, bidi marks; soft hyphen shows
        default: break
        }
        if (0x1160...0x11FF).contains(v) { return 0 }  // Hangul medial vowels and final consonants
        return isWide(v) ? 2 : 1
    }

    /// Columns one grapheme cluster takes: its first scalar decides, except that an emoji
    /// presentation selector (U+FE0F) widens it to two.
    public static func width(of character: Character) -> Int {
        if let v = singleScalar(character), let scalar = Unicode.Scalar(v) { return width(of: scalar) }
        var scalars = character.unicodeScalars.makeIterator()
        guard let first = scalars.next() else { return 0 }
        var w = width(of: first)
        if w == 1, character.unicodeScalars.contains("\u{FE0F}") { w = 2 }
        return w
    }

    /// Columns a string takes in a terminal.
    public static func width(of text: some StringProtocol) -> Int {
        // Scalar by scalar while every scalar is one whose grapheme cluster is itself (see
        // `standsAlone`): splitting into Characters took a quarter of the text renderer's time.
        var total = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x300 {
                total += v < 0x20 || (0x7F..<0xA0).contains(v) ? 0 : 1
            } else if standsAlone(v) {
                total += isWide(v) ? 2 : 1
            } else {
                total = 0
                for character in text { total += width(of: character) }
                return total
            }
        }
        return total
    }

    /// Scalars above U+02FF that always form a grapheme cluster of their own (none extends, joins or
    /// prefixes another) and are neither marks nor format characters, so their width is `isWide`'s:
    /// CJK ideographs, kana, CJK and general punctuation, full-width forms, arrows, box drawing,
    /// geometric shapes. Below U+0300 only CR LF cluster, and both count zero.
    static func standsAlone(_ v: UInt32) -> Bool {
        switch v {
        case 0x2010...0x2027, 0x2030...0x205E, 0x2190...0x21FF, 0x2500...0x25FF, 0x3000...0x3029, 0x3030...0x303F,
            0x3041...0x3096, 0x30A0...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF01...0xFF60:
            return true
        default:
            return false
        }
    }

    /// Pads with spaces to `columns` display columns (never truncates; see `fit`).
    public static func pad(_ text: String, to columns: Int, alignment: Alignment = .leading) -> String {
        let gap = columns - width(of: text)
        guard gap > 0 else { return text }
        switch alignment {
        case .leading: return text + String(repeating: " ", count: gap)
        case .trailing: return String(repeating: " ", count: gap) + text
        case .center:
            let left = gap / 2
            return String(repeating: " ", count: left) + text + String(repeating: " ", count: gap - left)
        }
    }

    /// Cuts to at most `columns` display columns, ending with `ellipsis` when something was cut.
    /// A wide character is never split: the result may be one column short, never one over.
    public static func truncate(_ text: String, to columns: Int, ellipsis: String = "…") -> String {
        guard columns > 0 else { return "" }
        if width(of: text) <= columns { return text }
        let room = columns - width(of: ellipsis)
        guard room >= 0 else { return prefix(text, columns: columns) }
        return prefix(text, columns: room) + ellipsis
    }

    /// Truncates, then pads: exactly `columns` columns.
    public static func fit(_ text: String, to columns: Int, alignment: Alignment = .leading) -> String {
        pad(truncate(text, to: columns), to: columns, alignment: alignment)
    }

    /// Breaks text into lines of at most `columns` columns: at spaces between words, anywhere
    /// between wide (CJK) characters, and inside a word only when the word alone is too long.
    /// Existing newlines are kept.
    public static func wrap(_ text: String, to columns: Int) -> [String] {
        let columns = max(1, columns)
        // Most cells and lines fit as they are: one line, the text unchanged (wrapping drops leading
        // and trailing spaces, so only text without them takes this path).
        if let first = text.unicodeScalars.first, first != " ", text.unicodeScalars.last != " ",
           !text.utf8.contains(UInt8(ascii: "\n")), width(of: text) <= columns,
           let head = text.first, width(of: head) > 0 {
            return [text]
        }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append(contentsOf: wrapLine(String(paragraph), columns: columns))
        }
        return lines
    }

    public enum Alignment: Sendable, Hashable {
        case leading, trailing, center
    }

    // MARK: - Private

    private static func prefix(_ text: String, columns: Int) -> String {
        var out = ""
        var used = 0
        for character in text {
            let w = width(of: character)
            if used + w > columns { break }
            out.append(character)
            used += w
        }
        return out
    }

    /// Tokens: a run of narrow non-space characters is one token (a word); each wide character is a
    /// token of its own; spaces separate tokens.
    static func wrapLine(_ line: String, columns: Int) -> [String] {
        var tokens: [(text: String, space: Bool)] = []
        var word = ""
        var opening = ""  // opening punctuation waiting for the token it belongs to
        func push(_ text: String) {
            tokens.append((opening + text, false))
            opening = ""
        }
        func flush() {
            if !word.isEmpty { push(word); word = "" }
        }
        for character in line {
            if character == " " {
                flush()
                if !opening.isEmpty { push("") }
                tokens.append((" ", true))
            } else if isClosing(character) {
                // Line-breaking rule: closing punctuation never starts a line.
                if !word.isEmpty || !opening.isEmpty {
                    word.append(character)
                    if width(of: character) == 2 { flush() }
                } else if let last = tokens.indices.last, !tokens[last].space {
                    tokens[last].text.append(character)
                } else {
                    push(String(character))
                }
            } else if isOpening(character) {
                flush()
                opening.append(character)
            } else if width(of: character) == 2 {
                flush()
                push(String(character))
            } else {
                word.append(character)
            }
        }
        flush()
        if !opening.isEmpty { push("") }

        var lines: [String] = []
        var current = ""
        var used = 0
        func newLine() {
            while current.hasSuffix(" ") { current.removeLast(); used -= 1 }
            lines.append(current)
            current = ""
            used = 0
        }
        for token in tokens {
            let w = width(of: token.text)
            if token.space {
                if used == 0 { continue }  // no leading space on a wrapped line
                if used + 1 > columns { newLine(); continue }
                current += " "
                used += 1
                continue
            }
            if used + w <= columns {
                current += token.text
                used += w
                continue
            }
            if used > 0 { newLine() }
            if w <= columns {
                current = token.text
                used = w
                continue
            }
            // A word longer than a line: hard break.
            for character in token.text {
                let cw = width(of: character)
                if used + cw > columns { newLine() }
                current.append(character)
                used += cw
            }
        }
        if used > 0 || lines.isEmpty { newLine() }
        return lines
    }

    static let closing: Set<Character> = Set("）」』】》〉〕，。、；：！？”’…%)]}.,;:!?")
    static let openingSet: Set<Character> = Set("（「『【《〈〔“‘")

    /// `closing.contains(c)` without hashing a Character (which normalises it) for one-scalar
    /// characters; the list includes the scalars that are canonically equal to a member (U+037E is
    /// ";", U+232A is "〉"), as Character equality makes them.
    static func isClosing(_ c: Character) -> Bool {
        guard let v = singleScalar(c) else { return closing.contains(c) }
        switch v {
        case 0xFF09, 0x300D, 0x300F, 0x3011, 0x300B, 0x3009, 0x3015, 0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF01,
            0xFF1F, 0x201D, 0x2019, 0x2026, 0x25, 0x29, 0x5D, 0x7D, 0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x37E, 0x232A:
            return true
        default:
            return false
        }
    }

    /// `openingSet.contains(c)`, likewise (U+2329 is "〈").
    static func isOpening(_ c: Character) -> Bool {
        guard let v = singleScalar(c) else { return openingSet.contains(c) }
        switch v {
        case 0xFF08, 0x300C, 0x300E, 0x3010, 0x300A, 0x3008, 0x3014, 0x201C, 0x2018, 0x2329: return true
        default: return false
        }
    }

    /// The scalar of a one-scalar character, else nil.
    static func singleScalar(_ c: Character) -> UInt32? {
        let scalars = c.unicodeScalars
        guard let first = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex else { return nil }
        return first.value
    }

    private static func isWide(_ v: UInt32) -> Bool {
        // East Asian Width W and F ranges (Unicode 15), compacted; emoji presentation blocks included.
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
            0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
            0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA,
            0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757,
            0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
            0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
            0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x16FE0...0x16FE4, 0x16FF0...0x16FF1, 0x17000...0x18CD5, 0x18D00...0x18D08,
            0x1AFF0...0x1B2FB, 0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F202,
            0x1F210...0x1F23B, 0x1F240...0x1F248, 0x1F250...0x1F251, 0x1F260...0x1F265,
            0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C, 0x1F37E...0x1F393,
            0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4, 0x1F3F8...0x1F43E,
            0x1F440, 0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567,
            0x1F57A, 0x1F595...0x1F596, 0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5, 0x1F6CC,
            0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7, 0x1F6DC...0x1F6DF, 0x1F6EB...0x1F6EC,
            0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB, 0x1F7F0, 0x1F90C...0x1F93A, 0x1F93C...0x1F945,
            0x1F947...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
