import Foundation
import PlanWatchText

/// One HTTP request as a source declares it. Values are plain data; the `Fetcher` turns them into
/// libcurl options.
public struct FetchRequest: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable, Codable {
        case get = "GET"
        case post = "POST"
    }

    /// The source id, used only to name the source in messages and logs.
    public var sourceID: String
    public var url: String
    public var method: Method
    /// Request headers, in order. Values may be secrets (see `secrets`).
    public var headers: [(name: String, value: String)]
    /// Query items appended to `url` (percent-encoded here).
    public var query: [(name: String, value: String)]
    /// Request body (POST), e.g. a PxWeb JSON query.
    public var body: Data?
    /// Values that must never appear in messages, logs, manifests or the cache metadata
    /// (e.g. header values that came from `${ENV}` references). Masked as `***`.
    public var secrets: Set<String>
    /// Connection timeout in seconds (default 10).
    public var connectTimeout: Double
    /// Total timeout per attempt in seconds, including redirects and the body (default 60).
    public var totalTimeout: Double
    /// How many times a failed attempt is retried (default 3, so at most 4 attempts).
    public var retries: Int
    /// Largest accepted body in bytes (default 64 MiB), enforced while receiving.
    public var maxBytes: Int64
    /// Most redirects followed (default 5).
    public var maxRedirects: Int
    /// Optional CA bundle (PEM) used instead of the system store. TLS verification is always on.
    public var caFile: String?
    /// Conditional GET: the ETag of the cached body, sent as `If-None-Match`.
    public var ifNoneMatch: String?
    /// Conditional GET: the Last-Modified of the cached body, sent as `If-Modified-Since`.
    public var ifModifiedSince: String?

    public static let defaultMaxBytes: Int64 = 64 << 20

    public init(
        sourceID: String = "",
        url: String,
        method: Method = .get,
        headers: [(name: String, value: String)] = [],
        query: [(name: String, value: String)] = [],
        body: Data? = nil,
        secrets: Set<String> = [],
        connectTimeout: Double = 10,
        totalTimeout: Double = 60,
        retries: Int = 3,
        maxBytes: Int64 = FetchRequest.defaultMaxBytes,
        maxRedirects: Int = 5,
        caFile: String? = nil,
        ifNoneMatch: String? = nil,
        ifModifiedSince: String? = nil
    ) {
        self.sourceID = sourceID
        self.url = url
        self.method = method
        self.headers = headers
        self.query = query
        self.body = body
        self.secrets = secrets
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.retries = retries
        self.maxBytes = maxBytes
        self.maxRedirects = maxRedirects
        self.caFile = caFile
        self.ifNoneMatch = ifNoneMatch
        self.ifModifiedSince = ifModifiedSince
    }

    // Tuples are not Hashable: compare field by field.
    public static func == (a: FetchRequest, b: FetchRequest) -> Bool {
        a.sourceID == b.sourceID && a.url == b.url && a.method == b.method
            && a.headers.map { [$0.name, $0.value] } == b.headers.map { [$0.name, $0.value] }
            && a.query.map { [$0.name, $0.value] } == b.query.map { [$0.name, $0.value] }
            && a.body == b.body && a.secrets == b.secrets && a.connectTimeout == b.connectTimeout
            && a.totalTimeout == b.totalTimeout && a.retries == b.retries && a.maxBytes == b.maxBytes
            && a.maxRedirects == b.maxRedirects && a.caFile == b.caFile && a.ifNoneMatch == b.ifNoneMatch
            && a.ifModifiedSince == b.ifModifiedSince
    }

    public func hash(into h: inout Hasher) {
        h.combine(sourceID); h.combine(url); h.combine(method)
        for (n, v) in headers { h.combine(n); h.combine(v) }
        for (n, v) in query { h.combine(n); h.combine(v) }
        h.combine(body)
    }

    /// The URL with `query` appended, as sent.
    public var effectiveURL: String {
        guard !query.isEmpty else { return url }
        let encoded = query.map { "\(Self.percentEncode($0.name))=\(Self.percentEncode($0.value))" }
            .joined(separator: "&")
        // Keep a fragment out of the query.
        var base = url
        var fragment = ""
        if let hash = base.firstIndex(of: "#") {
            fragment = String(base[hash...])
            base = String(base[..<hash])
        }
        let sep = base.contains("?") ? (base.hasSuffix("?") || base.hasSuffix("&") ? "" : "&") : "?"
        return base + sep + encoded + fragment
    }

    /// The effective URL with every secret masked: safe for messages, logs and manifests.
    /// The user-info is masked by its place too: a URL that does not parse never had its password
    /// registered as a secret.
    public var maskedURL: String { SecretMask.maskUserInfo(in: maskSecrets(in: effectiveURL, secrets: secrets)) }

    /// Returns a copy with query item `name` set to `value` (replacing any existing one).
    public func settingQuery(_ name: String, to value: String) -> FetchRequest {
        var copy = self
        copy.query.removeAll { $0.name == name }
        copy.query.append((name, value))
        return copy
    }

    static let unreserved: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        set.insert(charactersIn: "-._~")
        return set
    }()

    static func percentEncode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? s
    }

    /// Checks what config validation can check without the network: http(s) URL with a host, a
    /// readable CA file, sane limits. Throws an `.invalidRequest` error whose message names the
    /// source and the (masked) URL and says how to fix it.
    /// Throws the first problem of `problems()`.
    public func validate() throws(FetchError) {
        if let first = problems().first { throw first }
    }

    /// Every problem of this request, checked without the network, so config validation can list them
    /// all at once: the URL (http or https with a host), timeouts, retries, size cap, redirects, body, CA file.
    public func problems() -> [FetchError] {
        var found: [FetchError] = []
        func fail(_ detail: String, fix: String) -> FetchError {
            FetchError(kind: .invalidRequest, sourceID: sourceID, url: maskedURL,
                       detail: maskSecrets(in: detail, secrets: secrets), fix: fix)
        }
        if let components = URLComponents(string: effectiveURL), let scheme = components.scheme {
            let lower = scheme.lowercased()
            if lower != "http" && lower != "https" {
                found.append(fail("the URL scheme '\(scheme)' is not allowed; only http and https are fetched",
                                  fix: "use an http:// or https:// URL (local files are read with a file source, not fetched)"))
            } else if components.host?.isEmpty ?? true {
                found.append(fail("the URL has no host", fix: "write the url as \(lower)://host/path"))
            }
        } else {
            found.append(fail("the URL is not a valid absolute URL", fix: "write the url as http://host/path or https://host/path"))
        }
        if connectTimeout <= 0 || totalTimeout <= 0 {
            found.append(fail("timeouts must be positive (connect \(connectTimeout) s, total \(totalTimeout) s)",
                       fix: "set timeout.connect and timeout.total to a number of seconds above 0"))
        }
        if retries < 0 || retries > 20 {
            found.append(fail("retries must be between 0 and 20 (got \(retries))", fix: "set retries between 0 and 20"))
        }
        if maxBytes <= 0 {
            found.append(fail("max_bytes must be positive (got \(maxBytes))", fix: "set max_bytes to a size above 0, e.g. 64MiB"))
        }
        if maxRedirects < 0 {
            found.append(fail("max redirects must not be negative", fix: "use 0 to 5 redirects"))
        }
        if method == .get, body != nil {
            found.append(fail("a body was given for a GET request", fix: "set method: POST, or remove body"))
        }
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            found.append(fail("ca_file '\(caFile)' does not exist or is not readable",
                       fix: "point ca_file at a readable PEM bundle, or remove it to use the system store"))
        }
        return found
    }
}

/// Replaces every occurrence of each non-empty secret, in every form it takes in text (as is,
/// percent-encoded, JSON/HTML/CSV-escaped, Base64), and of every secret registered with
/// `SecretMask.shared`, by `***`. Longer forms are masked first so one secret containing another is
/// fully masked.
public func maskSecrets(in text: String, secrets: some Sequence<String>) -> String {
    SecretMask.mask(text, secrets: secrets)
}
