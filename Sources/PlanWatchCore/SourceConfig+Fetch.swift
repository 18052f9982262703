import Foundation
import PlanWatchFetch

extension SourceConfig {
    /// The fetch layer's request for this source: `${NAME}` in header and query values is expanded
    /// from the environment and kept as a secret, masked in every message, log and manifest.
    public func fetchSpec(environment: [String: String] = ProcessInfo.processInfo.environment) throws(FetchError) -> SourceSpec {
        let request = try request(environment: environment)
        try request.validate()
        return SourceSpec(sourceID: id, request: request, maxStale: maxStale,
                          pagination: pagination == "world-bank" ? .worldBank() : nil)
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
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            try request.addHeader(name, template: value, environment: environment)
        }
        for (name, value) in query { try request.addQuery(name, template: value, environment: environment) }
        return request
    }
}
