import Foundation

/// A JSON value as the feed decoders need it: object key order kept (JSON-stat `label`-only
/// categories and `index` objects depend on it), and `value` arrays of scalars held compactly.
/// Scalars are held inline (no allocation per value: a sparse `status` object has hundreds of
/// thousands); only objects and cell buffers are boxed.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    indirect case object(JSONObject)
    /// An array of numbers, nulls and strings found under a key named `value` (JSON-stat cells),
    /// read by the byte scanner into a flat buffer instead of one enum per cell.
    indirect case cells(DenseCells)
    /// An object of cell index → short string found under a key named `status` (JSON-stat sparse
    /// status), read by the byte scanner into flat arrays instead of a `String` key and value per
    /// entry. `objectValue` gives it as an ordinary object.
    indirect case codes(SparseCodes)

    public subscript(key: String) -> JSONValue? {
        switch self {
        case .object(let o): return o[key]
        case .codes(let c):
            // Canonical index text only, as the object's own key would read; the first entry, as `JSONObject`.
            guard let index = Int32(key), String(index) == key, let k = c.indices.firstIndex(of: index) else { return nil }
            return .string(c[k].code)
        default: return nil
        }
    }

    public var objectValue: JSONObject? {
        switch self {
        case .object(let o): return o
        case .codes(let c): return c.asObject()
        default: return nil
        }
    }
    public var arrayValue: [JSONValue]? {
        switch self {
        case .array(let a): return a
        case .cells(let c): return c.asValues()
        default: return nil
        }
    }
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var isNull: Bool { if case .null = self { return true }; return false }

    /// A number, or a string holding one (`size` as strings, World Bank meta fields).
    public var numberValue: Double? {
        switch self {
        case .number(let d): return d
        case .string(let s): return Double(s.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    public var intValue: Int? {
        guard let d = numberValue, d.isFinite, d == d.rounded(), abs(d) < 1e15 else { return nil }
        return Int(d)
    }

    /// A scalar as text: strings as is, numbers without a trailing ".0".
    public var scalarText: String? {
        switch self {
        case .string(let s): return s
        case .number(let d): return JSONValue.format(d)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    static func format(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return String(d)
    }
}

extension JSONValue {
    /// The value as text that is the same exactly when two readings are: numbers by their bits,
    /// string cells in cell order (a dictionary prints in an order of its own), counted cells with their
    /// count. For the tests and the fuzzer, which compare readings of one document.
    @_spi(Fuzzing) public var canonicalText: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return "\(b)"
        case .number(let d): return "#" + String(d.bitPattern, radix: 16)
        case .string(let s): return s.debugDescription
        case .array(let a): return "[" + a.map(\.canonicalText).joined(separator: ",") + "]"
        case .object(let o): return "{" + o.members.map { "\($0.debugDescription):\($1.canonicalText)" }.joined(separator: ",") + "}"
        case .cells(let c):
            let numbers = c.numbers.map { String($0.bitPattern, radix: 16) }.joined(separator: " ")
            let texts = c.texts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.debugDescription)" }.joined(separator: " ")
            return "cells(\(c.count) cells, \(c.nulls) missing, \(c.countedOnly == nil ? "kept" : "counted"): \(numbers); \(texts))"
        case .codes(let c): return "codes(" + (0..<c.count).map { "\(c[$0].index)=\(c[$0].code.debugDescription)" }.joined(separator: " ") + ")"
        }
    }
}

/// Object members in document order; lookups are linear for small objects and hashed for large ones.
public struct JSONObject: Sendable {
    public var keys: [String] { didSet { index = keys.count > 12 ? KeyIndex() : nil } }
    public var values: [JSONValue]
    /// Large objects are looked up through a hash table, made at the first lookup: most large
    /// objects (sparse `status` and `value`, `index`) are only ever walked in order.
    private var index: KeyIndex?

    init(keys: [String], values: [JSONValue]) {
        self.keys = keys
        self.values = values
        index = keys.count > 12 ? KeyIndex() : nil
    }

    public subscript(key: String) -> JSONValue? {
        if let index { return index.position(of: key, in: keys).map { values[$0] } }
        for i in keys.indices where keys[i] == key { return values[i] }
        return nil
    }

    public var count: Int { keys.count }
    public var members: Zip2Sequence<[String], [JSONValue]> { zip(keys, values) }
}

/// Key → first position for a large object. The first lookup walks the keys (a decoder often asks a
/// large object one question, such as whether a sparse `status` is the 1.x `{"value": …}` form); the
/// second builds the hash table, once, for the keys it was made for (`JSONObject` makes a new index
/// whenever its keys change). Shared by copies of the object, from any thread.
private final class KeyIndex: @unchecked Sendable {
    private let lock = NSLock()
    private var table: [String: Int]?
    private var walked = false

    func position(of key: String, in keys: [String]) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        if !walked {
            walked = true
            return keys.firstIndex(of: key)
        }
        if table == nil {
            var t: [String: Int] = [:]
            t.reserveCapacity(keys.count)
            for (i, k) in keys.enumerated() where t[k] == nil { t[k] = i }
            table = t
        }
        return table![key]
    }
}

/// JSON-stat cells: numbers with NaN for null, and the raw text of string cells that are not numbers.
public struct DenseCells: Sendable {
    public var numbers: [Double]
    public var nulls: Int
    /// Index → text for string cells that are not numbers (e.g. `order.json`'s "A1B1C1", or ".." markers).
    public var texts: [Int: String]
    /// The number of cells when they were read and counted but not kept (`JSONParser.parse(_:keepingCells:)`
    /// with false); `numbers` is then empty. nil when `numbers` holds the cells.
    public var countedOnly: Int? = nil

    /// How many cells the array holds.
    public var count: Int { countedOnly ?? numbers.count }

    func asValues() -> [JSONValue] {
        precondition(countedOnly == nil, "the cells were counted, not kept")
        return numbers.indices.map { i in
            if let t = texts[i] { return .string(t) }
            let d = numbers[i]
            return d.isNaN ? .null : .number(d)
        }
    }
}

/// A JSON syntax error with its byte offset, line and column and the path to the enclosing value.
public struct JSONSyntaxError: Error, Sendable {
    public var message: String
    public var offset: Int
    public var line: Int
    public var column: Int
    public var path: String

    public var position: String { "\(path) (line \(line), column \(column))" }
}

/// JSON path rendering shared by the decoders: `$.data.dataSets[0].series["0:1"]`.
public enum JSONPath {
    public static func key(_ base: String, _ key: String) -> String {
        let simple = !key.isEmpty && key.unicodeScalars.allSatisfy {
            ($0.value < 128 && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "$"))
        } && !(key.first!.isNumber)
        return simple ? "\(base).\(key)" : "\(base)[\"\(key.replacingOccurrences(of: "\"", with: "\\\""))\"]"
    }
    public static func index(_ base: String, _ i: Int) -> String { "\(base)[\(i)]" }
}

/// How a large `value` array is cut into pieces that all cores read at once
/// (`JSONParser.parse(_:keepingCells:split:)`).
@_spi(Fuzzing) public struct CellSplit: Sendable {
    /// Arrays of at most this many bytes (from `[` to `]`) are read on one core.
    public var minBytes: Int
    /// About how many bytes a piece holds (it ends at the next comma). Many pieces rather than one a
    /// core: each core takes the next piece when it is done with one, so a core that another process
    /// slows down, or a piece of slower numbers, holds the others up by one piece at most, not by half
    /// the array.
    public var pieceBytes: Int

    public init(minBytes: Int, pieceBytes: Int) {
        self.minBytes = max(0, minBytes)
        self.pieceBytes = max(1, pieceBytes)
    }

    /// The size from which an array is cut, and of its pieces: 1 MB (about 8 ms of reading).
    public static let standardBytes = 1 << 20

    /// Arrays over 1 MB in pieces of 1 MB, on a machine of more than one core.
    public static let standard: CellSplit? = ProcessInfo.processInfo.activeProcessorCount > 1
        ? CellSplit(minBytes: standardBytes, pieceBytes: standardBytes) : nil
}

/// The input bytes, handed to the other cores by `JSONParser.readInPieces` (read only).
private struct SharedBytes: @unchecked Sendable {
    let p: UnsafePointer<UInt8>
    let n: Int
}

/// The result buffer of `JSONParser.parseCellsInPieces`; each piece writes its own part.
private struct SharedCells: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
}

/// The first chunk found to hold what `JSONParser.firstCloseBracket` looks for, and where in it.
private final class FirstFound: @unchecked Sendable {
    private let lock = NSLock()
    private var chunk = Int.max
    private var at = -1

    /// Whether `k` comes after a chunk that held it (so need not be searched).
    func isPast(_ k: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return k > chunk
    }

    func record(_ k: Int, at offset: Int) {
        lock.lock()
        defer { lock.unlock() }
        if k < chunk { (chunk, at) = (k, offset) }
    }

    var offset: Int? {
        lock.lock()
        defer { lock.unlock() }
        return chunk == Int.max ? nil : at
    }
}

/// What each piece of a `value` array held, written by the core that read it (each piece its own slot).
private final class PieceResults: @unchecked Sendable {
    struct Piece {
        var cells = 0
        var nulls = 0
        var ok = false
    }
    let pieces: UnsafeMutableBufferPointer<Piece>

    init(count: Int) {
        pieces = .allocate(capacity: count)
        pieces.initialize(repeating: Piece())
    }
    deinit { pieces.deallocate() }

    /// Whether every piece read what it should; then the totals.
    var all: (cells: Int, nulls: Int)? {
        var total = (cells: 0, nulls: 0)
        for piece in pieces {
            guard piece.ok else { return nil }
            total.cells += piece.cells
            total.nulls += piece.nulls
        }
        return total
    }
}

/// Where `JSONParser.scanCells` puts cells.
private protocol CellSink {
    var count: Int { get }
    /// False when there is no room for another cell.
    mutating func append(_ cell: Double) -> Bool
}

/// Cells of unknown number (the one-core scan).
private struct GrowingCells: CellSink {
    var numbers: [Double] = []
    var count: Int { numbers.count }
    @inline(always) mutating func append(_ cell: Double) -> Bool {
        numbers.append(cell)
        return true
    }
}

/// Cells read (each number checked and converted) and counted, not kept: `planwatch inspect`'s
/// summary shows counts only, and a value buffer of 8 bytes a cell would be fresh memory the kernel
/// must zero (about as long as reading the cells, on the benchmark's virtual machine).
private struct CountedCells: CellSink {
    var count = 0
    @inline(always) mutating func append(_ cell: Double) -> Bool {
        count += 1
        return true
    }
}

/// A counted run of cells in a buffer made for them (a piece of an array read on several cores).
private struct SlotCells: CellSink {
    let base: UnsafeMutablePointer<Double>
    let capacity: Int
    var count = 0
    @inline(always) mutating func append(_ cell: Double) -> Bool {
        guard count < capacity else { return false }
        (base + count).initialize(to: cell)
        count += 1
        return true
    }
}

/// A hand-written byte scanner: JSON-stat `value` arrays of millions of cells go straight into a
/// `[Double]`, which is what keeps an 86 MB dataset well under a second (Foundation's decoders
/// manage about 16 MB/s).
///
/// The hot helpers are `@inline(always)`: `@inline(__always)` is only a hint to this compiler's
/// heuristics (`[heuristic_always_inline]` in the SIL), which left the number reader a call per cell
/// with its registers spilled; inlined, a cell takes about a fifth fewer instructions (callgrind) and
/// CPU time.
public struct JSONParser {
    private enum PathItem { case key(String), index(Int) }

    private let p: UnsafePointer<UInt8>
    private let n: Int
    private var i = 0
    private var path: [PathItem] = []
    private var depth = 0
    /// False: `value` arrays of scalars are read and counted, their cells not kept (`DenseCells.countedOnly`).
    private var keepCells = true
    /// How large `value` arrays are cut for reading on all cores; nil: on one core.
    private var split: CellSplit? = nil
    /// Nesting limit: deeper documents are rejected rather than overflowing the stack.
    static let maxDepth = 512

    /// Parses a whole document. Leading UTF-8 BOM and whitespace are allowed.
    /// With `keepingCells` false, a `value` array of numbers, nulls and strings is read as strictly as
    /// ever (every number checked and converted, every error reported) but only counted: `.cells` with
    /// `countedOnly`, for a summary that shows counts and no values.
    public static func parse(_ data: Data, keepingCells: Bool = true) throws(JSONSyntaxError) -> JSONValue {
        try parse(data, keepingCells: keepingCells, split: .standard)
    }

    /// `parse(_:keepingCells:)` with large `value` arrays cut as `split` says (nil: read on one core).
    /// The result, and any error, is the same for every `split`: tests and the fuzzer compare them.
    @_spi(Fuzzing) public static func parse(_ data: Data, keepingCells: Bool, split: CellSplit?) throws(JSONSyntaxError) -> JSONValue {
        if data.isEmpty {
            throw JSONSyntaxError(message: "the document is empty", offset: 0, line: 1, column: 1, path: "$")
        }
        // No copy: a memory-mapped file is scanned in place.
        let result: Result<JSONValue, JSONSyntaxError> = data.withUnsafeBytes { raw in
            run(raw.bindMemory(to: UInt8.self), keepingCells: keepingCells, split: split)
        }
        return try result.get()
    }

    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        if bytes.isEmpty {
            throw JSONSyntaxError(message: "the document is empty", offset: 0, line: 1, column: 1, path: "$")
        }
        let result: Result<JSONValue, JSONSyntaxError> = bytes.withUnsafeBufferPointer { run($0, split: .standard) }
        return try result.get()
    }

    private static func run(_ buf: UnsafeBufferPointer<UInt8>, keepingCells: Bool = true, split: CellSplit?) -> Result<JSONValue, JSONSyntaxError> {
        do {
            var parser = JSONParser(p: buf.baseAddress!, n: buf.count)
            parser.keepCells = keepingCells
            parser.split = split
            do throws(JSONSyntaxError) {
                if parser.n >= 3, parser.p[0] == 0xEF, parser.p[1] == 0xBB, parser.p[2] == 0xBF { parser.i = 3 }
                parser.skipWS()
                let v = try parser.parseValue(key: nil)
                parser.skipWS()
                if parser.i < parser.n { throw parser.error("unexpected text after the JSON value") }
                return .success(v)
            } catch {
                return .failure(error)
            }
        }
    }

    private let pow10: [Double] = (0...22).map { pow(10.0, Double($0)) }

    private init(p: UnsafePointer<UInt8>, n: Int) {
        self.p = p
        self.n = n
    }

    private func error(_ message: String) -> JSONSyntaxError {
        var line = 1
        var lineStart = 0
        var k = 0
        let end = min(i, n)
        while k < end {
            if p[k] == 0x0A { line += 1; lineStart = k + 1 }
            k += 1
        }
        var text = "$"
        for item in path {
            switch item {
            case .key(let key): text = JSONPath.key(text, key)
            case .index(let idx): text = JSONPath.index(text, idx)
            }
        }
        let found = i < n ? "'\(Character(Unicode.Scalar(p[i])).description.debugDescription.dropFirst().dropLast())'" : "end of input"
        return JSONSyntaxError(message: "\(message) (found \(found))", offset: i, line: line, column: i - lineStart + 1, path: text)
    }

    @inline(always) private mutating func skipWS() {
        while i < n {
            let c = p[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { return }
        }
    }

    private mutating func parseValue(key: String?) throws(JSONSyntaxError) -> JSONValue {
        guard i < n else { throw error("expected a value") }
        switch p[i] {
        case UInt8(ascii: "{"):
            if key == "status" {
                let start = i
                if let codes = parseCodes() { return .codes(codes) }
                i = start
            }
            return try parseObject()
        case UInt8(ascii: "["):
            if key == "value" {
                let start = i
                if let cells = try parseCells() { return .cells(cells) }
                i = start
            }
            return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try parseNumber())
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let len = word.utf8CodeUnitCount
        guard i + len <= n else { throw error("expected \(word)") }
        let w = word.utf8Start
        for k in 0..<len where p[i + k] != w[k] { throw error("expected \(word)") }
        i += len
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > JSONParser.maxDepth { throw error("nesting deeper than \(JSONParser.maxDepth) levels") }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        var keys: [String] = []
        var values: [JSONValue] = []
        skipWS()
        if i < n, p[i] == UInt8(ascii: "}") { i += 1; return .object(JSONObject(keys: [], values: [])) }
        while true {
            skipWS()
            guard i < n, p[i] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try parseString()
            skipWS()
            guard i < n, p[i] == UInt8(ascii: ":") else { throw error("expected ':' after key \"\(key)\"") }
            i += 1
            skipWS()
            path.append(.key(key))
            let v = try parseValue(key: key)
            path.removeLast()
            keys.append(key)
            values.append(v)
            skipWS()
            guard i < n else { throw error("unterminated object") }
            if p[i] == UInt8(ascii: ",") { i += 1; continue }
            if p[i] == UInt8(ascii: "}") { i += 1; break }
            throw error("expected ',' or '}' in object")
        }
        return .object(JSONObject(keys: keys, values: values))
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        var items: [JSONValue] = []
        skipWS()
        if i < n, p[i] == UInt8(ascii: "]") { i += 1; return .array([]) }
        while true {
            skipWS()
            path.append(.index(items.count))
            let v = try parseValue(key: nil)
            path.removeLast()
            items.append(v)
            skipWS()
            guard i < n else { throw error("unterminated array") }
            if p[i] == UInt8(ascii: ",") { i += 1; continue }
            if p[i] == UInt8(ascii: "]") { i += 1; break }
            throw error("expected ',' or ']' in array")
        }
        return .array(items)
    }

    /// The fast path for `value` arrays: numbers, nulls and strings only. Returns nil (and the caller
    /// rewinds) when an element is an object, array or boolean.
    private mutating func parseCells() throws(JSONSyntaxError) -> DenseCells? {
        if !keepCells && !inStatus { return try countCells() }
        if let cells = parseCellsInPieces() { return cells }
        i += 1
        var sink = GrowingCells()
        sink.numbers.reserveCapacity(max(16, (n - i) / 8))
        var texts: [Int: String] = [:]
        var nulls = 0
        skipWS()
        if i < n, p[i] == UInt8(ascii: "]") { i += 1; return DenseCells(numbers: [], nulls: 0, texts: [:]) }
        do throws(JSONSyntaxError) {
            guard try scanCells(&sink, &texts, &nulls, stop: -1, strings: true) else { return nil }
        } catch {
            // Name the element in the path (kept off the hot loop).
            path.append(.index(sink.count))
            throw self.error(String(error.message.prefix { $0 != "(" }).trimmingCharacters(in: .whitespaces))
        }
        return DenseCells(numbers: sink.numbers, nulls: nulls, texts: texts)
    }

    /// Whether the array being read is the `value` of a JSON-stat 1.x `status` object
    /// (`{"value": […], "category": …}`): statuses, which the decoder reads one by one, so always kept.
    private var inStatus: Bool {
        guard path.count >= 2, case .key(let parent) = path[path.count - 2] else { return false }
        return parent == "status"
    }

    /// `parseCells` without keeping the cells: the same scan (and the same errors, from the one-core
    /// scan), with a counting sink. A large array is read in pieces on all cores at once; no count pass
    /// is needed first, since nothing is written. A piece that meets a string, a nested value or an
    /// error leaves the array to the one-core scan.
    private mutating func countCells() throws(JSONSyntaxError) -> DenseCells? {
        if let cells = countCellsInPieces() { return cells }
        i += 1
        var sink = CountedCells()
        var texts: [Int: String] = [:]
        var nulls = 0
        skipWS()
        if i < n, p[i] == UInt8(ascii: "]") { i += 1; return DenseCells(numbers: [], nulls: 0, texts: [:], countedOnly: 0) }
        do throws(JSONSyntaxError) {
            guard try scanCells(&sink, &texts, &nulls, stop: -1, strings: true) else { return nil }
        } catch {
            path.append(.index(sink.count))
            throw self.error(String(error.message.prefix { $0 != "(" }).trimmingCharacters(in: .whitespaces))
        }
        return DenseCells(numbers: [], nulls: nulls, texts: texts, countedOnly: sink.count)
    }

    private mutating func countCellsInPieces() -> DenseCells? {
        guard let cuts = pieces() else { return nil }
        let found = PieceResults(count: cuts.count - 1)
        readInPieces(cuts, into: found) { parser, _, stop in
            var sink = CountedCells()
            var texts: [Int: String] = [:]
            var nulls = 0
            let read = (try? parser.scanCells(&sink, &texts, &nulls, stop: stop, strings: false)) ?? false
            return (read, sink.count, nulls)
        }
        guard let total = found.all else { return nil }
        i = cuts.last! + 1
        return DenseCells(numbers: [], nulls: total.nulls, texts: [:], countedOnly: total.cells)
    }

    /// Where the large `value` array whose `[` is at `i` is cut (see `CellSplit`): `cuts[0]` is the
    /// `[`; the last is the first `]` after it, which is the array's end when no string lies in between
    /// (each piece checks that, by refusing strings); the ones between are commas about
    /// `split.pieceBytes` apart. nil for a small array, one piece, or when reading on one core.
    private func pieces() -> [Int]? {
        guard let split else { return nil }
        let open = i
        guard n - open > split.minBytes, let end = firstCloseBracket(after: open, chunk: split.pieceBytes),
              end - open > split.minBytes else { return nil }
        let base = UnsafeRawPointer(p)
        var cuts = [open]
        cuts.reserveCapacity((end - open) / split.pieceBytes + 2)
        var next = open + split.pieceBytes
        while next < end, let comma = memchr(base + next, Int32(UInt8(ascii: ",")), end - next) {
            let at = UnsafeRawPointer(comma) - base
            cuts.append(at)
            next = at + split.pieceBytes
        }
        cuts.append(end)
        return cuts.count > 2 ? cuts : nil
    }

    /// The offset of the first `]` after `open`. The first `chunk` bytes are searched here (a small
    /// array ends there); the rest in chunks on all cores, which also spreads the first touch of a
    /// mapped file's pages over them (searched by one core, this came to a tenth of the reading time
    /// on a loaded machine). A chunk after one that held a `]` is skipped; the chunks before the first
    /// one that holds a `]` never are, so that one is found.
    private func firstCloseBracket(after open: Int, chunk: Int) -> Int? {
        let from = open + 1
        let head = min(chunk, n - from)
        let bracket = Int32(UInt8(ascii: "]"))
        if let close = memchr(UnsafeRawPointer(p) + from, bracket, head) { return UnsafeRawPointer(close) - UnsafeRawPointer(p) }
        let rest = n - from - head
        guard rest > 0 else { return nil }
        let input = SharedBytes(p: p, n: n)
        let found = FirstFound()
        DispatchQueue.concurrentPerform(iterations: (rest + chunk - 1) / chunk) { k in
            guard !found.isPast(k) else { return }
            let start = from + head + k * chunk
            let base = UnsafeRawPointer(input.p)
            if let close = memchr(base + start, bracket, min(chunk, input.n - start)) { found.record(k, at: UnsafeRawPointer(close) - base) }
        }
        return found.offset
    }

    /// Runs `read` for every piece between `cuts` on all cores, each piece with a parser of its own
    /// placed after the piece's `[` or comma, and the offset of the comma that ends the piece (-1 for
    /// the last, which ends at the `]`); `read` says whether it read the piece, and its cells and nulls.
    /// A piece counts as read only when the parser also stopped exactly at its end: on that comma, or
    /// just after the `]`.
    private func readInPieces(_ cuts: [Int], into found: PieceResults,
                              _ read: @Sendable (_ parser: inout JSONParser, _ piece: Int, _ stop: Int) -> (read: Bool, cells: Int, nulls: Int)) {
        let bytes = SharedBytes(p: p, n: n)
        DispatchQueue.concurrentPerform(iterations: cuts.count - 1) { k in
            var parser = JSONParser(p: bytes.p, n: bytes.n)
            parser.i = cuts[k] + 1
            let last = k == cuts.count - 2
            let stop = last ? -1 : cuts[k + 1]
            let r = read(&parser, k, stop)
            found.pieces[k] = .init(cells: r.cells, nulls: r.nulls, ok: r.read && parser.i == (last ? cuts[k + 1] + 1 : stop))
        }
    }

    /// The fast path for a sparse `status`: an object whose keys are cell indices (decimal digits, no
    /// leading zero, below 2^31) and whose values are strings of at most eight ASCII bytes without escapes.
    /// Each entry costs a few byte compares; a string is made only for each distinct code. Returns nil
    /// (and the caller rewinds and reads an ordinary object, reporting any syntax error) for any
    /// other object (an empty one too) or when more than 256 distinct codes appear.
    private mutating func parseCodes() -> SparseCodes? {
        i += 1
        var result = SparseCodes()
        // Codes seen so far, each packed into a word (bytes in order; a JSON string holds no zero
        // byte, so the word tells codes of different lengths apart), with their position. Codes are
        // ASCII, so no code packs to `.max`.
        var packed: [UInt64] = []
        var positions: [UInt8] = []
        var lastPacked: UInt64 = .max
        var lastPosition: UInt8 = 0
        while true {
            skipWS()
            guard i < n, p[i] == UInt8(ascii: "\"") else { return nil }   // `{}` too: an ordinary empty object
            i += 1
            // The key: 1 to 10 digits, no leading zero, a value below 2^31.
            let keyStart = i
            var index = 0
            while i < n, p[i] >= 0x30, p[i] <= 0x39, i - keyStart < 10 {
                index = index &* 10 &+ Int(p[i] &- 0x30)
                i += 1
            }
            guard i < n, p[i] == UInt8(ascii: "\""), i > keyStart, p[keyStart] != 0x30 || i == keyStart + 1,
                  index <= Int(Int32.max) else { return nil }
            i += 1
            skipWS()
            guard i < n, p[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skipWS()
            guard i < n, p[i] == UInt8(ascii: "\"") else { return nil }
            i += 1
            var code: UInt64 = 0
            var length = 0
            while i < n, p[i] != UInt8(ascii: "\"") {
                let c = p[i]
                guard length < 8, c >= 0x20, c < 0x80, c != UInt8(ascii: "\\") else { return nil }
                code |= UInt64(c) << UInt64(8 * length)
                length += 1
                i += 1
            }
            guard i < n else { return nil }
            i += 1
            if code != lastPacked {
                if let k = packed.firstIndex(of: code) {
                    lastPosition = positions[k]
                } else {
                    let bytes = (0..<length).map { UInt8(truncatingIfNeeded: code >> UInt64(8 * $0)) }
                    guard let position = result.position(of: String(decoding: bytes, as: UTF8.self)) else { return nil }
                    packed.append(code)
                    positions.append(position)
                    lastPosition = position
                }
                lastPacked = code
            }
            result.append(index: Int32(index), code: lastPosition)
            skipWS()
            guard i < n else { return nil }
            if p[i] == UInt8(ascii: ",") { i += 1; continue }
            if p[i] == UInt8(ascii: "}") { i += 1; return result }
            return nil
        }
    }

    /// A large `value` array of numbers and nulls only (the common case) is read in pieces on all
    /// cores at once (see `CellSplit`). The array's end is taken as the first `]` after `[`, which is
    /// right only when no string lies in between. Each core first counts the commas and quotes of its
    /// pieces: a quote sends the array to one core; otherwise the commas give each piece's number of
    /// cells and so where its cells go in the one result buffer (nothing is copied). The pieces also
    /// refuse string elements, as a second guard. Returns nil, with `i` unchanged, when the array is
    /// small, read on one core, holds a quote, or when a piece finds a nested value, a syntax error or
    /// another count than it expected; the one-core scan then reads the array (and reports any error).
    private mutating func parseCellsInPieces() -> DenseCells? {
        guard let cuts = pieces() else { return nil }
        let bytes = SharedBytes(p: p, n: n)
        let counted = PieceResults(count: cuts.count - 1)
        DispatchQueue.concurrentPerform(iterations: cuts.count - 1) { k in
            let from = cuts[k] + 1
            let found = JSONParser.commasAndQuotes(in: UnsafeBufferPointer(start: bytes.p + from, count: cuts[k + 1] - from))
            counted.pieces[k] = .init(cells: found.commas + 1, nulls: 0, ok: found.quotes == 0)
        }
        // A string cell (or a bracket inside one): leave the array to one core without scanning it twice.
        guard let total = counted.all else { return nil }
        // Where each piece's cells go: after the cells of the pieces before it.
        var offsets = [Int](repeating: 0, count: cuts.count - 1)
        for k in 1..<offsets.count { offsets[k] = offsets[k - 1] + counted.pieces[k - 1].cells }
        let starts = offsets
        let found = PieceResults(count: cuts.count - 1)
        var ok = false
        let numbers = [Double](unsafeUninitializedCapacity: total.cells) { buffer, initialized in
            let out = SharedCells(base: buffer.baseAddress!)
            JSONParser.adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            readInPieces(cuts, into: found) { parser, k, stop in
                var sink = SlotCells(base: out.base + starts[k], capacity: counted.pieces[k].cells)
                var texts: [Int: String] = [:]
                var nulls = 0
                let read = (try? parser.scanCells(&sink, &texts, &nulls, stop: stop, strings: false)) ?? false
                return (read && sink.count == counted.pieces[k].cells, sink.count, nulls)
            }
            ok = found.all != nil
            initialized = ok ? total.cells : 0
        }
        guard ok, let read = found.all else { return nil }
        i = cuts.last! + 1
        return DenseCells(numbers: numbers, nulls: read.nulls, texts: [:])
    }

    /// Asks Linux to back a large buffer with 2 MB pages: one page fault per 2 MB instead of per 4 KB
    /// while the cells are written, and cheaper freeing. A hint only; elsewhere, nothing.
    static func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        let huge = 2 << 20
        guard let base = buffer.baseAddress, buffer.count >= 2 * huge else { return }
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(huge - 1)
        if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
        #endif
    }

    /// How many commas and double quotes `bytes` holds, eight bytes at a time: a byte of `w ^ pattern`
    /// is zero exactly where the byte matched, and its low seven bits plus 0x7F carry into bit 7
    /// unless they are all zero (never into the next byte).
    static func commasAndQuotes(in bytes: UnsafeBufferPointer<UInt8>) -> (commas: Int, quotes: Int) {
        guard let start = bytes.baseAddress else { return (0, 0) }
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        @inline(always) func matches(_ x: UInt64) -> Int { (~(((x & low) &+ low) | x | low)).nonzeroBitCount }
        let commas = UInt64(UInt8(ascii: ",")) &* 0x0101_0101_0101_0101
        let quotes = UInt64(UInt8(ascii: "\"")) &* 0x0101_0101_0101_0101
        var found = (commas: 0, quotes: 0)
        var k = 0
        while k + 8 <= bytes.count {
            let w = load8(start + k)
            found.commas &+= matches(w ^ commas)
            found.quotes &+= matches(w ^ quotes)
            k += 8
        }
        while k < bytes.count {
            if start[k] == UInt8(ascii: ",") { found.commas += 1 }
            if start[k] == UInt8(ascii: "\"") { found.quotes += 1 }
            k += 1
        }
        return found
    }

    /// Reads cells from `i`: through the closing `]`, or up to the comma at byte offset `stop` (left
    /// unread). Returns false at an element that is not a number, null or (with `strings`) a string,
    /// or when `sink` is full.
    private mutating func scanCells<Sink: CellSink>(_ sink: inout Sink, _ texts: inout [Int: String], _ nulls: inout Int,
                                                    stop: Int, strings: Bool) throws(JSONSyntaxError) -> Bool {
        while true {
            skipWS()
            guard i < n else { throw error("unterminated array") }
            let c = p[i]
            let cell: Double
            if c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39) {
                cell = try parseNumber()
            } else if c == UInt8(ascii: "n") {
                // One four-byte compare instead of a loop over the letters.
                if i &+ 4 <= n, UInt32(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt32.self)) == 0x6C6C_756E {
                    i &+= 4
                } else {
                    try literal("null")
                }
                cell = .nan
                nulls += 1
            } else if c == UInt8(ascii: "\""), strings {
                let s = try parseString()
                if let d = NumberText.parse(s) {
                    cell = d
                } else {
                    texts[sink.count] = s
                    cell = .nan
                    nulls += 1
                }
            } else {
                return false
            }
            guard sink.append(cell) else { return false }
            // Common case first: a comma right after the value.
            if i < n, p[i] == UInt8(ascii: ",") {
                if i == stop { return true }
                i += 1
                continue
            }
            skipWS()
            guard i < n else { throw error("unterminated array") }
            if p[i] == UInt8(ascii: ",") {
                if i == stop { return true }
                i += 1
                continue
            }
            if p[i] == UInt8(ascii: "]") { i += 1; return true }
            throw error("expected ',' or ']' in array")
        }
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < n {
            let c = p[i]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(start: p + start, count: i - start), as: UTF8.self)
                i += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw error("control character inside a string") }
            i += 1
        }
        var bytes = [UInt8](UnsafeBufferPointer(start: p + start, count: i - start))
        while i < n {
            let c = p[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: bytes, as: UTF8.self)
            }
            if c < 0x20 { throw error("control character inside a string") }
            if c == UInt8(ascii: "\\") {
                i += 1
                guard i < n else { break }
                let e = p[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): bytes.append(0x22)
                case UInt8(ascii: "\\"): bytes.append(0x5C)
                case UInt8(ascii: "/"): bytes.append(0x2F)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar), i + 1 < n, p[i] == UInt8(ascii: "\\"), p[i + 1] == UInt8(ascii: "u") {
                        i += 2
                        let low = try hex4()
                        if (0xDC00...0xDFFF).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            scalar = 0xFFFD
                        }
                    }
                    let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                    bytes.append(contentsOf: Array(String(Character(u)).utf8))
                default:
                    i -= 1
                    throw error("invalid escape in string")
                }
                continue
            }
            bytes.append(c)
            i += 1
        }
        throw error("unterminated string")
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard i + 4 <= n else { throw error("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = p[i]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw error("bad hex digit in \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }


    /// JSON number grammar. Numbers of up to 19 significant digits (nearly every number a feed
    /// writes: integers, decimals, exponents, 17-digit raw doubles, integers above 2^53) take
    /// `fastNumber`; the rest (more digits, subnormals, the last bytes of the input, errors)
    /// `parseNumberGeneral`. Both give the correctly rounded double.
    @inline(always) private mutating func parseNumber() throws(JSONSyntaxError) -> Double {
        if let d = fastNumber() { return d }
        return try parseNumberGeneral()
    }

    /// Integer, fraction and exponent digits each read eight bytes at a time (SWAR) into one 64-bit
    /// mantissa of at most 19 digits (so exact), then one conversion: Clinger's exact path (mantissa
    /// < 2^53 and |exponent| <= 22: one exact multiplication or division, so correctly rounded), else
    /// Eisel-Lemire. There is no branch per digit and no branch per number shape beyond the parts
    /// present, so feeds that mix integers, 1-6 decimals, exponents and raw doubles cell by cell read
    /// as fast as one shape. Returns nil, with `i` unchanged, for anything else: more than 19
    /// significant digits, a leading zero before a digit, a part without digits, an exponent of five
    /// or more digits, a subnormal result, fewer than eight bytes left to read; `parseNumberGeneral`
    /// then reads the number or names the error.
    @inline(always) private mutating func fastNumber() -> Double? {
        var j = i
        let negative = p[j] == UInt8(ascii: "-")
        if negative { j &+= 1 }
        guard j &+ 8 <= n else { return nil }
        var w = JSONParser.load8(p + j)
        var k = JSONParser.digitRun(w)
        guard k >= 1, p[j] != 0x30 || k == 1 else { return nil }
        var mantissa = JSONParser.digitsValue(w, count: k)
        var digits = mantissa == 0 ? 0 : k
        j &+= k
        // More than eight integer digits (counts in the billions, integers above 2^53).
        if k == 8, !moreDigits(&j, &mantissa, &digits) { return nil }
        var exp10 = 0
        if p[j] == UInt8(ascii: ".") {
            j &+= 1
            let fraction = j
            // Zeros right after "0." only move the point; they are not significant digits.
            if mantissa == 0 { while j < n, p[j] == 0x30 { j &+= 1 } }
            guard moreDigits(&j, &mantissa, &digits) else { return nil }
            guard j > fraction else { return nil }   // "1." or "1.e5": the general path names the error
            exp10 = fraction &- j
        }
        if p[j] | 0x20 == UInt8(ascii: "e") {
            j &+= 1
            guard j &+ 9 <= n else { return nil }
            let sign = p[j]
            if sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { j &+= 1 }
            w = JSONParser.load8(p + j)
            k = JSONParser.digitRun(w)
            guard k >= 1, k <= 4 else { return nil }
            let e = Int(truncatingIfNeeded: JSONParser.digitsValue(w, count: k))
            exp10 &+= sign == UInt8(ascii: "-") ? -e : e
            j &+= k
        }
        let value: Double
        if mantissa < 1 << 53, exp10 >= -22, exp10 <= 22 {
            var d = Double(Int64(bitPattern: mantissa))  // < 2^53: one signed conversion, exact
            if exp10 < 0 { d /= pow10[-exp10] } else if exp10 > 0 { d *= pow10[exp10] }
            value = negative ? -d : d
        } else if let d = EiselLemire.double(mantissa, exp10, negative: negative) {
            value = d
        } else {
            return nil
        }
        i = j
        return value
    }

    /// Digits from `j` into `mantissa`, eight bytes at a time until a word holds a non-digit. False
    /// when there would be more than 19 digits or fewer than eight bytes remain.
    @inline(always) private func moreDigits(_ j: inout Int, _ mantissa: inout UInt64, _ digits: inout Int) -> Bool {
        var k = 8
        while k == 8 {
            guard j &+ 8 <= n else { return false }
            let w = JSONParser.load8(p + j)
            k = JSONParser.digitRun(w)
            guard digits &+ k <= 19 else { return false }
            if k > 0 { mantissa = mantissa &* JSONParser.intPow10[k] &+ JSONParser.digitsValue(w, count: k) }
            digits &+= k
            j &+= k
        }
        return true
    }

    private static let intPow10: [UInt64] = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]

    /// Eight input bytes as a little-endian word: byte 0 (the first character) is the low byte.
    @inline(always) static func load8(_ at: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(at).loadUnaligned(as: UInt64.self))
    }

    /// How many of the word's bytes, from the first, are ASCII digits (0…8). XOR with "0" makes a
    /// digit 0…9; a byte is then a non-digit when its top bit is set, or when adding 0x76 sets it (10
    /// and up). The add carries out of a byte only from a non-digit (0x8A and up), into later bytes,
    /// which do not change the count. (Four operations; two fewer than comparing high nibbles.)
    @inline(always) static func digitRun(_ w: UInt64) -> Int {
        let x = w ^ 0x3030_3030_3030_3030
        let bad = (x | (x &+ 0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080
        return bad.trailingZeroBitCount >> 3
    }

    /// The value of the word's first `count` (1…8) bytes, all ASCII digits. Later bytes (and any
    /// borrow out of them) are shifted away; the rest is the usual three-step SWAR conversion.
    @inline(always) static func digitsValue(_ w: UInt64, count: Int) -> UInt64 {
        var x = (w &- 0x3030_3030_3030_3030) &<< UInt64(8 &* (8 &- count))
        x = (x &* 10) &+ (x &>> 8)
        x = (((x & 0x0000_00FF_0000_00FF) &* (100 &+ (1_000_000 &<< 32)))
            &+ (((x &>> 16) & 0x0000_00FF_0000_00FF) &* (1 &+ (10_000 &<< 32)))) &>> 32
        return x
    }

    /// Every other number: digits read eight at a time where the input allows, up to 19 significant
    /// ones into a 64-bit mantissa; then Clinger's exact path (mantissa < 2^53, |exponent| <= 22: one
    /// exact multiplication or division), else Eisel-Lemire. `strtod` only reads the rare rest: more
    /// than 19 significant digits, or a subnormal result.
    private mutating func parseNumberGeneral() throws(JSONSyntaxError) -> Double {
        let start = i
        var negative = false
        if i < n, p[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        guard i < n, p[i] >= 0x30, p[i] <= 0x39 else { throw error("expected a value") }
        var mantissa: UInt64 = 0
        var digits = 0
        var exp10 = 0
        var dropped = false
        if p[i] == 0x30 {
            i += 1
        } else {
            readDigits(&mantissa, &digits, &exp10, &dropped, fraction: false)
        }
        if i < n, p[i] == UInt8(ascii: ".") {
            i += 1
            guard i < n, p[i] >= 0x30, p[i] <= 0x39 else { throw error("expected digits after '.'") }
            // Zeros before the first significant digit only move the point.
            if mantissa == 0 {
                while i < n, p[i] == 0x30 { i += 1; exp10 -= 1 }
            }
            readDigits(&mantissa, &digits, &exp10, &dropped, fraction: true)
        }
        if i < n, p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") {
            i += 1
            var eneg = false
            if i < n, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") { eneg = p[i] == UInt8(ascii: "-"); i += 1 }
            guard i < n, p[i] >= 0x30, p[i] <= 0x39 else { throw error("expected exponent digits") }
            var e = 0
            while i < n, p[i] >= 0x30, p[i] <= 0x39 {
                if e < 100_000 { e = e * 10 + Int(p[i] - 0x30) }
                i += 1
            }
            exp10 += eneg ? -e : e
        }
        if !dropped {
            if mantissa < (1 << 53), exp10 >= -22, exp10 <= 22 {
                var d = Double(mantissa)
                if exp10 < 0 { d /= pow10[-exp10] } else if exp10 > 0 { d *= pow10[exp10] }
                return negative ? -d : d
            }
            if let d = EiselLemire.double(mantissa, exp10, negative: negative) { return d }
        }
        let length = i - start
        let bytes = p + start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { text in
            for k in 0..<length { text[k] = CChar(bitPattern: bytes[k]) }
            text[length] = 0
            return strtod(text.baseAddress!, nil)
        }
    }

    /// Digits from `i` into `mantissa` (at most 19 significant ones; each later one is `dropped`, and
    /// in the integer part moves the exponent up), eight at a time while eight bytes remain.
    @inline(always) private mutating func readDigits(_ mantissa: inout UInt64, _ digits: inout Int, _ exp10: inout Int,
                                                       _ dropped: inout Bool, fraction: Bool) {
        while i + 8 <= n {
            let w = JSONParser.load8(p + i)
            let k = JSONParser.digitRun(w)
            guard k > 0, digits + k <= 19 else { break }
            mantissa = mantissa &* JSONParser.intPow10[k] &+ JSONParser.digitsValue(w, count: k)
            digits += k
            if fraction { exp10 -= k }
            i += k
            if k < 8 { return }
        }
        while i < n, p[i] >= 0x30, p[i] <= 0x39 {
            if digits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(p[i] - 0x30)
                digits += 1
                if fraction { exp10 -= 1 }
            } else {
                dropped = true
                if !fraction { exp10 += 1 }
            }
            i += 1
        }
    }
}
