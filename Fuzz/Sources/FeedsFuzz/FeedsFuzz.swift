import Foundation
import PlanWatchCore
@_spi(Fuzzing) import PlanWatchFeeds

/// Decoder under test, from FEED_FORMAT (default jsonstat); nil for the YAML loaders and json-pieces.
nonisolated(unsafe) let fuzzFormat = ProcessInfo.processInfo.environment["FEED_FORMAT"] ?? "jsonstat"
nonisolated(unsafe) let fuzzDecoder: (any FeedDecoder)? = {
    if ["config", "plan", "json-pieces"].contains(fuzzFormat) { return nil }
    guard let d = FeedDecoders.decoder(for: fuzzFormat) else { fatalError("unknown FEED_FORMAT \(fuzzFormat)") }
    return d
}()

/// FEED_FORMAT=config / plan: the YAML loaders (`Config/planwatch.yaml`, `Config/plans/*.yaml`).
/// Problems are expected; crashes, traps, sanitizer reports and timeouts (alias bombs) are findings.
func fuzzLoaders(_ data: Data) {
    guard let text = String(data: data, encoding: .utf8) else { return }
    if fuzzFormat == "config" {
        let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("planwatch-fuzz/planwatch.yaml")
        _ = try? PlanWatchConfig.load(text: text, file: file, displayName: "fuzz.yaml")
    } else if let loaded = try? PlanLoader().load(text: text, displayName: "fuzz.yaml") {
        _ = loaded.plan.ids
    }
}

/// FEED_FORMAT=json-pieces: the JSON reader with `value` arrays cut into pieces of 1 to 32 bytes (the
/// first input byte chooses) must read exactly what it reads on one core, or fail with the same error.
func fuzzPieces(_ data: Data) {
    guard let first = data.first else { return }
    let split = CellSplit(minBytes: 0, pieceBytes: Int(first % 32) + 1)
    for keep in [true, false] {
        let oneCore = Result { try JSONParser.parse(data, keepingCells: keep, split: nil) }
        let pieces = Result { try JSONParser.parse(data, keepingCells: keep, split: split) }
        switch (oneCore, pieces) {
        case (.success(let a), .success(let b)): precondition(a.canonicalText == b.canonicalText, "pieces read other values")
        case (.failure(let a), .failure(let b)):
            // (A `JSONSyntaxError` prints every field: message, offset, line, column, path.)
            precondition("\(a)" == "\(b)", "pieces failed otherwise: \(a) / \(b)")
        default: preconditionFailure("one way read the document, the other did not")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    guard let fuzzDecoder else {
        if fuzzFormat == "json-pieces" { fuzzPieces(data); return 0 }
        fuzzLoaders(data)
        return 0
    }
    let payload = Payload(sourceID: "fuzz", data: data, location: "fuzz")
    // Decoding errors are expected; crashes, traps and sanitizer reports are the findings.
    _ = try? fuzzDecoder.decode(payload, mapping: FeedMapping(indicatorCodes: ["A": "K01"], filters: [:]))
    let full = Result { try Inspection.inspect(payload, format: fuzzFormat) }
    if case .success(let inspection) = full {
        _ = inspection.summary
        if inspection.summary.observationCount < 100_000 { _ = inspection.csv() }
    }
    // The summary that counts cells without keeping them (`planwatch inspect` without --rows) must
    // say exactly what the full decode says, or fail with the same error.
    let counted = Result { try Inspection.inspect(payload, format: fuzzFormat, keepingCells: false) }
    switch (full, counted) {
    case (.success(let a), .success(let b)): precondition(a.summary == b.summary, "counted summary differs")
    case (.failure(let a), .failure(let b)): precondition("\(a)" == "\(b)", "counted error differs: \(a) / \(b)")
    default: preconditionFailure("one way read the payload, the other did not")
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
