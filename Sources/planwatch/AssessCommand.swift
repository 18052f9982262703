import ArgumentParser
import Foundation
import PlanWatchFeeds
import PlanWatchRender
import ReportKit

struct AssessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Assess arbitrary series from a CSV, one per row, and write them back with progress_value,status,score.",
        discussion: """
        Input columns: series,base_year,base_value,current_year,current_value,target,target_year,direction,limit
        (empty cell = none; direction 1 or -1). Output: the input columns with progress_value,status,score added.
        Every row is written: a row with an empty cell the method needs (base or current year or value, the
        target year of a target) is not_available with the reason in warnings. A missing header column or a
        cell that is not a number is an error naming the line.
        Applies ASSESSMENT.md parts 1 and 2, so published tables can be checked row by row.
        """)

    @Option(help: "Input CSV file ('-' for standard input).")
    var input: String

    @Option(help: "Progress profile: statcan or eurostat.")
    var profile: String = "statcan"

    func run() async throws {
        guard let profileID = ProgressProfile.ID(rawValue: profile) else {
            throw CLIExit.configuration("--profile: '\(profile)' is not one of statcan, eurostat")
        }
        let data: Data
        if input == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let read = FileManager.default.contents(atPath: input) else {
                throw CLIExit.configuration("\(input): cannot read the file")
            }
            data = read
        }
        guard let text = TextDecoding.decode(data)?.text else { throw CLIExit.configuration("\(input): not text (UTF-8 or GB18030)") }
        let table: CSVTable
        do {
            table = try CSVTable(text: text, sourceID: "assess", location: input)
        } catch {
            throw CLIExit.configuration(error.description)
        }
        guard let header = table.records.first?.fields else { throw CLIExit.configuration("\(input): empty file; it needs a header row") }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces) }
        let absent = ProgressMeasure.Row.missingColumns(header: names)
        guard absent.isEmpty else {
            throw CLIExit.configuration(
                "\(input):\(table.records.first?.line ?? 1): header lacks \(absent.joined(separator: ", ")); "
                    + "the columns are \(ProgressMeasure.Row.columns.joined(separator: ","))")
        }
        var rows: [[String]] = [names + ProgressMeasure.RowResult.csvHeader.filter { $0 != "series" }]
        for record in table.records.dropFirst() {
            guard record.fields.count <= names.count else {
                throw CLIExit.configuration(
                    "\(input):\(record.line): \(record.fields.count) cells but the header has \(names.count) columns; quote cells that contain a comma")
            }
            // A short row (trailing empty cells left out) is padded, so the results stay under their headers.
            let fields = record.fields + Array(repeating: "", count: names.count - record.fields.count)
            do {
                let result = try ProgressMeasure.assess(row: Dictionary(zip(names, fields), uniquingKeysWith: { a, _ in a }),
                                                        profile: ProgressProfile.named(profileID))
                rows.append(fields + Array(result.csvFields.dropFirst()))
            } catch {
                throw CLIExit.configuration("\(input):\(record.line): \(error)")
            }
        }
        // CRLF rows whose cells CSVWriter already neutralised: masked only.
        try? Console.raw(CSVRows.encode(rows))
    }
}
