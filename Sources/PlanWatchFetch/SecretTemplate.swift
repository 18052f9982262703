import Foundation
import PlanWatchText

/// `${NAME}` references to environment variables in URLs, header values and query values.
/// A value that references the environment is a secret: the expanded value and each variable's
/// value are added to the request's `secrets`, so they are masked everywhere.
public enum SecretTemplate {
    /// Names referenced by `template`, in order.
    public static func references(in template: String) -> [String] {
        var names: [String] = []
        var rest = template[...]
        while let open = rest.range(of: "${") {
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { break }
            names.append(String(rest[open.upperBound..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// Expands every `${NAME}`; returns the value and the secrets it introduced (empty when the
    /// template references nothing). Throws the name of the first variable that is not set.
    public static func expand(_ template: String, environment: [String: String]) -> Result<(value: String, secrets: Set<String>), MissingVariable> {
        let names = references(in: template)
        guard !names.isEmpty else { return .success((template, [])) }
        var value = template
        var secrets: Set<String> = []
        for name in names {
            guard let replacement = environment[name] else { return .failure(MissingVariable(name: name)) }
            // An empty secret is a deployment mistake (an unset variable exported as ""): sending an
            // empty credential only earns a 401 that hides the cause.
            guard !replacement.isEmpty else { return .failure(MissingVariable(name: name, isEmpty: true)) }
            if let problem = SecretMask.maskingProblem(replacement) {
                return .failure(MissingVariable(name: name, unmaskable: problem))
            }
            value = value.replacingOccurrences(of: "${\(name)}", with: replacement)
            secrets.insert(replacement)
        }
        secrets.insert(value)
        return .success((value, secrets.filter { !$0.isEmpty }))
    }

    public struct MissingVariable: Error, Sendable, Equatable {
        public var name: String
        /// Set, but to the empty string.
        public var isEmpty = false
        /// Set, but too short or too plain to be masked (`SecretMask.maskingProblem`): why.
        public var unmaskable: String?
    }
}

extension FetchRequest {
    /// Appends a header whose value may reference `${NAME}` environment variables (then a secret).
    /// Throws an `.invalidRequest` error naming the source, the header and the variable when unset.
    /// Refuses a header name that is not an HTTP token and a value with a control character (from the
    /// config or from an expanded variable): a CR or LF would end the header and inject others.
    public mutating func addHeader(_ name: String, template: String,
                                   environment: [String: String] = ProcessInfo.processInfo.environment) throws(FetchError) {
        if name.isEmpty || !name.unicodeScalars.allSatisfy(Self.isTokenCharacter) {
            throw FetchError(kind: .invalidRequest, sourceID: sourceID, url: maskedURL,
                             detail: "header name '\(ControlCharacters.neutralise(name, keepNewlines: false))' is not a valid HTTP header name",
                             fix: "use letters, digits and - in header names (e.g. Authorization, X-Api-Key)")
        }
        let (value, secrets) = try expand(template, where: "header \(name)", environment: environment)
        self.secrets.formUnion(secrets)
        if let bad = value.unicodeScalars.first(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }) {
            let origin = SecretTemplate.references(in: template).isEmpty
                ? "the value in the config" : "the value of \(SecretTemplate.references(in: template).map { "${\($0)}" }.joined(separator: ", "))"
            throw FetchError(kind: .invalidRequest, sourceID: sourceID, url: maskedURL,
                             detail: "header \(name): \(origin) contains the control character U+\(String(format: "%04X", bad.value)); a line break in a header would inject further headers",
                             fix: "remove line breaks and control characters from the value (e.g. a trailing newline from `$(cat token-file)`)")
        }
        headers.append((name, value))
    }

    /// RFC 9110 token characters, the only ones allowed in a header name.
    static func isTokenCharacter(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "a"..."z", "A"..."Z", "0"..."9": true
        case "!", "#", "$", "%", "&", "'", "*", "+", "-", ".", "^", "_", "`", "|", "~": true
        default: false
        }
    }

    /// Expands `${NAME}` in the URL (a secret then) and registers the password of a URL's user-info
    /// (`http://user:password@host/`) as a secret, so that it is masked everywhere the URL is shown.
    /// Refuses control characters in the URL.
    public mutating func expandURL(environment: [String: String] = ProcessInfo.processInfo.environment) throws(FetchError) {
        let (value, _) = try expand(url, where: "url", environment: environment)
        // Only the variables' values are secret: the rest of the URL stays readable in messages.
        for name in SecretTemplate.references(in: url) {
            if let secret = environment[name], !secret.isEmpty { self.secrets.insert(secret) }
        }
        url = value
        if let components = URLComponents(string: value), let password = components.password, !password.isEmpty {
            let user = components.user ?? ""
            if let problem = SecretMask.maskingProblem(password) {
                throw FetchError(kind: .invalidRequest, sourceID: sourceID, url: SecretMask.maskUserInfo(in: maskedURL),
                                 detail: "the password in the url's user-info \(problem)",
                                 fix: SecretMask.maskingFix)
            }
            self.secrets.formUnion([password, components.percentEncodedPassword ?? password, "\(user):\(password)"].filter { !$0.isEmpty })
        }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw FetchError(kind: .invalidRequest, sourceID: sourceID, url: maskedURL,
                             detail: "the url contains a control character (a line break or tab)",
                             fix: "remove line breaks and control characters from url (and from the variables it references)")
        }
    }

    /// Appends a query item whose value may reference `${NAME}` environment variables (then a secret).
    public mutating func addQuery(_ name: String, template: String,
                                  environment: [String: String] = ProcessInfo.processInfo.environment) throws(FetchError) {
        let (value, secrets) = try expand(template, where: "query \(name)", environment: environment)
        query.append((name, value))
        self.secrets.formUnion(secrets)
    }

    private func expand(_ template: String, where place: String,
                        environment: [String: String]) throws(FetchError) -> (String, Set<String>) {
        switch SecretTemplate.expand(template, environment: environment) {
        case .success(let expanded):
            return (expanded.value, expanded.secrets)
        case .failure(let missing) where missing.unmaskable != nil:
            throw FetchError(kind: .invalidRequest, sourceID: sourceID, url: maskedURL,
                             detail: "environment variable \(missing.name) referenced by \(place) \(missing.unmaskable ?? "")",
                             fix: "\(SecretMask.maskingFix) in \(missing.name)")
        case .failure(let missing) where missing.isEmpty:
            throw FetchError(kind: .invalidRequest, sourceID: sourceID, url: maskedURL,
                             detail: "environment variable \(missing.name) referenced by \(place) is set but empty",
                             fix: "set \(missing.name) to the credential in the environment of planwatch (e.g. export \(missing.name)=...)")
        case .failure(let missing):
            throw FetchError(kind: .invalidRequest, sourceID: sourceID, url: maskedURL,
                             detail: "environment variable \(missing.name) referenced by \(place) is not set",
                             fix: "set \(missing.name) in the environment of planwatch (e.g. export \(missing.name)=...)")
        }
    }
}
