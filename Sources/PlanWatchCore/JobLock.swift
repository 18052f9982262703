import Foundation

/// One run at a time per job: `locks/<job>.lock` in the data directory, created exclusively
/// (O_CREAT | O_EXCL) and holding the owner's pid, host, run number and start time. A lock whose pid
/// is gone on this host (the process was killed) is stale: it is removed and taken over. Held by a
/// live process, it refuses the second run with a message naming the first.
public final class JobLock {
    public let file: URL
    public let job: String
    private var released = false

    public struct Holder: Sendable, Hashable {
        public var pid: Int32
        public var host: String
        public var run: Int64?
        public var since: String
    }

    public enum Failure: Error, CustomStringConvertible {
        case held(job: String, holder: Holder, file: URL)
        case io(String)

        public var description: String {
            switch self {
            case .held(let job, let h, let file):
                let run = h.run.map { "run #\($0), " } ?? ""
                return "job '\(job)' is already running (\(run)pid \(h.pid) on \(h.host), started \(h.since)); lock \(file.path). Wait for it to finish, or remove the lock if that process is gone from \(h.host)"
            case .io(let message): return message
            }
        }
    }

    /// True when `pid` is a live process on this machine (EPERM: alive, someone else's).
    public static func isAlive(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }

    /// Alive and not this process. A lock or run left under this very pid is from an earlier process:
    /// in a container every run is pid 1, so a pod killed midway leaves "pid 1" for the next pod.
    public static func isOtherLiveProcess(_ pid: Int32) -> Bool {
        pid != getpid() && isAlive(pid)
    }

    /// The machine's name in locks and the ledger; PLANWATCH_HOST overrides it where every run gets a
    /// new host name (Kubernetes pods), so that a lock left by a killed pod is recognised as stale.
    public static var hostName: String {
        ProcessInfo.processInfo.environment["PLANWATCH_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? ProcessInfo.processInfo.hostName
    }

    /// Takes the lock, recovering a stale one; `recovered` tells the caller a killed run left it.
    public init(directory: URL, job: String, recovered: (Holder) -> Void = { _ in }) throws(Failure) {
        self.job = job
        file = directory.appendingPathComponent("\(job).lock")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create the lock folder \(directory.path): \(error.localizedDescription)")
        }
        let host = Self.hostName
        for _ in 0..<40 {
            let fd = open(file.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if fd >= 0 {
                let text = "\(getpid())\n\(host)\n\n\(ISO8601DateFormatter().string(from: Date()))\n"
                _ = text.withCString { write(fd, $0, strlen($0)) }
                close(fd)
                return
            }
            guard errno == EEXIST else { throw .io("cannot create the lock \(file.path): \(String(cString: strerror(errno)))") }
            guard let holder = Self.read(file) else {
                // Created but not yet written by its owner, or removed meanwhile: look again.
                usleep(50_000)
                continue
            }
            if holder.host == host && !Self.isOtherLiveProcess(holder.pid) {
                recovered(holder)
                try? FileManager.default.removeItem(at: file)
                continue
            }
            throw .held(job: job, holder: holder, file: file)
        }
        throw .io("could not take the lock \(file.path); another process keeps replacing it")
    }

    /// Writes the ledger's run number into the lock, so that a refused run can name it.
    public func record(run: Int64) {
        guard var holder = Self.read(file) else { return }
        holder.run = run
        let text = "\(holder.pid)\n\(holder.host)\n\(run)\n\(holder.since)\n"
        // Replaced by a rename, so a reader never finds the lock missing or half written.
        try? Data(text.utf8).write(to: file, options: .atomic)
    }

    public func release() {
        guard !released else { return }
        released = true
        if let holder = Self.read(file), holder.pid == getpid() { try? FileManager.default.removeItem(at: file) }
    }

    deinit { release() }

    static func read(_ file: URL) -> Holder? {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 4, let pid = Int32(lines[0]) else { return nil }
        return Holder(pid: pid, host: lines[1], run: Int64(lines[2]), since: lines[3])
    }
}
