import Foundation
import PlanWatchFeeds
import ReportKit

/// Gets every configured source's observations. One bad source never stops the others: its failure
/// is recorded in its outcome and the run goes on.
public struct SourceLoader: Sendable {
    public var config: PlanWatchConfig

    public init(config: PlanWatchConfig) {
        self.config = config
    }

    public struct Result: Sendable {
        public var observations: [Observation]
        public var outcomes: [SourceOutcome]
    }

    public func load(only sourceID: String? = nil) async -> Result {
        let selected = config.sources.filter { sourceID == nil || $0.id == sourceID }
        var observations: [Observation] = []
        var outcomes: [SourceOutcome] = []
        for source in selected {
            let (found, outcome) = await load(source)
            observations += found
            outcomes.append(outcome)
        }
        return Result(observations: observations, outcomes: outcomes)
    }

    func load(_ source: SourceConfig) async -> ([Observation], SourceOutcome) {
        var outcome = SourceOutcome(id: source.id, format: source.format, location: source.locationText, outcome: .local)
        let started = Date()
        let payload: Payload
        switch source.location {
        case .file(let file):
            guard let data = FileManager.default.contents(atPath: file.path) else {
                outcome.outcome = .failed
                outcome.error = "source '\(source.id)' (\(file.path)): cannot read the file; check `path:` at \(source.definedAt)"
                return ([], outcome)
            }
            let modified = (try? FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate]) as? Date
            // A local file's modification time goes to the manifest only: curated rows carry their own
            // published source, and reports must not change with the checkout time of a file.
            payload = Payload(sourceID: source.id, data: data, location: file.path, retrievedAt: nil)
            outcome.retrievedAt = modified
        case .url(let url):
            outcome.outcome = .failed
            outcome.error = "source '\(source.id)' (\(url)): HTTP sources are not fetched by this build"
            return ([], outcome)
        }
        outcome.bytes = payload.data.count
        return decode(payload, source: source, outcome: outcome, started: started)
    }

    func decode(_ payload: Payload, source: SourceConfig, outcome: SourceOutcome, started: Date) -> ([Observation], SourceOutcome) {
        var outcome = outcome
        guard let decoder = FeedDecoders.decoder(for: source.format) else {
            outcome.outcome = .failed
            outcome.error = "source '\(source.id)': unknown format '\(source.format)'"
            return ([], outcome)
        }
        do {
            let decoded = try decoder.decode(payload, mapping: source.mapping)
            outcome.observations = decoded.observations.count
            outcome.warnings = decoded.warnings.map(\.description)
            outcome.seconds = Date().timeIntervalSince(started)
            return (decoded.observations, outcome)
        } catch {
            outcome.outcome = .failed
            outcome.error = error.description
            outcome.seconds = Date().timeIntervalSince(started)
            return ([], outcome)
        }
    }
}
