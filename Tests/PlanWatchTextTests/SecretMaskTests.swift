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
        mask.register(["token-42x", "token-42x-and-more"])
        #expect(mask.mask("x token-42x-and-more y token-42x z") == "x *** y *** z")
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
        mask.register(["tok3n-k3y9z"])
        let nearMisses = String(repeating: "tok3 tok tk3n t", count: 500)
        #expect(mask.mask(Data(nearMisses.utf8)) == Data(nearMisses.utf8))
        #expect(!mask.occurs(in: Data(nearMisses.utf8)))
        for text in ["tok3n-k3y9z" + nearMisses, nearMisses + "tok3n-k3y9z", nearMisses + "tok3n-k3y9z" + nearMisses, "tok3n-k3y9z"] {
            #expect(mask.occurs(in: Data(text.utf8)))
            #expect(!String(decoding: mask.mask(Data(text.utf8)), as: UTF8.self).contains("tok3n-k3y9z"))
        }
        #expect(!mask.occurs(in: Data("tok3".utf8)) && !mask.occurs(in: Data()))
    }

    /// M3: the user-info of a URL is masked by its place, whether the URL parses or not.
    @Test func userInfoIsMaskedInValidAndMalformedURLs() {
        let cases = [
            ("error: 'http://u:P%40ssWord@[::1/echo-row.csv' is not", "error: 'http://***@[::1/echo-row.csv' is not"),
            ("'htp://u:PssWord@127.0.0.1/x' and https://a:b@h:8080/p?q=1", "'htp://***@127.0.0.1/x' and https://***@h:8080/p?q=1"),
            ("http://u:pa/ss@host/x", "http://***@host/x"),
            ("http://host:8080/users/@me and http://host/a", "http://host:8080/users/@me and http://host/a"),
            ("no url here", "no url here"),
        ]
        for (text, expected) in cases { #expect(SecretMask.maskUserInfo(in: text) == expected, "\(text)") }
    }

    /// M2: a secret too short or too plain to mask is named, and never registered.
    @Test func secretsTooShortOrTooPlainToMaskAreRefused() {
        #expect(SecretMask.maskingProblem("4")?.contains("is 1 character long") == true)
        #expect(SecretMask.maskingProblem("2024-01-01")?.contains("has no letter") == true)
        #expect(SecretMask.maskingProblem("Pa55w0rdQQ") == nil && SecretMask.maskingProblem("1234567890123456") == nil)
        let mask = SecretMask()
        mask.register(["4", "2024"])
        #expect(mask.isEmpty && mask.mask("plan yueyang-14th, base 4.2 in 2024") == "plan yueyang-14th, base 4.2 in 2024")
    }

    /// M2: masking never leaves a JSON file that is not JSON: a secret met inside an escape (`\u00e9`)
    /// would leave `\***`; such a file is masked value by value instead.
    @Test func maskingKeepsAJSONFileJSON() throws {
        SecretMask.shared.register(["u00e9-json-k3y"])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pw-json-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = Data(#"{"a": "caf\u00e9-json-k3y", "b": "key u00e9-json-k3y here", "n": 4.5}"#.utf8)
        try AtomicFileWriter.write(json, to: dir.appendingPathComponent("m.json"))
        let written = try Data(contentsOf: dir.appendingPathComponent("m.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: written) as? [String: Any], "\(String(decoding: written, as: UTF8.self))")
        #expect(object["a"] as? String == "café-json-k3y", "no secret in it: left as it was")
        #expect(object["b"] as? String == "key *** here")
        #expect(object["n"] as? Double == 4.5)
        // Not JSON by name: masked byte-wise as before.
        try AtomicFileWriter.write(json, to: dir.appendingPathComponent("m.txt"))
        #expect(String(decoding: try Data(contentsOf: dir.appendingPathComponent("m.txt")), as: UTF8.self).contains(#"caf\***"#))
    }
}
