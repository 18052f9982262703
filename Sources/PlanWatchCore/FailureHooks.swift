import Foundation
import Logging
import PlanWatchFetch
import PlanWatchText

/// The JSON summary a failed or partial run sends to its `on_failure` hooks.
public struct FailureSummary: Sendable, Codable {
    public var job: String
    public var run: Int64
    public var trigger: String
    public var host: String
    public var exitCode: Int32
    /// `partial` or `failed`.
    public var outcome: String
    public var startedAt: Date
    public var error: String?
    public var failedSources: [Source]
    public var staleSources: [Source]
    /// The run's folder, when its files were written.
    public var output: String?

    public struct Source: Sendable, Codable {
        public var id: String
        public var error: String?
    }

    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }
}

/// Runs a job's `on_failure` hooks: POSTs the summary through the fetch layer and/or runs the command
/// with the summary on standard input. A hook that fails is logged and returned as a warning for the
/// ledger; it never changes the run's exit code.
struct FailureHooks {
    var spec: JobConfig
    var logger: Logger
    /// The command is stopped after this many seconds.
    var commandTimeout: Double = 120

    func notify(_ summary: FailureSummary) async -> [String] {
        var warnings: [String] = []
        let body = summary.encoded()
        if let url = spec.onFailure.url {
            if let problem = await post(body, to: url) {
                warnings.append(problem)
                logger.error("on_failure url failed", metadata: ["job": "\(spec.name)", "error": "\(problem)"])
            } else {
                logger.info("on_failure url notified", metadata: ["job": "\(spec.name)", "url": "\(SecretMask.maskUserInfo(in: SecretMask.shared.mask(url)))"])
            }
        }
        if let command = spec.onFailure.command {
            if let problem = await run(command, input: body, summary: summary) {
                warnings.append(problem)
                logger.error("on_failure command failed", metadata: ["job": "\(spec.name)", "error": "\(problem)"])
            } else {
                logger.info("on_failure command ran", metadata: ["job": "\(spec.name)"])
            }
        }
        return warnings
    }

    func post(_ body: Data, to url: String) async -> String? {
        let fetcher = Fetcher(configuration: FetcherConfiguration(version: ReportJob.version), logger: logger)
        defer { fetcher.shutdown() }
        var request = FetchRequest(sourceID: "on_failure", url: url, method: .post,
                                   headers: [("Content-Type", "application/json")], body: body,
                                   connectTimeout: 10, totalTimeout: 30, retries: 2)
        do {
            // `${NAME}` expanded like a source's url; its values and a user-info password become secrets.
            try request.expandURL()
            let result = try await fetcher.fetch(request)
            return (200..<300).contains(result.status) ? nil : "on_failure url \(request.maskedURL) answered HTTP \(result.status)"
        } catch {
            return "on_failure url \(request.maskedURL): \(error.description)"
        }
    }

    /// `/bin/sh -c command`, with PLANWATCH_JOB, PLANWATCH_RUN and PLANWATCH_EXIT_CODE set and the
    /// summary on standard input; waited for off Swift's cooperative pool.
    func run(_ command: String, input: Data, summary: FailureSummary) async -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        var environment = ProcessInfo.processInfo.environment
        environment["PLANWATCH_JOB"] = summary.job
        environment["PLANWATCH_RUN"] = String(summary.run)
        environment["PLANWATCH_EXIT_CODE"] = String(summary.exitCode)
        process.environment = environment
        let stdin = Pipe()
        process.standardInput = stdin
        let timeout = commandTimeout
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    try process.run()
                } catch {
                    continuation.resume(returning: "on_failure command '\(command)' could not start: \(error.localizedDescription)")
                    return
                }
                try? stdin.fileHandleForWriting.write(contentsOf: input)
                try? stdin.fileHandleForWriting.close()
                let done = DispatchSemaphore(value: 0)
                process.terminationHandler = { _ in done.signal() }
                if process.isRunning && done.wait(timeout: .now() + timeout) == .timedOut {
                    process.terminate()
                    process.waitUntilExit()
                    continuation.resume(returning: "on_failure command '\(command)' was stopped after \(Int(timeout)) s")
                    return
                }
                process.waitUntilExit()
                let status = process.terminationStatus
                continuation.resume(returning: status == 0 ? nil : "on_failure command '\(command)' exited \(status)")
            }
        }
    }
}
