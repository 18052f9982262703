import Foundation

/// The cells of a CSV feed held compactly: the category positions of all cells in one flat array, the
/// rest of each cell in a 40-byte record. A million `FeedCell`s cost about 170 bytes each (a heap
/// array of coordinates, four optional strings, a position text); filling these allocates nothing
/// per row. Texts (markers, status codes, units) are kept once in `strings`
/// and referred to by index; the decoders find the index from the cell's bytes (`ByteKeyed`), so a
/// status written a million times is decoded and hashed as a `String` once.
public struct FeedRows: Sendable {
    let dimensionCount: Int
    /// `dimensionCount` category positions per cell.
    private(set) var coordinates: [Int32] = []
    /// Everything else about each cell, in one array: one append per cell, not one per field.
    private(set) var cells: [Cell] = []
    private(set) var strings: [String] = []
    private var stringIndex: [String: Int32] = [:]

    init(dimensions: Int) { dimensionCount = dimensions }

    /// Empty rows of `dimensions` positions per cell, with the texts of `earlier` (kept before the
    /// number of dimensions was known).
    init(dimensions: Int, keeping earlier: FeedRows) {
        dimensionCount = dimensions
        strings = earlier.strings
        stringIndex = earlier.stringIndex
    }

    struct Cell {
        /// NaN for a missing cell (a parsed figure is never NaN: `NumberText` reads no `nan`).
        var value: Double
        /// Where the cell is: line, and column (0: the line alone).
        var line: Int
        /// Indexes into `strings`; -1 for none.
        var text: Int32
        var status: Int32
        var unit: Int32
        var column: Int32
        var multiplier: Int8
    }

    public var count: Int { cells.count }

    /// The index of `text` in `strings` (added when new); -1 for nil. Decoders call it once per
    /// distinct cell text and keep the index.
    mutating func intern(_ text: String?) -> Int32 {
        guard let text else { return -1 }
        if let known = stringIndex[text] { return known }
        let k = Int32(strings.count)
        strings.append(text)
        stringIndex[text] = k
        return k
    }

    /// The index of `text` if kept, nil otherwise.
    func index(of text: String) -> Int32? { stringIndex[text] }

    /// Reserves room for the cells of the whole payload, estimated from the first ones: growing a
    /// million-element array by doubling copies it and holds both copies at once.
    mutating func reserve(readBytes: Int, of total: Int) {
        reserveCapacity(count * (total / max(readBytes, 1) + 1) * 21 / 20 + 1024)
    }

    mutating func reserveCapacity(_ n: Int) {
        coordinates.reserveCapacity(n * dimensionCount)
        cells.reserveCapacity(n)
    }

    /// Appends a cell; `coordinates` holds `dimensionCount` positions.
    mutating func append(_ coordinates: UnsafeBufferPointer<Int>, value: Double?, text: Int32 = -1, status: Int32 = -1, unit: Int32 = -1,
                         multiplier: Int = 0, line: Int, column: Int) {
        for c in coordinates { self.coordinates.append(Int32(truncatingIfNeeded: c)) }
        cells.append(Cell(value: value ?? .nan, line: line, text: text, status: status, unit: unit, column: Int32(truncatingIfNeeded: column),
                          multiplier: Int8(truncatingIfNeeded: multiplier)))
    }

    /// Appends the cells of `later` (read from the records after these, `CSVSplitScan`): its category
    /// positions through `positions` (per dimension: `later`'s position → the one here), its texts
    /// found here or added in the order `later` added them, as if these rows had read them.
    mutating func append(_ later: FeedRows, positions: [[Int32]]) {
        let texts = later.strings.map { intern($0) }
        func text(_ k: Int32) -> Int32 { k < 0 ? k : texts[Int(k)] }
        coordinates.reserveCapacity(coordinates.count + later.coordinates.count)
        cells.reserveCapacity(count + later.count)
        for (k, p) in later.coordinates.enumerated() {
            coordinates.append(p < 0 ? p : positions[k % dimensionCount][Int(p)])
        }
        for var cell in later.cells {
            cell.text = text(cell.text)
            cell.status = text(cell.status)
            cell.unit = text(cell.unit)
            cells.append(cell)
        }
    }

    /// The cell's category positions.
    func coordinates(of cell: Int) -> [Int] {
        (0..<dimensionCount).map { Int(coordinates[cell * dimensionCount + $0]) }
    }

    func string(_ index: Int32) -> String? { index < 0 ? nil : strings[Int(index)] }

    /// Marks a cell missing with `status` (SDMX-CSV deletions).
    mutating func clear(_ cell: Int, status: Int32) {
        cells[cell].value = .nan
        cells[cell].status = status
    }

    /// Removes the cells whose status is `status`, keeping the order of the others.
    mutating func remove(status: Int32) {
        var kept = 0
        for i in 0..<count where cells[i].status != status {
            if kept != i {
                for d in 0..<dimensionCount { coordinates[kept * dimensionCount + d] = coordinates[i * dimensionCount + d] }
                cells[kept] = cells[i]
            }
            kept += 1
        }
        coordinates.removeLast(coordinates.count - kept * dimensionCount)
        cells.removeLast(cells.count - kept)
    }

    var missingCount: Int { cells.reduce(0) { $0 + ($1.value.isNaN ? 1 : 0) } }

    /// Status code → number of cells carrying it.
    var statusCounts: [String: Int] {
        var counts = [Int](repeating: 0, count: strings.count)
        for c in cells where c.status >= 0 { counts[Int(c.status)] += 1 }
        var out: [String: Int] = [:]
        for (k, n) in counts.enumerated() where n > 0 { out[strings[k]] = n }
        return out
    }

    /// Visits every cell in order; the cell passed is reused between calls.
    func forEachCell(_ body: (FeedCell) throws -> Void) rethrows {
        var cell = FeedCell(coordinates: Array(repeating: 0, count: dimensionCount), value: nil, place: .line(0, column: 0))
        for i in 0..<count {
            for d in 0..<dimensionCount { cell.coordinates[d] = Int(coordinates[i * dimensionCount + d]) }
            let c = cells[i]
            cell.value = c.value.isNaN ? nil : c.value
            cell.text = string(c.text)
            cell.status = string(c.status)
            cell.unit = string(c.unit)
            cell.multiplier = Int(c.multiplier)
            cell.place = .line(c.line, column: Int(c.column))
            try body(cell)
        }
    }
}
