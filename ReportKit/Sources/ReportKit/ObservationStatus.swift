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
        // One pass, nothing copied: reports ask this for every indicator of every table, over all of
        // a run's figures (copying the matches cost seconds on a million-row file). A handful of ids
        // compared in a list is cheaper than hashing each figure's id.
        let wanted = Array(ids)
        var newest = Int.min
        var hasValue = false
        var label: String?
        for o in observations where o.period.frequency == .annual && o.period.year >= newest && wanted.contains(o.indicator) {
            if o.period.year > newest {
                (newest, hasValue, label) = (o.period.year, false, nil)
            }
            if o.value != nil {
                hasValue = true
            } else if label == nil {
                label = withheldLabel(o.status)
            }
        }
        return hasValue ? nil : label
    }
}
