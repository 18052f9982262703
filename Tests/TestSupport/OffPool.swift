import Foundation

/// Runs blocking work (waiting for a child process, reading its pipes) on a Dispatch thread, so a
/// test never holds one of the few threads of Swift's cooperative pool: with two cores there are two,
/// and a blocked one stalls every other test's async work (the fetch tests' timers included).
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
        }
    }
}
