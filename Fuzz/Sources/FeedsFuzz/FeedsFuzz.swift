import Foundation
import PlanWatchFeeds

/// Decoder under test, from FEED_FORMAT (default jsonstat).
nonisolated(unsafe) let fuzzDecoder: any FeedDecoder = {
    let format = ProcessInfo.processInfo.environment["FEED_FORMAT"] ?? "jsonstat"
    guard let d = FeedDecoders.decoder(for: format) else { fatalError("unknown FEED_FORMAT \(format)") }
    return d
}()
nonisolated(unsafe) let fuzzFormat = ProcessInfo.processInfo.environment["FEED_FORMAT"] ?? "jsonstat"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    let payload = Payload(sourceID: "fuzz", data: data, location: "fuzz")
    // Decoding errors are expected; crashes, traps and sanitizer reports are the findings.
    _ = try? fuzzDecoder.decode(payload, mapping: FeedMapping(indicatorCodes: ["A": "K01"], filters: [:]))
    if let inspection = try? Inspection.inspect(payload, format: fuzzFormat) {
        _ = inspection.summary
        if inspection.summary.observationCount < 100_000 { _ = inspection.csv() }
    }
    return 0
}

// SwiftPM links an executable target's entry point as `<module>_main` (and aliases `main` to it), so
// hand control to libFuzzer's driver from there.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt) -> CInt

@_cdecl("FeedsFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var c = argc
    var v = argv
    return LLVMFuzzerRunDriver(&c, &v) { fuzzOne($0, $1) }
}
