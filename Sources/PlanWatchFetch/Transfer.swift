import CCurl
import Foundation

/// What one libcurl attempt produced, before retry policy and error mapping.
struct AttemptOutcome: Sendable {
    var code: Int32            // CURLcode
    var errorText: String      // libcurl's error buffer (unmasked; mask before showing)
    var status: Int
    var headers: [String: String]
    var body: Data
    var effectiveURL: String
    var redirects: Int
    var exceededMaxBytes: Bool
    var cancelled: Bool
}

/// One easy handle and what it accumulates. Created on the caller's task, then touched only by the
/// fetcher thread until its continuation is resumed; hence `@unchecked Sendable`.
final class Transfer: @unchecked Sendable {
    /// Seconds as curl's milliseconds, 1 ms to 2^31-1 ms (24.8 days). `Int(1e16 * 1000)` traps, so a
    /// huge or non-finite timeout that slipped past validation is clamped here instead.
    static func milliseconds(_ seconds: Double) -> Int {
        let upper = Double(Int32.max)
        guard seconds.isFinite else { return seconds > 0 ? Int(Int32.max) : 1 }
        return Int(min(upper, max(1, (seconds * 1000).rounded())))
    }

    let easy: UnsafeMutableRawPointer
    let id: UInt64
    let maxBytes: Int64
    var continuation: CheckedContinuation<AttemptOutcome, Never>?
    var body = Data()
    var headers: [(String, String)] = []
    var exceededMaxBytes = false
    /// Set by the task's cancellation handler, read under the engine's lock by `submit`.
    let cancelRequested = Locked(false)
    /// "scheme://host:port" of the request, for the per-host cap.
    var hostKey = ""
    var headerList: UnsafeMutablePointer<curl_slist>?
    let errorBuffer: UnsafeMutablePointer<CChar>

    init?(id: UInt64, maxBytes: Int64) {
        guard let easy = curl_easy_init() else { return nil }
        self.easy = easy
        self.id = id
        self.maxBytes = maxBytes
        let size = Int(pw_error_size())
        errorBuffer = .allocate(capacity: size)
        errorBuffer.initialize(repeating: 0, count: size)
    }

    private var released = false

    deinit {
        release()
        errorBuffer.deallocate()
    }

    /// Frees the easy handle and header list; called on the fetcher thread once the transfer is
    /// removed from the multi handle (or by deinit for a transfer that never ran).
    func release() {
        guard !released else { return }
        released = true
        curl_easy_cleanup(easy)
        if let headerList { curl_slist_free_all(headerList) }
        headerList = nil
    }

    /// Sets every libcurl option for one attempt. Returns libcurl's message for an option it refused.
    func configure(_ request: FetchRequest, userAgent: String, noProxy: String?) -> String? {
        var failures: [String] = []
        func check(_ code: CURLcode, _ name: String) {
            if code != CURLE_OK { failures.append("\(name): \(String(cString: curl_easy_strerror(code)))") }
        }
        check(pw_easy_setopt_string(easy, CURLOPT_URL, request.effectiveURL), "url")
        hostKey = Self.hostKey(of: request.effectiveURL)
        check(pw_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"), "protocols")
        check(pw_easy_setopt_string(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"), "redirect protocols")
        check(pw_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1), "nosignal")
        check(pw_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 1), "followlocation")
        check(pw_easy_setopt_long(easy, CURLOPT_MAXREDIRS, request.maxRedirects), "maxredirs")
        check(pw_easy_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, ""), "accept-encoding")
        check(pw_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1), "verifypeer")
        check(pw_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2), "verifyhost")
        if let caFile = request.caFile { check(pw_easy_setopt_string(easy, CURLOPT_CAINFO, caFile), "cainfo") }
        check(pw_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout)), "connect timeout")
        check(pw_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.milliseconds(request.totalTimeout)), "timeout")
        check(pw_easy_setopt_off(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maxBytes)), "maxfilesize")
        check(pw_easy_setopt_string(easy, CURLOPT_USERAGENT, userAgent), "useragent")
        if let noProxy { check(pw_easy_setopt_string(easy, CURLOPT_NOPROXY, noProxy), "noproxy") }
        check(pw_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)), "errorbuffer")

        switch request.method {
        case .get:
            check(pw_easy_setopt_long(easy, CURLOPT_HTTPGET, 1), "httpget")
        case .post:
            let body = request.body ?? Data()
            check(pw_easy_setopt_long(easy, CURLOPT_POST, 1), "post")
            check(pw_easy_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)), "postfieldsize")
            body.withUnsafeBytes { raw in
                let ptr = raw.baseAddress.map { UnsafeMutableRawPointer(mutating: $0) }
                    ?? UnsafeMutableRawPointer(mutating: ("" as StaticString).utf8Start)
                check(pw_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, ptr), "copypostfields")
            }
        }

        var lines = request.headers.map { "\($0.name): \($0.value)" }
        if let etag = request.ifNoneMatch { lines.append("If-None-Match: \(etag)") }
        if let date = request.ifModifiedSince { lines.append("If-Modified-Since: \(date)") }
        if request.method == .post { lines.append("Expect:") }
        for line in lines { headerList = curl_slist_append(headerList, line) }
        if let headerList { check(pw_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList), "httpheader") }

        let me = Unmanaged.passUnretained(self).toOpaque()
        check(pw_easy_setopt_callback(easy, CURLOPT_WRITEFUNCTION, transferWriteCallback), "writefunction")
        check(pw_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, me), "writedata")
        check(pw_easy_setopt_callback(easy, CURLOPT_HEADERFUNCTION, transferHeaderCallback), "headerfunction")
        check(pw_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, me), "headerdata")
        return failures.isEmpty ? nil : failures.joined(separator: "; ")
    }

    static func hostKey(of url: String) -> String {
        guard let c = URLComponents(string: url) else { return url }
        let scheme = c.scheme?.lowercased() ?? ""
        let port = c.port ?? (scheme == "https" ? 443 : 80)
        return "\(scheme)://\(c.host?.lowercased() ?? ""):\(port)"
    }

    /// Collects the outcome after libcurl reported the transfer done.
    func outcome(code: CURLcode) -> AttemptOutcome {
        var status = 0
        var redirects = 0
        var urlPointer: UnsafeMutablePointer<CChar>?
        var long: Int = 0
        if pw_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &long) == CURLE_OK { status = long }
        if pw_easy_getinfo_long(easy, CURLINFO_REDIRECT_COUNT, &long) == CURLE_OK { redirects = long }
        _ = pw_easy_getinfo_string(easy, CURLINFO_EFFECTIVE_URL, &urlPointer)
        var merged: [String: String] = [:]
        for (name, value) in headers {
            if let old = merged[name] { merged[name] = old + ", " + value } else { merged[name] = value }
        }
        return AttemptOutcome(
            code: Int32(code.rawValue), errorText: String(cString: errorBuffer), status: status,
            headers: merged, body: body, effectiveURL: urlPointer.map { String(cString: $0) } ?? "",
            redirects: redirects, exceededMaxBytes: exceededMaxBytes, cancelled: false)
    }
}

/// CURLOPT_WRITEFUNCTION: append, and stop the transfer (return 0 → CURLE_WRITE_ERROR) at max_bytes,
/// because CURLOPT_MAXFILESIZE_LARGE cannot stop a chunked body whose size is not announced.
private let transferWriteCallback: pw_data_callback = { ptr, size, count, userdata in
    guard let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    let n = size * count
    if Int64(transfer.body.count) + Int64(n) > transfer.maxBytes {
        transfer.exceededMaxBytes = true
        return 0
    }
    if let ptr, n > 0 { transfer.body.append(UnsafeRawPointer(ptr).assumingMemoryBound(to: UInt8.self), count: n) }
    return n
}

/// CURLOPT_HEADERFUNCTION: one header line per call; a status line starts a new response
/// (redirects, 100 Continue), so only the final response's headers are kept.
private let transferHeaderCallback: pw_data_callback = { ptr, size, count, userdata in
    guard let userdata, let ptr else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    let n = size * count
    let line = String(decoding: UnsafeRawBufferPointer(start: ptr, count: n), as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    if line.hasPrefix("HTTP/") {
        transfer.headers.removeAll()
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        transfer.headers.append((name, value))
    }
    return n
}
