import Foundation

/// A completed HTTP exchange (status below 400, or 304 for a conditional GET).
public struct FetchResult: Sendable {
    /// The URL after redirects, secrets masked.
    public var finalURL: String
    public var status: Int
    /// Response headers of the final response, names lower-cased; repeated headers joined by ", ".
    public var headers: [String: String]
    public var body: Data
    /// Body bytes received (after content decoding).
    public var bytes: Int { body.count }
    /// Wall time over all attempts and waits, in seconds.
    public var elapsed: Double
    /// Attempts made (1 when the first one succeeded).
    public var attempts: Int
    /// Redirects followed in the last attempt.
    public var redirects: Int

    public var etag: String? { headers["etag"] }
    public var lastModified: String? { headers["last-modified"] }
    public var contentType: String? { headers["content-type"] }
    public var retryAfter: String? { headers["retry-after"] }
    public var isNotModified: Bool { status == 304 }

    public init(finalURL: String, status: Int, headers: [String: String], body: Data,
                elapsed: Double, attempts: Int, redirects: Int = 0) {
        self.finalURL = finalURL
        self.status = status
        self.headers = headers
        self.body = body
        self.elapsed = elapsed
        self.attempts = attempts
        self.redirects = redirects
    }
}

/// Why a fetch failed. `description` is one line naming the source id and the masked URL, what
/// happened, and the fix when there is one.
public struct FetchError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable, Hashable {
        /// Refused before any network use (config validation): bad scheme, bad limits.
        case invalidRequest
        /// TCP connection could not be made (refused, unreachable).
        case connectFailed
        /// Host name (or proxy name) could not be resolved.
        case dnsFailure
        /// Connect timeout or total timeout.
        case timeout
        case tooManyRedirects
        /// A request or redirect to a protocol other than http/https.
        case protocolRefused
        /// The body exceeded max_bytes (declared size or bytes received).
        case bodyTooLarge
        /// The connection closed before the announced Content-Length arrived (CURLE_PARTIAL_FILE).
        case truncated
        /// The peer reset the connection, or sent nothing.
        case connectionReset
        /// The final response had status >= 400 (after any retries).
        case httpStatus(Int)
        /// TLS handshake or certificate verification failed.
        case tls
        /// The body could not be decoded (bad content encoding, not the JSON a pagination expects).
        case decode
        /// The request was cancelled.
        case cancelled
        /// Any other libcurl error (the code is kept).
        case other(Int)
    }

    public var kind: Kind
    public var sourceID: String
    /// The masked URL.
    public var url: String
    /// What happened, secrets masked (libcurl's message, status line, content type...).
    public var detail: String
    /// How to fix it, when there is a known fix.
    public var fix: String?
    /// HTTP status of the last response, when one arrived.
    public var status: Int?
    /// Content-Type of the last response, when one arrived.
    public var contentType: String?
    /// Attempts made.
    public var attempts: Int
    /// libcurl's result code, when the error came from libcurl.
    public var curlCode: Int?

    public init(kind: Kind, sourceID: String, url: String, detail: String, fix: String? = nil,
                status: Int? = nil, contentType: String? = nil, attempts: Int = 1, curlCode: Int? = nil) {
        self.kind = kind
        self.sourceID = sourceID
        self.url = url
        self.detail = detail
        self.fix = fix
        self.status = status
        self.contentType = contentType
        self.attempts = attempts
        self.curlCode = curlCode
    }

    /// A short name of the kind, stable for manifests.
    public var kindName: String {
        switch kind {
        case .invalidRequest: "invalid-request"
        case .connectFailed: "connect-failed"
        case .dnsFailure: "dns-failure"
        case .timeout: "timeout"
        case .tooManyRedirects: "too-many-redirects"
        case .protocolRefused: "protocol-refused"
        case .bodyTooLarge: "body-too-large"
        case .truncated: "truncated"
        case .connectionReset: "connection-reset"
        case .httpStatus(let s): "http-\(s)"
        case .tls: "tls"
        case .decode: "decode"
        case .cancelled: "cancelled"
        case .other(let c): "curl-\(c)"
        }
    }

    var summary: String {
        switch kind {
        case .invalidRequest: "invalid request"
        case .connectFailed: "could not connect"
        case .dnsFailure: "could not resolve host"
        case .timeout: "timed out"
        case .tooManyRedirects: "too many redirects"
        case .protocolRefused: "protocol refused (only http and https are allowed)"
        case .bodyTooLarge: "response body too large"
        case .truncated: "response truncated (connection closed before Content-Length bytes)"
        case .connectionReset: "connection reset"
        case .httpStatus(let s): "HTTP status \(s)"
        case .tls: "TLS error"
        case .decode: "could not decode the response"
        case .cancelled: "cancelled"
        case .other(let c): "libcurl error \(c)"
        }
    }

    public var description: String {
        let source = sourceID.isEmpty ? "" : "source '\(sourceID)': "
        var text = "\(source)\(summary) fetching \(url)"
        if !detail.isEmpty { text += " (\(detail))" }
        if attempts > 1 { text += " after \(attempts) attempts" }
        if let fix { text += "; fix: \(fix)" }
        return text
    }

    /// Whether another attempt may succeed.
    public var isRetryable: Bool {
        switch kind {
        case .connectFailed, .dnsFailure, .timeout, .truncated, .connectionReset: true
        case .httpStatus(let s): s == 429 || (500...599).contains(s)
        default: false
        }
    }
}
