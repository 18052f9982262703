import Dispatch
import Foundation
import PlanWatchFetch

/// The SHA-256 of a local file computed on another core while the decoder reads the same bytes:
/// for a 150 MB observation file the digest alone took about a fifth of `planwatch run`. It stops
/// at the next 4 MiB when cancelled (a file refused at its first KiB is not hashed to the end).
final class BackgroundDigest: @unchecked Sendable {
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var cancelled = false
    private var hex: String?

    init(_ data: Data) {
        group.enter()
        DispatchQueue.global().async { [self] in
            defer { group.leave() }
            var sha = SHA256Hex.Incremental()
            var offset = data.startIndex
            while offset < data.endIndex {
                if lock.withLock({ cancelled }) { return }
                let end = min(offset + (4 << 20), data.endIndex)
                sha.update(data[offset..<end])
                offset = end
            }
            let text = sha.finalize()
            lock.withLock { hex = text }
        }
    }

    /// Waits for the digest.
    func wait() -> String? {
        group.wait()
        return lock.withLock { hex }
    }

    func cancel() {
        lock.withLock { cancelled = true }
    }
}
