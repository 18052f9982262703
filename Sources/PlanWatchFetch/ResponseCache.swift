import Foundation
import PlanWatchText

/// HTTP metadata of a cached response. Holds no secret: the URL is masked, and the request is
/// identified by a digest (`requestKey`) so that a changed url/query/body invalidates the entry.
public struct CacheMetadata: Codable, Sendable, Equatable {
    public var sourceID: String
    /// The final URL, secrets masked.
    public var url: String
    /// SHA-256 of method + effective URL + body: conditional GET and stale reuse apply only when the
    /// request is the same as the one that produced the entry.
    public var requestKey: String
    public var status: Int
    public var etag: String?
    public var lastModified: String?
    public var contentType: String?
    /// When the body was last confirmed by the server (a 304 refreshes it).
    public var retrievedAt: Date
    /// SHA-256 (hex) of the body; for a paginated source, of all page bodies concatenated.
    public var digest: String
    /// Total body bytes (all pages).
    public var bytes: Int
    /// SHA-256 of each page body, in order (one entry when not paginated).
    public var pageDigests: [String]
}

/// A cached response: metadata plus the body (one element per page).
public struct CacheEntry: Sendable {
    public var metadata: CacheMetadata
    public var pages: [Data]
    public var body: Data { pages.count == 1 ? pages[0] : pages.reduce(into: Data()) { $0.append($1) } }

    /// Age in seconds at `now`.
    public func age(at now: Date = Date()) -> Double { now.timeIntervalSince(metadata.retrievedAt) }
}

/// Raw response bodies and their HTTP metadata, one folder per source id under `directory`
/// (the host passes `<data-dir>/cache/`). Every file is written atomically (temporary file, fsync,
/// rename), the body files before the metadata that names their digests, so a crash leaves either
/// the old entry or the new one; a body that does not match its digest is treated as absent.
public struct ResponseCache: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// The request key of a request: SHA-256 over method, effective URL and body.
    public static func requestKey(for request: FetchRequest) -> String {
        var data = Data("\(request.method.rawValue) \(request.effectiveURL)\n".utf8)
        if let body = request.body { data.append(body) }
        return SHA256Hex.of(data)
    }

    /// The folder of one source; the id is reduced to a safe file name (and hashed when it had to be).
    public func folder(for sourceID: String) -> URL {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        let safe = String(sourceID.map { allowed.contains($0) ? $0 : "_" })
        var name = safe.isEmpty || safe.hasPrefix(".") ? "_" + safe : safe
        if safe != sourceID || name.count > 100 {
            name = String(name.prefix(60)) + "-" + String(SHA256Hex.of(Data(sourceID.utf8)).prefix(12))
        }
        return directory.appendingPathComponent(name, isDirectory: true)
    }

    /// Metadata only, for a conditional GET: nil when absent, unreadable or for another request.
    public func lookup(sourceID: String, requestKey: String? = nil) -> CacheMetadata? {
        let url = folder(for: sourceID).appendingPathComponent("meta.json")
        guard let data = try? Data(contentsOf: url),
              let meta = try? Self.decoder.decode(CacheMetadata.self, from: data),
              meta.sourceID == sourceID else { return nil }
        if let requestKey, meta.requestKey != requestKey { return nil }
        return meta
    }

    /// Metadata and bodies, verified against their digests; nil when absent, damaged or for another
    /// request. The caller applies `max_stale` with `entry.age(at:)`.
    public func load(sourceID: String, requestKey: String? = nil) -> CacheEntry? {
        guard let meta = lookup(sourceID: sourceID, requestKey: requestKey), !meta.pageDigests.isEmpty else { return nil }
        let folder = folder(for: sourceID)
        var pages: [Data] = []
        for (index, digest) in meta.pageDigests.enumerated() {
            guard let data = try? Data(contentsOf: folder.appendingPathComponent(Self.pageFile(index))),
                  SHA256Hex.of(data) == digest else { return nil }
            pages.append(data)
        }
        return CacheEntry(metadata: meta, pages: pages)
    }

    /// Loads an entry only if it is at most `maxStale` seconds old; returns it with its age.
    public func loadStale(sourceID: String, requestKey: String? = nil, maxStale: Double,
                          now: Date = Date()) -> (entry: CacheEntry, age: Double)? {
        guard let entry = load(sourceID: sourceID, requestKey: requestKey) else { return nil }
        let age = entry.age(at: now)
        return age <= maxStale ? (entry, age) : nil
    }

    /// Stores bodies and metadata atomically; returns the metadata written.
    @discardableResult
    public func store(sourceID: String, request: FetchRequest, finalURL: String, status: Int,
                      headers: [String: String], pages: [Data], retrievedAt: Date = Date()) throws -> CacheMetadata {
        // A server that echoes the request's credentials into its body (seen: an Authorization header
        // copied into a CSV header) must not leave them on disk; the body is still used for this run.
        // The job store applies the same rule (`SecretMask.occurs(in:secrets:)`) and keeps such a body masked.
        if pages.contains(where: { SecretMask.occurs(in: $0, secrets: request.secrets) }) {
            throw CacheError.io("the response of source '\(sourceID)' contains a secret (a header or query value from the environment); it is not cached")
        }
        let folder = folder(for: sourceID)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var pageDigests: [String] = []
        for (index, page) in pages.enumerated() {
            try Self.writeAtomically(page, to: folder.appendingPathComponent(Self.pageFile(index)), masking: false)
            pageDigests.append(SHA256Hex.of(page))
        }
        let meta = CacheMetadata(
            sourceID: sourceID, url: maskSecrets(in: finalURL, secrets: request.secrets),
            requestKey: Self.requestKey(for: request), status: status,
            etag: headers["etag"], lastModified: headers["last-modified"], contentType: headers["content-type"],
            retrievedAt: retrievedAt,
            digest: pages.count == 1 ? pageDigests[0] : SHA256Hex.of(pages: pages),
            bytes: pages.reduce(0) { $0 + $1.count }, pageDigests: pageDigests)
        try writeMetadata(meta, folder: folder)
        return meta
    }

    /// Marks an entry as confirmed now (after a 304), keeping its bodies.
    public func touch(sourceID: String, retrievedAt: Date = Date()) throws {
        guard var meta = lookup(sourceID: sourceID) else { return }
        meta.retrievedAt = retrievedAt
        try writeMetadata(meta, folder: folder(for: sourceID))
    }

    private func writeMetadata(_ meta: CacheMetadata, folder: URL) throws {
        try Self.writeAtomically(try Self.encoder.encode(meta), to: folder.appendingPathComponent("meta.json"))
    }

    static func pageFile(_ index: Int) -> String { index == 0 ? "body" : "body-\(index + 1)" }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(ResponseCache.formatDate(date))
        }
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            guard let date = ResponseCache.parseDate(text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an ISO 8601 date: \(text)")
            }
            return date
        }
        return d
    }()

    /// ISO 8601 in UTC with milliseconds, e.g. 2026-11-29T00:23:27.123Z.
    public static func formatDate(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }

    public static func parseDate(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: text)
    }

    /// Metadata and bodies go through the one atomic writer of the project. Metadata is masked like
    /// every file; bodies are stored byte for byte (their digest must hold), so `store` refuses a body
    /// that holds a secret instead.
    public static func writeAtomically(_ data: Data, to url: URL, masking: Bool = true) throws {
        do {
            try AtomicFileWriter.write(data, to: url, masking: masking)
        } catch {
            throw CacheError.io("\(error)")
        }
    }
}

public enum CacheError: Error, Sendable, CustomStringConvertible {
    case io(String)
    public var description: String {
        switch self { case .io(let m): "cache: \(m)" }
    }
}
