import Foundation

/// The cells of a CSV feed held column by column: a million `FeedCell`s cost about 170 bytes each (a
/// heap array of coordinates, four optional strings, a position text), these about 40, and filling
/// them allocates nothing per row. Texts (markers, status codes, units) are kept once in `strings`
/// and referred to by index; the decoders find the index from the cell's bytes (`ByteKeyed`), so a
/// status written a million times is decoded and hashed as a `String` once.
public struct FeedRows: Sendable {
    let dimensionCount: Int
    /// `dimensionCount` category positions per cell.
    private(set) var coordinates: [Int32] = []
    /// NaN for a missing cell (a parsed figure is never NaN: `NumberText` reads no `nan`).
    private(set) var values: [Double] = []
    /// Indexes into `strings`; -1 for none.
    private(set) var texts: [Int32] = []
    private(set) var statuses: [Int32] = []
    private(set) var units: [Int32] = []
    private(set) var multipliers: [Int8] = []
    /// Where each cell is: line, and column (0: the line alone).
    private(set) var lines: [Int] = []
    private(set) var columns: [Int32] = []
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

    public var count: Int { values.count }

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
        values.reserveCapacity(n)
        texts.reserveCapacity(n)
        statuses.reserveCapacity(n)
        units.reserveCapacity(n)
        multipliers.reserveCapacity(n)
        lines.reserveCapacity(n)
        columns.reserveCapacity(n)
    }

    /// Appends a cell; `coordinates` holds `dimensionCount` positions.
    mutating func append(_ coordinates: UnsafeBufferPointer<Int>, value: Double?, text: Int32 = -1, status: Int32 = -1, unit: Int32 = -1,
                         multiplier: Int = 0, line: Int, column: Int) {
        for c in coordinates { self.coordinates.append(Int32(truncatingIfNeeded: c)) }
        values.append(value ?? .nan)
        texts.append(text)
        statuses.append(status)
        units.append(unit)
        multipliers.append(Int8(truncatingIfNeeded: multiplier))
        lines.append(line)
        columns.append(Int32(truncatingIfNeeded: column))
    }

    /// The cell's category positions.
    func coordinates(of cell: Int) -> [Int] {
        (0..<dimensionCount).map { Int(coordinates[cell * dimensionCount + $0]) }
    }

    func string(_ index: Int32) -> String? { index < 0 ? nil : strings[Int(index)] }

    /// Marks a cell missing with `status` (SDMX-CSV deletions).
    mutating func clear(_ cell: Int, status: Int32) {
        values[cell] = .nan
        statuses[cell] = status
    }

    /// Removes the cells whose status is `status`, keeping the order of the others.
    mutating func remove(status: Int32) {
        var kept = 0
        for i in 0..<count where statuses[i] != status {
            if kept != i {
                for d in 0..<dimensionCount { coordinates[kept * dimensionCount + d] = coordinates[i * dimensionCount + d] }
                values[kept] = values[i]
                texts[kept] = texts[i]
                statuses[kept] = statuses[i]
                units[kept] = units[i]
                multipliers[kept] = multipliers[i]
                lines[kept] = lines[i]
                columns[kept] = columns[i]
            }
            kept += 1
        }
        coordinates.removeLast(coordinates.count - kept * dimensionCount)
        for n in [values.count - kept] where n > 0 {
            values.removeLast(n)
            texts.removeLast(n)
            statuses.removeLast(n)
            units.removeLast(n)
            multipliers.removeLast(n)
            lines.removeLast(n)
            columns.removeLast(n)
        }
    }

    var missingCount: Int { values.reduce(0) { $0 + ($1.isNaN ? 1 : 0) } }

    /// Status code → number of cells carrying it.
    var statusCounts: [String: Int] {
        var counts = [Int](repeating: 0, count: strings.count)
        for s in statuses where s >= 0 { counts[Int(s)] += 1 }
        var out: [String: Int] = [:]
        for (k, n) in counts.enumerated() where n > 0 { out[strings[k]] = n }
        return out
    }

    /// Visits every cell in order; the cell passed is reused between calls.
    func forEachCell(_ body: (FeedCell) throws -> Void) rethrows {
        var cell = FeedCell(coordinates: Array(repeating: 0, count: dimensionCount), value: nil, place: .line(0, column: 0))
        for i in 0..<count {
            for d in 0..<dimensionCount { cell.coordinates[d] = Int(coordinates[i * dimensionCount + d]) }
            let v = values[i]
            cell.value = v.isNaN ? nil : v
            cell.text = string(texts[i])
            cell.status = string(statuses[i])
            cell.unit = string(units[i])
            cell.multiplier = Int(multipliers[i])
            cell.place = .line(lines[i], column: Int(columns[i]))
            try body(cell)
        }
    }
}
