import Foundation

/// `${NAME}` references to environment variables in header values, query values or bodies.
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
            value = value.replacingOccurrences(of: "${\(name)}", with: replacement)
            secrets.insert(replacement)
        }
        secrets.insert(value)
        return .success((value, secrets.filter { !$0.isEmpty }))
    }

    public struct MissingVariable: Error, Sendable, Equatable {
        public var name: String
    }
}

extension FetchRequest {
    /// Appends a header whose value may reference `${NAME}` environment variables (then a secret).
    /// Throws an `.invalidRequest` error naming the source, the header and the variable when unset.
    public mutating func addHeader(_ name: String, template: String,
                                   environment: [String: String] = ProcessInfo.processInfo.environment) throws(FetchError) {
        let (value, secrets) = try expand(template, where: "header \(name)", environment: environment)
        headers.append((name, value))
        self.secrets.formUnion(secrets)
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
        case .failure(let missing):
            throw FetchError(kind: .invalidRequest, sourceID: sourceID, url: maskedURL,
                             detail: "environment variable \(missing.name) referenced by \(place) is not set",
                             fix: "set \(missing.name) in the environment of planwatch (e.g. export \(missing.name)=...)")
        }
    }
}
