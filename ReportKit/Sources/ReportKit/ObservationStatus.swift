import Foundation

/// Provider status codes that explain a missing figure, in the words a report shows. A cell with a
/// status and no value (Eurostat and JSON-stat `c`) is a figure that exists but is withheld: reports
/// say so instead of 数据不足 / no data, which would suggest nothing was published.
public enum ObservationStatus {
    public static let confidential = "保密 / confidential"

    /// The report label for a status that withholds the figure, nil for any other status. Codes:
    /// `c`/`C` (Eurostat, JSON-stat, SDMX OBS_STATUS/CONF_STATUS), `x` (Statistics Canada and
    /// several offices: suppressed for confidentiality), and the words themselves.
    public static func withheldLabel(_ code: String?) -> String? {
        guard let code = code?.trimmingCharacters(in: .whitespaces) else { return nil }
        switch code.lowercased() {
        case "c", "x", "confidential", "保密": return confidential
        default: return nil
        }
    }

    /// The label of the newest figure among `observations` for `ids` when that year has no value and
    /// a withheld status (nil when the newest year has a value, or its status says nothing of why).
    public static func withheldLatest(_ observations: [Observation], ids: Set<String>) -> String? {
        let relevant = observations.filter { ids.contains($0.indicator) && $0.period.frequency == .annual }
        guard let year = relevant.map(\.period.year).max() else { return nil }
        let newest = relevant.filter { $0.period.year == year }
        guard !newest.contains(where: { $0.value != nil }) else { return nil }
        return newest.lazy.compactMap { withheldLabel($0.status) }.first
    }
}
