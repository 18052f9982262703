import CCurl
import Foundation

/// `curl_global_init` exactly once per process, thread-safe (Swift globals are initialised lazily
/// and atomically, under `swift_once`).
public enum CurlGlobal {
    private static let initResult: CURLcode = curl_global_init(pw_global_default())

    /// Initialises libcurl if it was not yet; returns whether libcurl is usable.
    @discardableResult
    public static func ensureInitialized() -> Bool { initResult == CURLE_OK }

    /// The libcurl version string, e.g. "libcurl/7.88.1 OpenSSL/3.0.x zlib/1.2.13".
    public static var version: String {
        ensureInitialized()
        return String(cString: curl_version())
    }
}
