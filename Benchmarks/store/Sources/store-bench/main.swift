import Foundation
import PlanWatchStore

// Store ingest and history, on a fresh database file:
// 1. 1,000,000 observations of the 3,000-region shape (3,000 regions x 34 series x 10 years; mixed
//    number shapes, ~7% missing with a status, sparse e/p flags), first delivery: every one a new vintage;
// 2. the same delivery again with 1% of the values revised: each figure checked against its current
//    vintage, the revised ones stored as new vintages and revisions;
// 3. 10,000 runs in the ledger (3 sources and 5 reports each), then the 20 most recent read back as
//    `planwatch history` does.
// Usage: store-bench DIR   (prints one line per figure)

let dir = URL(fileURLWithPath: CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : NSTemporaryDirectory() + "store-bench-\(getpid())")
try? FileManager.default.removeItem(at: dir)
let file = dir.appendingPathComponent("store.sqlite")
let store = try SQLiteRunStore(file: file)
let clock = ContinuousClock()
func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
/// User + system CPU time of this process: on a machine shared with other builds, wall time mostly
/// measures the others.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

struct Generator {
    var state: UInt64 = 20_261_202
    mutating func next() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(1 << 53)
    }
}
var random = Generator()
let regions = (0..<3000).map { String(110_000 + $0 * 100) }
let series = (0..<34).map { String(format: "K%02d", $0) } 
let years = (2015..<2025).map(String.init)
var observations: [ObservationInput] = []
observations.reserveCapacity(regions.count * series.count * years.count)
for region in regions {
    for s in series {
        for year in years {
            let r = random.next()
            let value: Double?
            switch r {
            case ..<0.07: value = nil                                            // missing, status ".."
            case ..<0.30: value = (random.next() * 100_000).rounded()            // whole numbers
            case ..<0.60: value = (random.next() * 1_000_000).rounded() / 100    // 2 decimals
            case ..<0.75: value = (random.next() * 40 - 10).rounded() / 10       // growth rates, negative too
            default: value = random.next() * 1e9                                 // large levels
            }
            let status: String? = value == nil ? ".." : (r > 0.99 ? "e" : (r > 0.98 ? "p" : nil))
            observations.append(ObservationInput(series: s, region: region, period: year, value: value, status: status, unit: s == "K03" ? "%" : nil))
        }
    }
}
let payload = Data(repeating: 0x2c, count: 1 << 20)

let first = try store.beginRun(NewRun(job: "bench", trigger: "bench", pid: getpid(), host: "bench", startedAt: Date()))
try store.putPayload(payload, sha256: "bench-payload-1")
var t0 = clock.now
var c0 = cpuSeconds()
let none = try store.recordObservations(runID: first, sourceID: "census", payloadSHA256: "bench-payload-1", deliveredAt: Date(), observations)
let ingest = seconds(clock.now - t0)
print(String(format: "ingest_first_s %.3f observations %d revisions %d", ingest, observations.count, none.count))
print(String(format: "ingest_first_cpu_s %.3f", cpuSeconds() - c0))

var revised = observations
var changed = 0
for i in stride(from: 0, to: revised.count, by: 100) {
    revised[i].value = (revised[i].value ?? 0) + 1
    changed += 1
}
let second = try store.beginRun(NewRun(job: "bench", trigger: "bench", pid: getpid(), host: "bench", startedAt: Date()))
t0 = clock.now
c0 = cpuSeconds()
let revisions = try store.recordObservations(runID: second, sourceID: "census", payloadSHA256: "bench-payload-1", deliveredAt: Date(), revised)
let ingestAgain = seconds(clock.now - t0)
print(String(format: "ingest_revised_s %.3f observations %d revisions %d expected %d", ingestAgain, revised.count, revisions.count, changed))
print(String(format: "ingest_revised_cpu_s %.3f", cpuSeconds() - c0))
let bytes = ((try? FileManager.default.attributesOfItem(atPath: file.path)[.size]) as? Int ?? 0)
    + ((try? FileManager.default.attributesOfItem(atPath: file.path + "-wal")[.size]) as? Int ?? 0)
print(String(format: "store_mb %.1f", Double(bytes) / 1_048_576))

t0 = clock.now
for i in 0..<10_000 {
    let id = try store.beginRun(NewRun(job: i.isMultiple(of: 3) ? "weekly" : "daily", trigger: "schedule", pid: getpid(), host: "bench",
                                       startedAt: Date(timeIntervalSince1970: 1_780_000_000 + Double(i) * 3600)))
    try store.finishRun(id, RunFinish(
        state: .finished, finishedAt: Date(timeIntervalSince1970: 1_780_000_000 + Double(i) * 3600 + 42), exitCode: i.isMultiple(of: 7) ? 3 : 0,
        outcome: i.isMultiple(of: 7) ? "partial" : "complete", outputDirectory: "/srv/out/runs/run-\(id)", outputs: ["overview.html", "manifest.json"],
        warnings: i.isMultiple(of: 7) ? ["source 'nbs' failed: HTTP 503"] : [],
        sources: ["nbs", "census", "local"].map { RunSourceOutcome(id: $0, outcome: $0 == "nbs" && i.isMultiple(of: 7) ? "failed" : "fresh", location: "https://example.org/\($0)", bytes: 1000, observations: 100, payloads: ["p\(i % 50)"]) },
        reports: ["overview", "industry-chains", "ecology", "livelihood", "safety"].map { RunReportOutcome(id: $0, ok: true) }))
}
print(String(format: "ledger_10000_runs_s %.3f", seconds(clock.now - t0)))
var best = Double.infinity
for _ in 0..<5 {
    t0 = clock.now
    let runs = try store.runs(job: "daily", limit: 20)
    precondition(runs.count == 20)
    best = min(best, seconds(clock.now - t0))
}
print(String(format: "history_20_of_10000_ms %.2f", best * 1000))
