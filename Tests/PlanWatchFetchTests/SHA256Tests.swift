import Foundation
import Testing
@testable import PlanWatchFetch

/// The project's use of SHA-256 (swift-crypto underneath): the hex form written to the cache's
/// `meta.json` and the manifest, checked against the FIPS 180-4 known vectors.
@Suite struct SHA256Tests {
    static let vectors: [(input: Data, hex: String)] = [
        (Data(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (Data("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (Data(repeating: UInt8(ascii: "a"), count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ]

    @Test func knownVectors() {
        for vector in Self.vectors {
            #expect(SHA256Hex.of(vector.input) == vector.hex)
        }
    }

    /// A paginated response's digest is that of its pages read as one stream, however they are cut.
    @Test func pagesDigestIsTheDigestOfTheConcatenation() {
        let data = Data((0..<1000).map { UInt8($0 % 251) })
        let pages = [data.prefix(3), data.dropFirst(3).prefix(100), data.dropFirst(103)].map { Data($0) }
        #expect(SHA256Hex.of(pages: pages) == SHA256Hex.of(data))
        #expect(SHA256Hex.of(pages: [Data("abc".utf8)]) == Self.vectors[1].hex)
        #expect(SHA256Hex.of(pages: [Data("a".utf8), Data(), Data("bc".utf8)]) == Self.vectors[1].hex)
        #expect(SHA256Hex.of(pages: []) == Self.vectors[0].hex)
    }

    /// The cache's `digest` and `pageDigests` fields as stored in `meta.json`, and its integrity check.
    @Test func cacheMetadataCarriesTheKnownDigests() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pw-sha-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = ResponseCache(directory: dir)
        let request = FetchRequest(url: "https://example.org/series")
        let one = try cache.store(sourceID: "one", request: request, finalURL: request.url, status: 200, headers: [:],
                                  pages: [Data("abc".utf8)])
        #expect(one.digest == Self.vectors[1].hex)
        #expect(one.pageDigests == [Self.vectors[1].hex])
        let pages = [Data("abcdbcdecdefdefgefghfghighijhijkijkljklm".utf8), Data("klmnlmnomnopnopq".utf8)]
        let two = try cache.store(sourceID: "two", request: request, finalURL: request.url, status: 200, headers: [:], pages: pages)
        #expect(two.digest == Self.vectors[2].hex)
        #expect(two.pageDigests == pages.map(SHA256Hex.of))
        // The file on disk says the same, and a body that no longer matches is refused.
        let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: cache.folder(for: "two").appendingPathComponent("meta.json"))) as? [String: Any]
        #expect(meta?["digest"] as? String == Self.vectors[2].hex)
        #expect(cache.load(sourceID: "two")?.body == Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
        try Data("abcdbcdecdefdefgefghfghighijhijkijkljklX".utf8).write(to: cache.folder(for: "two").appendingPathComponent("body"))
        #expect(cache.load(sourceID: "two") == nil)
    }

    @Test func requestKeyIsTheDigestOfMethodURLAndBody() {
        let get = FetchRequest(url: "https://example.org/a")
        #expect(ResponseCache.requestKey(for: get) == SHA256Hex.of(Data("GET \(get.effectiveURL)\n".utf8)))
        let post = FetchRequest(url: "https://example.org/a", method: .post, body: Data("q=1".utf8))
        #expect(ResponseCache.requestKey(for: post) != ResponseCache.requestKey(for: get))
        #expect(ResponseCache.requestKey(for: post).count == 64)
    }
}
