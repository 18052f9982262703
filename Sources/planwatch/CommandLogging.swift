import Foundation
import Logging

/// Logging for the CLI: plain lines on standard error, level from PLANWATCH_LOG (default warning),
/// so standard output carries only the report.
enum CommandLogging {
    static func bootstrap() {
        let level = ProcessInfo.processInfo.environment["PLANWATCH_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    static var logger: Logger { Logger(label: "planwatch") }
}
