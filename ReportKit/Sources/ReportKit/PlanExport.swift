import Foundation

/// The plan and observations as `planwatch export --plan --observations --json DIR` writes them, so a
/// module's tests can run on the real plan without the host (and without YAML: the host reads the plan
/// file, ReportKit only ever sees this JSON). `ReportKitTesting` reads the folder back with
/// `ReportContext.fixture(exportedIn:)`.
///
/// The folder holds up to three files: ``planFile`` (a ``Plan``), ``observationsFile`` (the
/// observations the host mapped onto the plan, as `[Observation]`) and ``contextFile`` (a
/// ``PlanExport/Context``: profile, region, reference data). All use ``encoder()``'s conventions.
public enum PlanExport {
    /// The plan, as a ``Plan``.
    public static let planFile = "plan.json"
    /// The observations mapped onto the plan, as `[Observation]`.
    public static let observationsFile = "observations.json"
    /// Profile, region and reference data, as a ``PlanExport/Context``.
    public static let contextFile = "context.json"

    /// Everything else a ``ReportContext`` needs that is not the plan or an observation.
    public struct Context: Sendable, Hashable, Codable {
        /// The progress method the host's config selects.
        public var profile: ProgressProfile.ID
        /// The region code assessed.
        public var region: String
        /// The plan's and config's reference data, by name.
        public var referenceData: [String: [[String: String]]]
        /// The host that wrote the export: its version and ReportKit ABI version.
        public var planwatchVersion: String
        /// The ``ReportKitABI/version`` of the host that wrote the export.
        public var abiVersion: Int

        /// The context of an export.
        public init(
            profile: ProgressProfile.ID, region: String, referenceData: [String: [[String: String]]], planwatchVersion: String,
            abiVersion: Int
        ) {
            self.profile = profile
            self.region = region
            self.referenceData = referenceData
            self.planwatchVersion = planwatchVersion
            self.abiVersion = abiVersion
        }
    }

    /// Pretty, key-sorted JSON with ISO 8601 dates; non-finite numbers as the strings `inf`, `-inf`, `nan`.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// The reading side of ``encoder()``.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}
