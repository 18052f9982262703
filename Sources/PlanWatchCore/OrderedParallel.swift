import Foundation

/// `(0..<count).map(body)` on up to `workers` threads, the results in index order: the same array a
/// sequential map gives, whatever the scheduling. For the per-region work of a `for_each: region`
/// report (thousands of independent documents to build and render) on every core.
enum OrderedParallel {
    static func map<T: Sendable>(_ count: Int, workers: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let threads = min(max(workers, 1), count)
        guard threads > 1 else { return (0..<count).map(body) }
        let slots = Slots<T>(count: count)
        // Each thread takes the next index until none is left (items differ in size).
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while let i = slots.take() { slots.set(i, body(i)) }
        }
        return slots.values
    }

    static var defaultWorkers: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// The next index to hand out and one result slot per index, under a lock.
    private final class Slots<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var results: [T?]

        init(count: Int) { results = Array(repeating: nil, count: count) }

        func take() -> Int? {
            lock.withLock {
                guard next < results.count else { return nil }
                defer { next += 1 }
                return next
            }
        }

        func set(_ index: Int, _ value: T) { lock.withLock { results[index] = value } }

        var values: [T] { lock.withLock { results.map { $0! } } }
    }
}
