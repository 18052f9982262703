import Foundation

/// A decoder's reading state that can read the rest of a file in two parts at once: a copy reads the
/// records of the second half, and is merged back as if the same state had read them in order.
protocol CSVSplitReader: SendableMetatype {
    /// Whether the records read so far let the rest be read in two parts (the header is known).
    var readyToSplit: Bool { get }
    mutating func read(_ record: borrowing CSVScanner.Row) throws(FeedError)
    /// A copy, as the state is now, that reads the records of the second part (`total` bytes). It
    /// shares no storage that a row reads with this one (`unshared()`): two threads retaining and
    /// releasing one array's reference count per row moved its cache line between the cores each
    /// time, and the two-thread reading of SDMX-CSV took more CPU than reading on one.
    func fork(total: Int) -> Self
    /// Whether `later`, a fork that read the records after the ones read here, can be merged: the
    /// records it read would not have been read differently after these (a footer here, a deletion
    /// there that names earlier rows: then the records are read again here, in order).
    func accepts(_ later: Self) -> Bool
    /// Adds what `later` read: rows after these, texts and categories in the order of first use,
    /// rejected rows after these. `later` numbered its lines from 1 at the split: `lines` (the lines
    /// before it) is added to every line number it holds, cells and named rows alike.
    mutating func merge(_ later: inout Self, lines: Int)
}

/// Reads a large CSV payload on two threads: the first half on the calling one, the second on a
/// thread of its own, each into its own reader, merged afterwards. The result (rows, their order,
/// categories, texts, line numbers, warnings and errors) is the sequential one, byte for byte: the
/// second half is read speculatively from a line end after the middle, and kept only when the first
/// half's reading ends exactly there (so that line end was not inside a quoted field); otherwise the
/// first half's reader reads on to the end. The second half numbers its lines from the split and the
/// merge adds the line where the first half ended, which is the line reading in order has there
/// (counting the line feeds before the split instead held the second thread back, and a lone CR,
/// which ends a line but is no line feed, made the halves disagree). On two cores this nearly halves
/// the wall time of a million-row file.
enum CSVSplitScan {
    /// Payloads below this are read sequentially: a thread costs more than it saves. Tests lower it
    /// to split small inputs at every place.
    @TaskLocal static var threshold = 4 << 20
    /// Where the second half is looked for (the line end at or after this offset); nil: the middle
    /// of the records after the header. Tests move it over the whole input.
    @TaskLocal static var splitNear: Int? = nil
    /// Records read one at a time before the reader is ready (preamble, header); beyond them the
    /// file is read sequentially.
    static let leadRecords = 64

    /// Reads all records of `bytes` into `reader`; true when two halves were read and merged.
    @discardableResult
    static func scan<R: CSVSplitReader>(_ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8 = UInt8(ascii: ","),
                                        sourceID: String, location: String, reader: inout R) throws(FeedError) -> Bool {
        let n = bytes.count
        let threshold = Self.threshold
        var at = (offset: 0, line: 1)
        if n >= threshold {
            var records = 0
            while !reader.readyToSplit && at.offset < n && records < leadRecords {
                // One record (and the blank ones before it).
                at = try CSVScanner.scan(bytes, separator: separator, from: at.offset, line: at.line, until: at.offset + 1,
                                         sourceID: sourceID, location: location) { (row: borrowing CSVScanner.Row) throws(FeedError) in
                    try reader.read(row)
                }
                records += 1
            }
        }
        guard n >= threshold, reader.readyToSplit, let split = lineStart(in: bytes, after: max(at.offset, Self.splitNear ?? at.offset + (n - at.offset) / 2)) else {
            _ = try CSVScanner.scan(bytes, separator: separator, from: at.offset, line: at.line, until: n,
                                    sourceID: sourceID, location: location) { (row: borrowing CSVScanner.Row) throws(FeedError) in
                try reader.read(row)
            }
            return false
        }
        let later = LaterHalf(bytes, split: split, reader: reader.fork(total: n - split),
                              separator: separator, sourceID: sourceID, location: location)
        let first: (offset: Int, line: Int)
        do throws(FeedError) {
            first = try CSVScanner.scan(bytes, separator: separator, from: at.offset, line: at.line, until: split,
                                        sourceID: sourceID, location: location) { (row: borrowing CSVScanner.Row) throws(FeedError) in
                try reader.read(row)
            }
        } catch {
            // The first half's error comes first, as in order (the thread must end before `bytes` goes).
            _ = later.wait()
            throw error
        }
        var (laterReader, laterError) = later.wait()
        // An error of the second half names a line counted from the split: read on in order, which
        // meets the same error and names its line.
        if first.offset == split, laterError == nil, reader.accepts(laterReader) {
            reader.merge(&laterReader, lines: first.line - 1)
            return true
        }
        _ = try CSVScanner.scan(bytes, separator: separator, from: first.offset, line: first.line, until: n,
                                sourceID: sourceID, location: location) { (row: borrowing CSVScanner.Row) throws(FeedError) in
            try reader.read(row)
        }
        return false
    }

    /// The offset after the first line feed at or after `offset`, nil when there is none before the end.
    static func lineStart(in bytes: UnsafeBufferPointer<UInt8>, after offset: Int) -> Int? {
        guard let base = bytes.baseAddress, offset < bytes.count,
              let lf = memchr(base + offset, 10, bytes.count - offset) else { return nil }
        let next = UnsafeRawPointer(lf).assumingMemoryBound(to: UInt8.self) - base + 1
        return next < bytes.count ? next : nil
    }
}

/// The second half read on a thread of its own (a `Thread`, not the cooperative pool, which a
/// blocking wait could starve), its lines numbered from 1 at the split (`CSVSplitScan` adds the
/// lines before it when it merges).
private final class LaterHalf<R: CSVSplitReader>: @unchecked Sendable {
    /// Taken by the thread while it reads, then by `wait` (one owner: the merge rewrites its arrays in place).
    private var reader: R?
    private var error: FeedError?
    private let base: UnsafePointer<UInt8>
    private let count: Int
    private let split: Int
    private let separator: UInt8
    private let sourceID: String
    private let location: String
    private let done = DispatchSemaphore(value: 0)

    init(_ bytes: UnsafeBufferPointer<UInt8>, split: Int, reader: R, separator: UInt8, sourceID: String, location: String) {
        self.reader = reader
        base = bytes.baseAddress!
        count = bytes.count
        self.split = split
        self.separator = separator
        self.sourceID = sourceID
        self.location = location
        Thread { [self] in run() }.start()
    }

    private func run() {
        var reader = self.reader.take()!
        do throws(FeedError) {
            _ = try CSVScanner.scan(UnsafeBufferPointer(start: base + split, count: count - split), separator: separator,
                                    from: 0, line: 1, until: count - split,
                                    sourceID: sourceID, location: location) { (row: borrowing CSVScanner.Row) throws(FeedError) in
                try reader.read(row)
            }
        } catch {
            self.error = error
        }
        self.reader = consume reader
        done.signal()
    }

    /// The half's reader and its error, once it is done.
    func wait() -> (R, FeedError?) {
        done.wait()
        return (reader.take()!, error)
    }
}

extension Array {
    /// A copy in storage of its own (not shared with this array until either is written, as a plain
    /// copy is): for the reader of the second half (`CSVSplitReader.fork`).
    func unshared() -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: self)
        }
    }
}

extension FeedDimension {
    /// The dimension with its category arrays in storage of their own (`Array.unshared`).
    func unshared() -> FeedDimension {
        var copy = self
        copy.codes = codes.unshared()
        copy.labels = labels.unshared()
        return copy
    }
}
