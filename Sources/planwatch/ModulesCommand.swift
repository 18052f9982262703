import ArgumentParser
import Foundation
import PlanWatchCore
import ReportKit

struct ModulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "modules", abstract: "List the report modules.")

    @Flag(help: "Write JSON instead of text.")
    var json = false

    func run() async throws {
        let descriptors = ModuleCatalog().modules.map(\.descriptor)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(descriptors), as: UTF8.self))
            return
        }
        for d in descriptors {
            print("\(d.id)\t\(d.version)\t\(d.title.bilingual)\t\(d.summary.bilingual)")
        }
    }
}
