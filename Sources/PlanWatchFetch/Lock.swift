import Foundation

/// A small lock around a value, built on `NSLock`. Public for the test support target.
/// (`Synchronization.Mutex` gave false ThreadSanitizer reports on Linux; see docs/ARCHITECTURE.md.)
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    @discardableResult
    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
