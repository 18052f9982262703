import Foundation
import PlanWatchFeeds

// Reads a JSON-stat file the way `planwatch inspect FILE --format jsonstat --rows` does (keeping every
// cell, as fetch and run do; the summary alone only counts them) and prints the figures. Usage: feeds-bench FILE [--rows]  (--rows also renders every cell as CSV, discarded).
let args = CommandLine.arguments
guard args.count > 1 else { print("usage: feeds-bench FILE [--rows]"); exit(2) }
let start = Date()
do {
    let data = try Data(contentsOf: URL(fileURLWithPath: args[1]), options: .alwaysMapped)
    let payload = Payload(sourceID: "bench", data: data, location: args[1])
    let inspection = try Inspection.inspect(payload, format: "jsonstat")
    var bytes = 0
    if args.contains("--rows") { inspection.writeCSV { bytes += $0.utf8.count } }
    let s = inspection.summary
    let elapsed = Date().timeIntervalSince(start)
    print("cells \(s.observationCount) missing \(s.missingCount) status \(s.statusCodes.map { "\($0.code)=\($0.count)" }.joined(separator: ",")) csv_bytes \(bytes)")
    print(String(format: "planwatch_seconds %.3f", elapsed))
} catch {
    print("error: \(error)")
    exit(1)
}
