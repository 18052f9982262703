import Foundation

/// The secret values of this process (expanded `${NAME}` variables, passwords in URLs), masked as
/// `***` in every text that leaves it: terminal lines, logs, report files, the manifest, cache
/// metadata. One process-wide set, because a secret can come back from anywhere (a server that echoes
/// the request's `Authorization` header into an error page, a decoder error quoting that line, a
/// module that copies a label) and every exit must be covered without each layer knowing the sources.
///
/// The host registers the secrets of its configuration when it loads it; library code that holds a
/// request masks with the request's own secrets too (`SecretMask.mask(_:secrets:)`).
public final class SecretMask: @unchecked Sendable {
    public static let shared = SecretMask()

    private let lock = NSLock()
    /// Every form of every secret, longest first, so one secret containing another is fully masked.
    private var forms: [String] = []
    private var byteForms: [[UInt8]] = []
    /// The first byte of every form: a file without any of them at a matching place needs no copy.
    private var firstBytes = [Bool](repeating: false, count: 256)

    public init() {}

    public static let replacement = "***"

    /// The shortest secret that can be masked. Masking replaces text wherever it occurs: a secret of a
    /// few characters ("4", "2024", "yueyang") also occurs in the figures, years, codes and words of
    /// every report, which then read `***` and, inside JSON, stop being JSON. Eight characters is the
    /// shortest length no report text is likely to contain by chance that every credential scheme
    /// PlanWatch talks to (API keys, bearer tokens, passwords) meets; a secret of digits and
    /// punctuation only must be twice as long, since figures and dates are made of just that.
    public static let minimumLength = 8
    public static let minimumLengthWithoutLetters = 16

    /// Why `secret` cannot be masked safely, or nil when it can: the config loader refuses such a
    /// secret, naming the key and the variable, before anything is sent or written.
    public static func maskingProblem(_ secret: String) -> String? {
        let count = secret.count
        if count < minimumLength {
            return "is \(count) character\(count == 1 ? "" : "s") long; a secret this short also occurs in ordinary report text (figures, years, codes) and cannot be masked without corrupting every output"
        }
        if !secret.unicodeScalars.contains(where: { CharacterSet.letters.contains($0) }) && count < minimumLengthWithoutLetters {
            return "has no letter and is \(count) characters long; a secret of digits and punctuation this short also occurs in figures and dates and cannot be masked without corrupting every output"
        }
        return nil
    }

    /// The fix that goes with `maskingProblem`.
    public static let maskingFix = "use a secret of at least \(minimumLength) characters (\(minimumLengthWithoutLetters) when it has no letter)"

    /// Adds secrets (empty strings are ignored, and so is a secret too short to mask: see
    /// `maskingProblem`; the config loader refuses it, and masking it would corrupt every file).
    public func register(_ secrets: some Sequence<String>) {
        lock.lock()
        defer { lock.unlock() }
        var set = Set(forms)
        for secret in secrets where !secret.isEmpty && Self.maskingProblem(secret) == nil { set.formUnion(Self.forms(of: secret)) }
        forms = set.sorted { $0.utf8.count != $1.utf8.count ? $0.utf8.count > $1.utf8.count : $0 < $1 }
        byteForms = forms.map { Array($0.utf8) }
        firstBytes = [Bool](repeating: false, count: 256)
        for form in byteForms { if let first = form.first { firstBytes[Int(first)] = true } }
    }

    public var isEmpty: Bool { lock.withLock { forms.isEmpty } }

    /// `text` with every registered secret replaced by `***`.
    public func mask(_ text: String) -> String {
        let current = lock.withLock { forms }
        guard !current.isEmpty else { return text }
        var result = text
        for form in current where result.contains(form) {
            result = result.replacingOccurrences(of: form, with: Self.replacement)
        }
        return result
    }

    /// `data` with every registered secret replaced by `***` (byte-wise, for files of any encoding
    /// that keeps ASCII and UTF-8 sequences as they are).
    public func mask(_ data: Data) -> Data {
        let (current, firsts) = lock.withLock { (byteForms, firstBytes) }
        guard !current.isEmpty, Self.holdsAny(current, firsts: firsts, in: data) else { return data }
        var result = data
        for form in current { result = Self.replace(form, in: result) }
        return result
    }

    /// Whether `data` holds any registered secret, in any form.
    public func occurs(in data: Data) -> Bool {
        let (current, firsts) = lock.withLock { (byteForms, firstBytes) }
        return !current.isEmpty && Self.holdsAny(current, firsts: firsts, in: data)
    }

    /// Masks `secrets` (and the registered ones) in `text`.
    public static func mask(_ text: String, secrets: some Sequence<String>) -> String {
        var all = Set<String>()
        for secret in secrets where !secret.isEmpty { all.formUnion(forms(of: secret)) }
        var result = text
        for form in all.sorted(by: { $0.utf8.count > $1.utf8.count }) where result.contains(form) {
            result = result.replacingOccurrences(of: form, with: replacement)
        }
        return shared.mask(result)
    }

    /// Whether `data` holds `secrets` (a request's own) or any registered secret, in any form: the one
    /// rule for a body that must not be kept on disk as delivered (the response cache refuses it, the
    /// job store keeps it masked).
    public static func occurs(in data: Data, secrets: some Sequence<String>) -> Bool {
        // The host registers its config's secrets: only the others cost a search of the body each.
        let registered = Set(shared.lock.withLock { shared.byteForms })
        let own = byteForms(of: secrets).filter { !registered.contains($0) }
        return shared.occurs(in: data) || own.contains { data.range(of: Data($0)) != nil }
    }

    /// `data` with `secrets` and every registered secret replaced by `***`, byte-wise.
    public static func mask(_ data: Data, secrets: some Sequence<String>) -> Data {
        var result = data
        for form in byteForms(of: secrets) { result = replace(form, in: result) }
        return shared.mask(result)
    }

    /// Every form of `secrets`, as bytes, longest first.
    private static func byteForms(of secrets: some Sequence<String>) -> [[UInt8]] {
        var all = Set<String>()
        for secret in secrets where !secret.isEmpty { all.formUnion(forms(of: secret)) }
        return all.map { Array($0.utf8) }.sorted { $0.count > $1.count }
    }

    /// `text` with the user-info of every URL in it (`scheme://user:password@host`) replaced by `***`,
    /// whether the URL parses or not: a malformed URL (`http://u:p@[::1/x`, `htp://u:p@host`) never
    /// had its password registered as a secret, and is exactly what an error message quotes.
    /// The authority ends at the first `/`, `?`, `#`, space or quote; an `@` after a `/` still counts
    /// when what precedes it is not `host:port` (a password holding an unencoded `/`).
    public static func maskUserInfo(in text: String) -> String {
        guard text.contains("://") else { return text }
        let ends: Set<Character> = ["/", "?", "#", " ", "\t", "\n", "'", "\"", "<", ">", "`"]
        let hard: Set<Character> = [" ", "\t", "\n", "'", "\"", "<", ">", "`"]
        var result = ""
        var rest = text[...]
        while let marker = rest.range(of: "://") {
            result += rest[..<marker.upperBound]
            let authority = rest[marker.upperBound...]
            let end = authority.firstIndex { ends.contains($0) } ?? authority.endIndex
            var at = authority[..<end].lastIndex(of: "@")
            if at == nil {
                // `user:pa/ss@host`: no port after the colon, and an `@` before the URL ends.
                let head = authority[..<end]
                if let colon = head.firstIndex(of: ":"), !head[head.index(after: colon)...].allSatisfy(\.isNumber) {
                    let hardEnd = authority.firstIndex { hard.contains($0) } ?? authority.endIndex
                    at = authority[..<hardEnd].lastIndex(of: "@")
                }
            }
            if let at {
                result += replacement
                rest = authority[at...]
            } else {
                rest = authority
            }
        }
        return result + rest
    }

    /// The ways a secret shows up in text: as is, percent-encoded (in URLs and form bodies), escaped
    /// for JSON, HTML and CSV, and Base64 (HTTP Basic credentials, which libcurl builds from a URL's
    /// `user:password`).
    public static func forms(of secret: String) -> [String] {
        var found: Set<String> = [secret]
        var unreserved = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        unreserved.insert(charactersIn: "-._~")
        if let encoded = secret.addingPercentEncoding(withAllowedCharacters: unreserved) { found.insert(encoded) }
        if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) { found.insert(encoded) }
        found.insert(secret.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "/", with: "\\/"))
        found.insert(secret.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))
        found.insert(secret.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;"))
        found.insert(secret.replacingOccurrences(of: "\"", with: "\"\""))
        if secret.utf8.count >= 4 {
            let base64 = Data(secret.utf8).base64EncodedString()
            // Padding depends on what follows in a longer Base64 text; the unpadded stem matches either way.
            found.insert(String(base64.prefix { $0 != "=" }))
        }
        return found.filter { !$0.isEmpty }.sorted()
    }

    /// One pass over `data`: does any form start at any byte? Every report file goes through `mask`,
    /// and almost none holds a secret; `Data.range(of:)` per form cost a search of the whole file each.
    private static func holdsAny(_ forms: [[UInt8]], firsts: [Bool], in data: Data) -> Bool {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Bool in
            let count = bytes.count
            var i = 0
            while i < count {
                if firsts[Int(bytes[i])] {
                    for form in forms where form.count <= count - i && form[0] == bytes[i] {
                        var j = 1
                        while j < form.count && form[j] == bytes[i + j] { j += 1 }
                        if j == form.count { return true }
                    }
                }
                i += 1
            }
            return false
        }
    }

    private static func replace(_ form: [UInt8], in data: Data) -> Data {
        let needle = Data(form)
        guard var range = data.range(of: needle) else { return data }
        var result = Data()
        result.reserveCapacity(data.count)
        var start = data.startIndex
        while true {
            result.append(data[start..<range.lowerBound])
            result.append(contentsOf: replacement.utf8)
            start = range.upperBound
            guard let next = data.range(of: needle, in: start..<data.endIndex) else { break }
            range = next
        }
        result.append(data[start..<data.endIndex])
        return result
    }
}
