import Foundation

/// Runs a program to its end and captures what it prints, off the cooperative pool (`offPool`).
public enum ChildProcess {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Both streams, for failure messages.
        public var combined: String { stdout + stderr }
    }

    public static func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String] = [:]) async throws -> Output {
        try await offPool {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            if let directory { process.currentDirectoryURL = directory }
            var env = ProcessInfo.processInfo.environment
            for (k, v) in environment { env[k] = v }
            process.environment = env
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            // Read both pipes before waiting so a large output cannot fill a pipe and stall the child.
            let group = DispatchGroup()
            nonisolated(unsafe) var errData = Data()
            group.enter()
            DispatchQueue.global().async {
                errData = err.fileHandleForReading.readDataToEndOfFile()
                group.leave()
            }
            let outData = out.fileHandleForReading.readDataToEndOfFile()
            group.wait()
            // Close the read ends now instead of when the Pipes are freed: with many children at once,
            // a close at deallocation can hit a descriptor number already reused by another thread's
            // pipe, whose read then fails with EBADF inside Foundation's try! (seen once in a full run;
            // swiftlang/swift#57827 describes the same crash).
            try? out.fileHandleForReading.close()
            try? err.fileHandleForReading.close()
            return Output(status: waitForExit(process), stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self))
        }
    }

    /// `waitUntilExit`, robust to a child Foundation never reaps. With many children ending at once its
    /// SIGCHLD handling can miss one: seen in a full run, a `planwatch` child left `<defunct>` with the
    /// test process as parent and `waitUntilExit` waiting on it for good. Both pipes are at EOF when
    /// this runs, so the child has exited or is about to; when Foundation has not reaped it, reap it here.
    static func waitForExit(_ process: Process) -> Int32 {
        let pid = process.processIdentifier
        while true {
            if !process.isRunning { return process.terminationStatus }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                // Exited: the code; killed: the signal number, as Process.terminationStatus gives it.
                let signal = status & 0x7f
                return signal == 0 ? (status >> 8) & 0xff : signal
            }
            // Still running, or reaped by Foundation in between (ECHILD): look again shortly.
            usleep(10_000)
        }
    }
}
