import Foundation
import Testing
@testable import PlanWatchFetch

@Suite struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256Digest.hex(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Digest.hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256Digest.hex(Data(repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func incrementalMatchesOneShot() {
        let data = Data((0..<1000).map { UInt8($0 % 251) })
        var s = SHA256Digest()
        s.update(data.prefix(3)); s.update(data.dropFirst(3).prefix(100)); s.update(data.dropFirst(103))
        #expect(s.finalize().map { String(format: "%02x", $0) }.joined() == SHA256Digest.hex(data))
    }
}
