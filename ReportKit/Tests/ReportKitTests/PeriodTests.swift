import Testing
@testable import ReportKit
@Test func periodParses() { #expect(Period(parsing: "2024M03") == Period(year: 2024, month: 3)) }
