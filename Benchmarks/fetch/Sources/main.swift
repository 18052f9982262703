// fetch-bench: fetches every URL of a file through one PlanWatchFetch Fetcher and prints the wall time.
// Usage: fetch-bench URLS_FILE [--max-host N] [--max-total N] [--cache DIR]
//   --cache DIR: go through SourceFetcher with a ResponseCache (conditional GET, atomic cache writes),
//                as `planwatch fetch` does.
import Foundation
import PlanWatchFetch

let args = Array(CommandLine.arguments.dropFirst())
guard let file = args.first else {
    FileHandle.standardError.write(Data("usage: fetch-bench URLS_FILE [--max-host N] [--max-total N] [--cache DIR]\n".utf8))
    exit(2)
}
@MainActor func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}
let maxHost = Int(option("--max-host") ?? "") ?? 8
let maxTotal = Int(option("--max-total") ?? "") ?? 32
let cacheDir = option("--cache")
let urls = try String(contentsOfFile: file, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)

let fetcher = Fetcher(configuration: FetcherConfiguration(version: "bench", maxHostConnections: maxHost, maxTotalConnections: maxTotal))
let clock = ContinuousClock()
let start = clock.now
var ok = 0
var bytes = 0
if let cacheDir {
    let sources = urls.enumerated().map { SourceSpec(sourceID: "s\($0.offset)", request: FetchRequest(url: $0.element), maxStale: 86400) }
    let runner = SourceFetcher(fetcher: fetcher, cache: ResponseCache(directory: URL(fileURLWithPath: cacheDir)))
    let outcomes = await runner.fetchAll(sources)
    ok = outcomes.filter(\.hasData).count
    bytes = outcomes.reduce(0) { $0 + $1.bytes }
    for o in outcomes where !o.hasData { print(o.summaryLine) }
} else {
    let results = await withTaskGroup(of: Int?.self) { group in
        for url in urls {
            group.addTask {
                do throws(FetchError) { return try await fetcher.fetch(FetchRequest(url: url)).bytes } catch {
                    print(error.description)
                    return nil
                }
            }
        }
        var all: [Int?] = []
        for await r in group { all.append(r) }
        return all
    }
    ok = results.compactMap { $0 }.count
    bytes = results.compactMap { $0 }.reduce(0, +)
}
let elapsed = clock.now - start
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(String(format: "fetch-bench: %d/%d ok, %d bytes, %.3f s (max-host %d, max-total %d%@)",
             ok, urls.count, bytes, seconds, maxHost, maxTotal, cacheDir == nil ? "" : ", with cache"))
fetcher.shutdown()
exit(ok == urls.count ? 0 : 1)
