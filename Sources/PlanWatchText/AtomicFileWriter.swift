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
///
/// Every file written here leaves the process, so its bytes pass through `SecretMask.shared` unless
/// the caller writes a payload byte for byte (`masking: false`, the response cache, which refuses
/// bodies holding a secret instead).
public enum AtomicFileWriter {
    public static func write(_ data: Data, to url: URL, permissions: mode_t = 0o644, masking: Bool = true) throws {
        let data = masking ? SecretMask.shared.mask(data) : data
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
            guard fsync(fd) == 0 else { throw failure(temp.path, "fsync") }
            closed = true
            guard close(fd) == 0 else { throw failure(temp.path, "close") }
            guard rename(temp.path, url.path) == 0 else { throw failure(url.path, "rename") }
        } catch {
            unlink(temp.path)
            throw error
        }
        let dirFD = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
    }

    static let temporaryMarker = ".tmp-"

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
