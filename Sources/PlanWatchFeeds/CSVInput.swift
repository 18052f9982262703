import Foundation
import ReportKit

/// What the CSV decoders check before reading a row: an HTML page, binary content, the text encoding.
/// The bytes are then scanned in place (`CSVScanner`), without a `String` of the whole file.
enum CSVInput {
    /// How much of the file is looked at for NUL bytes: text never holds them, binary files and
    /// sparse files do within the first KiB, and failing here spares reading a 1 GiB file to the end.
    static let binaryProbe = 1024

    /// Calls `body` with the payload's text as UTF-8 bytes (BOM removed). With `gb18030`, bytes that
    /// are not UTF-8 are read as GB18030 and handed over re-encoded as UTF-8.
    static func withText<R>(_ payload: Payload, what: String, gb18030: Bool,
                            _ body: (UnsafeBufferPointer<UInt8>, TextDecoding.Encoding) throws(FeedError) -> R) throws(FeedError) -> R {
        // Checked before the text encoding: an error page is often not UTF-8, and this names it.
        if JSONInput.looksLikeHTML(payload.data) {
            throw FeedError(.malformed, payload: payload, position: "line 1",
                            message: "got an HTML page (content type \(payload.contentType ?? "unknown")) where \(what) was expected")
        }
        if let nul = payload.data.prefix(binaryProbe).firstIndex(of: 0) {
            throw FeedError(.malformed, payload: payload, position: "byte \(nul - payload.data.startIndex)",
                            message: "binary content (a NUL byte) where \(what) was expected; point the source at the CSV file itself")
        }
        let result: Result<R, FeedError> = payload.data.withUnsafeBytes { raw in
            var bytes = raw.bindMemory(to: UInt8.self)
            var skipped = 0
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                bytes = UnsafeBufferPointer(rebasing: bytes[3...])
                skipped = 3
            }
            do throws(FeedError) {
                // A large input is checked on a thread of its own while `body` already reads it as
                // UTF-8; the reading is kept only if the check passes. (The scanner reads bytes, and a
                // `String` made of bad ones is repaired, so reading cannot go wrong on them.) The check
                // was a sixth of the time for a file with Chinese text.
                var read: Result<R, FeedError>?
                let bad: Int?
                if bytes.count >= concurrentCheck {
                    let check = UTF8CheckThread(bytes)
                    do throws(FeedError) { read = .success(try body(bytes, .utf8)) } catch { read = .failure(error) }
                    bad = check.wait()
                } else {
                    bad = UTF8Check.firstInvalidOffset(bytes)
                }
                guard let bad else {
                    if let read { return read }
                    return .success(try body(bytes, .utf8))
                }
                let position = UTF8Check.position(of: bad, in: bytes, skipped: skipped)
                guard gb18030 else {
                    // A body fetched over HTTP cannot be re-saved by the user; a GBK office export
                    // is read by `format: csv` (GB18030), so that is the fix to name.
                    let remote = payload.location.hasPrefix("http://") || payload.location.hasPrefix("https://")
                    let gbk = GB18030.decode(Data(bytes)) != nil
                    let fix = switch (remote, gbk) {
                    case (true, true): "the body is GBK/GB18030 text, which \(what) is not; for a statistics office's CSV export use `format: csv` (it reads GB18030) with a `mapping:`"
                    case (true, false): "the server sends another encoding; \(what) must be UTF-8, so ask for a UTF-8 export or use `format: csv` if it is an office export"
                    case (false, true): "the file is GBK/GB18030; save it as UTF-8 (with or without BOM), or read it with `format: csv` (GB18030) and a `mapping:`"
                    case (false, false): "save the file as UTF-8 (with or without BOM)"
                    }
                    throw FeedError(.malformed, payload: payload, position: position,
                                    message: "not UTF-8 text (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) starts no valid sequence); \(fix)")
                }
                guard let text = GB18030.decode(Data(bytes)) else {
                    throw FeedError(.malformed, payload: payload, position: position,
                                    message: "neither UTF-8 nor GB18030 text (the first byte that is not UTF-8 is 0x\(String(bytes[bad], radix: 16, uppercase: true))); "
                                        + (payload.location.hasPrefix("http") ? "check that the URL answers with the CSV itself, in UTF-8 or GB18030" : "save the file as UTF-8"))
                }
                let utf8 = Array(text.utf8)
                return .success(try utf8.withUnsafeBufferPointer { buffer throws(FeedError) in try body(buffer, .gb18030) })
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Inputs from this size on are checked for UTF-8 on a second thread while they are read.
    static let concurrentCheck = 1 << 20
}

/// `UTF8Check.firstInvalidOffset` on a thread of its own (a `Thread`, not the cooperative pool, which
/// a blocking wait could starve).
private final class UTF8CheckThread: @unchecked Sendable {
    private let base: UnsafePointer<UInt8>?
    private let count: Int
    private var result: Int?
    private let done = DispatchSemaphore(value: 0)

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        base = bytes.baseAddress
        count = bytes.count
        Thread { [self] in
            result = UTF8Check.firstInvalidOffset(UnsafeBufferPointer(start: base, count: count))
            done.signal()
        }.start()
    }

    /// The check's answer, once it is done.
    func wait() -> Int? {
        done.wait()
        return result
    }
}

/// Rows a decoder left out, named in one warning: every bad line up to a cap, then a count.
struct RejectedRows {
    static let shown = 20
    var count = 0
    /// The first bad places, kept as errors so that a later half's can be renumbered (`append`).
    var first: [FeedError] = []

    var firstError: FeedError? { first.first }

    mutating func add(_ error: FeedError) {
        count += 1
        if first.count < Self.shown { first.append(error) }
    }

    /// Adds the rows `later` left out, found after these (`CSVSplitScan`), whose lines it numbered
    /// from the split: `lines` is added to the line each names.
    mutating func append(_ later: RejectedRows, lines: Int) {
        count += later.count
        first += later.first.prefix(Self.shown - first.count).map { error in
            var moved = error
            moved.position = Self.position(error.position, movedBy: lines)
            return moved
        }
    }

    /// `position` as the CSV readers write it ("line N" or "line N, column …") with `lines` added to N.
    static func position(_ position: String?, movedBy lines: Int) -> String? {
        guard lines != 0, let position, position.hasPrefix("line ") else { return position }
        let rest = position.dropFirst(5)
        let digits = rest.prefix { $0 >= "0" && $0 <= "9" }
        guard let line = Int(digits) else { return position }
        return "line \(line + lines)" + rest.dropFirst(digits.count)
    }

    /// The error when nothing at all could be read: the first bad place, and the others listed.
    func failure(_ what: String) -> FeedError {
        var error = firstError!
        if count > 1 { error.message += "; no \(what) could be read, all \(count) are bad: \(listed)" }
        return error
    }

    /// The bad places, capped, with how many more there are.
    var listed: String {
        first.map { "\($0.position ?? "?"): \($0.message)" }.joined(separator: "; ") + (count > first.count ? "; and \(count - first.count) more" : "")
    }

    /// The warning, or nil when nothing was left out.
    func diagnostic(at location: String, what: String = "row(s)") -> Diagnostic? {
        guard count > 0 else { return nil }
        return Diagnostic(.warning, "\(count) \(what) left out, the others were read: \(listed)", at: location)
    }
}
