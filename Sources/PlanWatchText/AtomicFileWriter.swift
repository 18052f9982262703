import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif

/// Writes a file so that a reader sees either the old file or the whole new one, never half of it:
/// the bytes go to a temporary name in the same directory (`.<name>.tmp-<pid>-<random>`), are
/// flushed to disk (fsync), then renamed over the target; the directory is synced after the rename.
/// The directory is created when missing. On any failure the temporary file is removed; one left by
/// a process that was killed is removed by `removeStaleTemporaries(in:)`, which knows it by the pid.
/// A run's many files go through `stage` and one `commit`: the same guarantee with one flush.
///
/// Every file written here leaves the process, so its bytes pass through `SecretMask.shared` unless
/// the caller writes a payload byte for byte (`masking: false`, the response cache, which refuses
/// bodies holding a secret instead).
public enum AtomicFileWriter {
    public static func write(_ data: Data, to url: URL, permissions: mode_t = 0o644, masking: Bool = true) throws {
        try commit([try stage(data, to: url, permissions: permissions, masking: masking, synced: true)])
    }

    /// A file written under its temporary name, not yet renamed into place (see `commit`).
    public struct StagedFile: Sendable {
        public let temporary: URL
        public let target: URL
        /// Flushed to disk already (by `write`); a batch is flushed at once in `commit`.
        let synced: Bool
    }

    /// Writes `data` (masked) to a temporary name beside `url`; nothing is visible under `url` until
    /// `commit`. Many files staged and committed together cost one flush of the file system instead
    /// of one `fsync` each: 12,000 report files took minutes of waiting on a busy disk. Safe to call
    /// from several threads at once.
    public static func stage(_ data: Data, to url: URL, permissions: mode_t = 0o644, masking: Bool = true) throws -> StagedFile {
        try stage(data, to: url, permissions: permissions, masking: masking, synced: false)
    }

    private static func stage(_ data: Data, to url: URL, permissions: mode_t, masking: Bool, synced: Bool) throws -> StagedFile {
        let data = masking ? maskKeepingJSON(data, for: url) : data
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw AtomicWriteError(path: directory.path, message: "cannot create directory: \(error.localizedDescription)")
        }
        let temp = directory.appendingPathComponent(".\(url.lastPathComponent)\(temporaryMarker)\(getpid())-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))")
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw failure(temp.path, "open") }
        var closed = false
        defer {
            if !closed { close(fd) }
        }
        do {
            try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
                var offset = 0
                while offset < buffer.count {
                    let n = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw failure(temp.path, "write")
                    }
                    offset += n
                }
            }
            if synced { guard fsync(fd) == 0 else { throw failure(temp.path, "fsync") } }
            closed = true
            guard close(fd) == 0 else { throw failure(temp.path, "close") }
        } catch {
            unlink(temp.path)
            throw error
        }
        return StagedFile(temporary: temp, target: url, synced: synced)
    }

    /// Makes the staged files durable (one `syncfs` of their file system, else an `fsync` each), then
    /// renames each over its target in the order given and syncs their directories, so a crash leaves
    /// every target either old or whole. On failure the files not yet renamed are removed.
    public static func commit(_ files: [StagedFile]) throws {
        var pending = files[...]
        defer { for file in pending { unlink(file.temporary.path) } }
        let directories = Array(Set(files.map { $0.target.deletingLastPathComponent().path })).sorted()
        let unsynced = files.filter { !$0.synced }
        if !unsynced.isEmpty && !syncFileSystems(of: directories) {
            for file in unsynced {
                let fd = open(file.temporary.path, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { throw failure(file.temporary.path, "open") }
                defer { close(fd) }
                guard fsync(fd) == 0 else { throw failure(file.temporary.path, "fsync") }
            }
        }
        while let file = pending.first {
            guard rename(file.temporary.path, file.target.path) == 0 else { throw failure(file.target.path, "rename") }
            pending.removeFirst()
        }
        for directory in directories {
            let dirFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if dirFD >= 0 {
                _ = fsync(dirFD)
                close(dirFD)
            }
        }
    }

    /// Removes staged files that will not be committed (a run that failed midway).
    public static func discard(_ files: [StagedFile]) {
        for file in files { unlink(file.temporary.path) }
    }

    /// `syncfs(2)` on each directory's file system: Linux only, and not declared by the Glibc module,
    /// hence looked up by name. false when unavailable or failing: the caller then syncs each file.
    private static func syncFileSystems(of directories: [String]) -> Bool {
        #if os(Linux)
        guard let symbol = syncfsSymbol else { return false }
        let syncfs = unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
        for directory in directories {
            let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            guard syncfs(fd) == 0 else { return false }
        }
        return true
        #else
        return false
        #endif
    }

    #if os(Linux)
    private nonisolated(unsafe) static let syncfsSymbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs")
    #endif

    static let temporaryMarker = ".tmp-"

    /// `data` masked byte-wise; a `.json` file that masking would turn into something that is not JSON
    /// (a secret matched across a quote, or inside an escape such as `\u00e9`) is masked value by
    /// value instead: parsed, every key and string masked, written again. Readers of the manifest and
    /// the JSON reports parse them; a broken file would lose the whole run for them.
    static func maskKeepingJSON(_ data: Data, for url: URL) -> Data {
        let masked = SecretMask.shared.mask(data)
        guard masked != data, url.pathExtension.lowercased() == "json",
              (try? JSONSerialization.jsonObject(with: masked, options: .fragmentsAllowed)) == nil,
              let object = try? JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed) else { return masked }
        func clean(_ value: Any) -> Any {
            switch value {
            case let text as String: return SecretMask.shared.mask(text)
            case let list as [Any]: return list.map(clean)
            case let map as [String: Any]:
                return Dictionary(map.map { (SecretMask.shared.mask($0.key), clean($0.value)) }, uniquingKeysWith: { first, _ in first })
            default: return value
            }
        }
        let options: JSONSerialization.WritingOptions = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]
        return (try? JSONSerialization.data(withJSONObject: clean(object), options: options)) ?? masked
    }

    /// Removes the temporary files in `directory` left by writers that no longer run (killed mid-write:
    /// `kill -9`, power loss). A file of a process that is still running (a concurrent run into the same
    /// folder) is kept. Returns the names removed.
    @discardableResult
    public static func removeStaleTemporaries(in directory: URL) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        var removed: [String] = []
        for name in names where name.hasPrefix(".") {
            guard let marker = name.range(of: temporaryMarker, options: .backwards) else { continue }
            let rest = name[marker.upperBound...]
            guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]), pid > 0 else { continue }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                if unlink(directory.appendingPathComponent(name).path) == 0 { removed.append(name) }
            }
        }
        return removed.sorted()
    }

    private static func failure(_ path: String, _ call: String) -> AtomicWriteError {
        AtomicWriteError(path: path, message: "\(call): \(String(cString: strerror(errno)))")
    }
}

/// A file that could not be written, with its path and the system's reason.
public struct AtomicWriteError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
    public var description: String { "cannot write \(path): \(message)" }
}
