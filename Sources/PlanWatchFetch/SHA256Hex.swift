import Crypto
import Foundation

/// Lower-case hex SHA-256 of fetched bodies and source files, for the cache's integrity checks, its
/// request keys and the manifest's `digest` fields. The digest itself comes from swift-crypto
/// (BoringSSL on Linux, CryptoKit on Apple platforms), a maintained and audited implementation, in
/// place of the hand-written one this project used to carry.
public enum SHA256Hex {
    /// The digest of one body.
    public static func of(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// The digest of the pages of one response, read as one stream (their concatenation), so a
    /// one-page response has the digest of its body.
    public static func of(pages: [Data]) -> String {
        var hasher = SHA256()
        for page in pages { hasher.update(data: page) }
        return hex(hasher.finalize())
    }

    /// A digest fed in pieces: a large file hashed in chunks, with a chance to stop between them.
    public struct Incremental {
        private var hasher = SHA256()
        public init() {}
        public mutating func update(_ data: Data) { hasher.update(data: data) }
        public func finalize() -> String { SHA256Hex.hex(hasher.finalize()) }
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// Two lower-case hex digits per byte, as `sha256sum` prints them.
    public static func hex(_ digest: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
