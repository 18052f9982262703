import Foundation
import Testing
@testable import PlanWatchCore

@Suite struct JobLockTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("locks-\(UUID().uuidString)")

    func leave(pid: Int32, host: String = JobLock.hostName) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "\(pid)\n\(host)\n7\n2026-12-02T00:00:00Z\n".write(to: folder.appendingPathComponent("daily.lock"), atomically: true, encoding: .utf8)
    }

    @Test func aLiveHolderRefusesTheSecondRunByName() throws {
        try leave(pid: 1)  // init: alive on any Linux machine
        #expect {
            _ = try JobLock(directory: folder, job: "daily")
        } throws: { error in
            "\(error)".contains("job 'daily' is already running (run #7, pid 1 on \(JobLock.hostName), started 2026-12-02T00:00:00Z)")
        }
    }

    /// A killed process's lock, and one carrying this very pid (a container's pid 1 after a restart),
    /// are taken over; the lock is gone once released.
    @Test(arguments: [Int32(999_999), getpid()])
    func aStaleLockIsRecovered(pid: Int32) throws {
        try leave(pid: pid)
        var recovered: [Int32] = []
        let lock = try JobLock(directory: folder, job: "daily") { recovered.append($0.pid) }
        #expect(recovered == [pid])
        lock.record(run: 8)
        #expect(JobLock.read(lock.file)?.run == 8 && JobLock.read(lock.file)?.pid == getpid())
        lock.release()
        #expect(!FileManager.default.fileExists(atPath: lock.file.path))
    }

    @Test func aLockFromAnotherHostIsNeverTakenOver() throws {
        try leave(pid: 999_999, host: "other-machine")
        #expect(throws: JobLock.Failure.self) { _ = try JobLock(directory: folder, job: "daily") }
    }
}
