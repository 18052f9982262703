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
/// the bytes go to a temporary name in the same directory (`.<name>.tmp-<random>`), are flushed to
/// disk (fsync), then renamed over the target; the directory is synced after the rename. The
/// directory is created when missing. On any failure the temporary file is removed.
public enum AtomicFileWriter {
    public static func write(_ data: Data, to url: URL, permissions: mode_t = 0o644) throws {
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw RenderError.io(path: directory.path, message: "cannot create directory: \(error.localizedDescription)")
        }
        let temp = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))")
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

    /// Writes every file into `directory` (created when missing), each atomically; returns their URLs.
    @discardableResult
    public static func write(_ files: [RenderedFile], into directory: URL) throws -> [URL] {
        try files.map { file in
            let url = directory.appendingPathComponent(FileName.safe(file.name))
            try write(file.data, to: url)
            return url
        }
    }

    private static func failure(_ path: String, _ call: String) -> RenderError {
        RenderError.io(path: path, message: "\(call): \(String(cString: strerror(errno)))")
    }
}
