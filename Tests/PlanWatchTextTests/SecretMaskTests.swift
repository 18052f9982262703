import Foundation
import Testing
@testable import PlanWatchText

@Suite struct SecretMaskTests {
    @Test func everyFormOfASecretIsMasked() {
        let mask = SecretMask()
        mask.register(["ab/c+d&\"e", ""])
        let forms = [
            "ab/c+d&\"e",                     // as is
            "ab%2Fc%2Bd%26%22e",              // percent-encoded (query values)
            "ab\\/c+d&\\\"e",                 // JSON with escaped slashes
            "ab/c+d&amp;&quot;e",             // HTML
            "ab/c+d&\"\"e",                   // CSV, quotes doubled
            Data("ab/c+d&\"e".utf8).base64EncodedString(),  // HTTP Basic
        ]
        for form in forms {
            #expect(mask.mask("before \(form) after") == "before *** after", "\(form)")
            #expect(mask.mask(Data("x\(form)y\(form)".utf8)) == Data("x***y***".utf8), "\(form)")
        }
        #expect(mask.mask("nothing here") == "nothing here")
        #expect(mask.occurs(in: Data("..ab/c+d&\"e..".utf8)) && !mask.occurs(in: Data("ab/c".utf8)))
    }

    @Test func aSecretInsideALongerOneIsMaskedWhole() {
        let mask = SecretMask()
        mask.register(["token", "token-and-more"])
        #expect(mask.mask("x token-and-more y token z") == "x *** y *** z")
    }

    @Test func controlCharactersBecomePictures() {
        #expect(ControlCharacters.neutralise("a\u{1B}[2Jb\u{07}\r\n\tc\u{7F}\u{9B}") == "a␛[2Jb␇␍\n\tc␡\u{FFFD}")
        #expect(ControlCharacters.neutralise("line\nnext\tx", keepNewlines: false) == "line␊next␉x")
        #expect(ControlCharacters.neutralise("岳阳 ordinary text") == "岳阳 ordinary text")
    }
}

/// Staged writes (a run's many files made durable with one flush) and the masking every written
/// file goes through.
@Suite struct StagedWriteTests {
    @Test func stagedFilesAppearOnlyOnCommitAndAreMasked() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("staged-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        SecretMask.shared.register(["s3cr3t-staged-write"])
        let a = try AtomicFileWriter.stage(Data("token s3cr3t-staged-write end".utf8), to: dir.appendingPathComponent("a.txt"))
        let b = try AtomicFileWriter.stage(Data("plain".utf8), to: dir.appendingPathComponent("b.txt"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("a.txt").path))
        try AtomicFileWriter.commit([a, b])
        #expect(try String(contentsOf: dir.appendingPathComponent("a.txt"), encoding: .utf8) == "token *** end")
        #expect(try String(contentsOf: dir.appendingPathComponent("b.txt"), encoding: .utf8) == "plain")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["a.txt", "b.txt"])
    }

    @Test func discardedFilesLeaveNothingAndTheOldFileStays() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("staged-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try AtomicFileWriter.write(Data("old".utf8), to: dir.appendingPathComponent("a.txt"))
        let staged = try AtomicFileWriter.stage(Data("new".utf8), to: dir.appendingPathComponent("a.txt"))
        AtomicFileWriter.discard([staged])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a.txt"])
        #expect(try String(contentsOf: dir.appendingPathComponent("a.txt"), encoding: .utf8) == "old")
    }

    /// The one-pass check that skips copying a file without a secret still finds one anywhere: at the
    /// start, at the very end, after many near misses.
    @Test func theQuickCheckFindsASecretAnywhere() {
        let mask = SecretMask()
        mask.register(["tok3n"])
        let nearMisses = String(repeating: "tok3 tok tk3n t", count: 500)
        #expect(mask.mask(Data(nearMisses.utf8)) == Data(nearMisses.utf8))
        #expect(!mask.occurs(in: Data(nearMisses.utf8)))
        for text in ["tok3n" + nearMisses, nearMisses + "tok3n", nearMisses + "tok3n" + nearMisses, "tok3n"] {
            #expect(mask.occurs(in: Data(text.utf8)))
            #expect(!String(decoding: mask.mask(Data(text.utf8)), as: UTF8.self).contains("tok3n"))
        }
        #expect(!mask.occurs(in: Data("tok3".utf8)) && !mask.occurs(in: Data()))
    }
}
