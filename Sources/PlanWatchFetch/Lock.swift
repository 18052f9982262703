import Foundation

/// A small lock around a value, built on `NSLock`.
/// (`Synchronization.Mutex` gave false ThreadSanitizer reports on Linux; see docs/ARCHITECTURE.md.)
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    @discardableResult
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
