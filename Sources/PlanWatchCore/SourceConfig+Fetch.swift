import Foundation
import PlanWatchFetch
import PlanWatchText

extension SourceConfig {
    /// The fetch layer's request for this source: `${NAME}` in header and query values is expanded
    /// from the environment and kept as a secret, masked in every message, log and manifest.
    public func fetchSpec(environment: [String: String] = ProcessInfo.processInfo.environment) throws(FetchError) -> SourceSpec {
        let request = try request(environment: environment)
        try request.validate()
        return SourceSpec(sourceID: id, request: request, maxStale: maxStale,
                          pagination: pagination)
    }

    /// The secret values this source's request would carry (expanded `${NAME}` variables, a URL's
    /// password), as far as they can be expanded: registered with `SecretMask.shared` by the config
    /// loader so that they are masked in every output, even when the request itself is refused.
    public func secrets(environment: [String: String] = ProcessInfo.processInfo.environment) -> Set<String> {
        guard case .url(let url) = location else { return [] }
        var found: Set<String> = []
        for template in [url] + headers.values + query.map(\.1) + [body ?? ""] {
            for name in SecretTemplate.references(in: template) {
                // A value too short to mask is refused by `fetchProblems`; registered, it would mask every "4".
                if let value = environment[name], !value.isEmpty, SecretMask.maskingProblem(value) == nil { found.insert(value) }
            }
            if case .success(let expanded) = SecretTemplate.expand(template, environment: environment) {
                found.formUnion(expanded.secrets)
            }
        }
        var probe = FetchRequest(sourceID: id, url: url)
        try? probe.expandURL(environment: environment)
        return found.union(probe.secrets)
    }

    /// Every problem of this source's request (for `planwatch validate`, which lists them all).
    public func fetchProblems(environment: [String: String] = ProcessInfo.processInfo.environment) -> [FetchError] {
        do {
            return try request(environment: environment).problems()
        } catch {
            return [error]
        }
    }

    func request(environment: [String: String]) throws(FetchError) -> FetchRequest {
        guard case .url(let url) = location else {
            throw FetchError(kind: .invalidRequest, sourceID: id, url: locationText, detail: "a local file is not fetched")
        }
        var request = FetchRequest(
            sourceID: id, url: url, method: method == "POST" ? .post : .get, body: body.map { Data($0.utf8) },
            connectTimeout: connectTimeout, totalTimeout: totalTimeout, retries: retries, maxBytes: Int64(maxBytes),
            caFile: caFile?.path)
        try request.expandURL(environment: environment)
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            try request.addHeader(name, template: value, environment: environment)
        }
        for (name, value) in query { try request.addQuery(name, template: value, environment: environment) }
        return request
    }
}
