import Foundation
import PlanWatchFetch
#if canImport(Glibc)
import Glibc
#endif

/// A request as the test server saw it.
public struct TestRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [String: String]
    public var headers: [String: String]   // names lower-cased
    public var body: Data
}

/// A scripted response.
public struct TestResponse: Sendable {
    public enum Mode: Sendable {
        case normal
        /// Transfer-Encoding: chunked, `chunkSize` bytes per chunk.
        case chunked(chunkSize: Int)
        /// Announce `declaredLength` in Content-Length, send the body, then close.
        case truncated(declaredLength: Int)
        /// Announce `declaredLength`, send the body, then reset the connection (SO_LINGER 0).
        case reset(declaredLength: Int)
    }
    public var status: Int = 200
    public var headers: [(String, String)] = []
    public var body: Data = Data()
    public var mode: Mode = .normal
    /// Seconds to wait before answering.
    public var delay: Double = 0
    /// Instead of answering, hold the connection open until the client closes it (recorded in
    /// `abandoned`) or this many seconds pass. Tests of timeouts and cancellation use it so that they
    /// prove the client gave up, from the server's own record, without measuring wall-clock time.
    public var holdUntilClientCloses: Double = 0

    public init(status: Int = 200, headers: [(String, String)] = [], body: Data = Data(), mode: Mode = .normal, delay: Double = 0) {
        self.status = status
        self.headers = headers
        self.body = body
        self.mode = mode
        self.delay = delay
    }

    public static func text(_ s: String, status: Int = 200, type: String = "text/plain", headers: [(String, String)] = []) -> TestResponse {
        TestResponse(status: status, headers: [("Content-Type", type)] + headers, body: Data(s.utf8))
    }
    public static func redirect(_ location: String, status: Int = 302) -> TestResponse {
        TestResponse(status: status, headers: [("Location", location)])
    }
    /// Never answers: holds the connection until the client closes it (or `limit` seconds pass).
    public static func hold(limit: Double = 300) -> TestResponse {
        var r = TestResponse.text("too late")
        r.holdUntilClientCloses = limit
        return r
    }
}

/// A small HTTP/1.1 server on 127.0.0.1 and a random free port: POSIX sockets, one thread per
/// connection, keep-alive, per-path scripted behaviour.
public final class TestHTTPServer: @unchecked Sendable {
    public typealias Handler = @Sendable (TestRequest) -> TestResponse
    public let port: Int
    private let listenFD: Int32
    private let routes: Locked<[String: Handler]>
    public let seen = Locked<[TestRequest]>([])
    private let concurrency = Locked((current: 0, peak: 0))

    public var base: String { "http://127.0.0.1:\(port)" }
    public func url(_ path: String) -> String { base + path }
    public var peakConnections: Int { concurrency.withLock { $0.peak } }
    public func requests(to path: String) -> [TestRequest] { seen.withLock { $0.filter { $0.path == path } } }
    /// Paths of held requests whose client closed the connection before any answer.
    public let abandoned = Locked<[String]>([])

    /// Waits (polling, off any clock assertion) until `condition` holds or `limit` seconds pass;
    /// returns whether it held. For waiting on the server's own records.
    public func wait(upTo limit: Double = 120, until condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(limit)
        while !condition() {
            if Date() > deadline { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// When set, every connection gets these bytes at once and is closed (no HTTP parsing).
    private let greeting: Data?

    public init(routes: [String: Handler] = [:], greeting: Data? = nil) throws {
        self.routes = Locked(routes)
        self.greeting = greeting
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestServerError.socket(errno) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 512) == 0 else { close(fd); throw TestServerError.socket(errno) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = Int(UInt16(bigEndian: addr.sin_port))
        listenFD = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    public func route(_ path: String, _ handler: @escaping Handler) {
        routes.withLock { $0[path] = handler }
    }

    private let stopped = Locked(false)

    /// Stops listening. Idempotent: `deinit` calls it again after a test did, and a second `close` of
    /// the same number would close whatever descriptor the process reused it for (another test's
    /// pipe to a child process, whose read then crashed with EBADF).
    public func stop() {
        let first = stopped.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        shutdown(listenFD, Int32(SHUT_RDWR))
        close(listenFD)
    }

    deinit { stop() }

    private func acceptLoop() {
        while true {
            let client = accept(listenFD, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            var one: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let thread = Thread { [self] in serve(client) }
            thread.start()
        }
    }

    private func serve(_ client: Int32) {
        if let greeting {
            _ = write(client, greeting)
            Thread.sleep(forTimeInterval: 0.05)
            close(client)
            return
        }
        concurrency.withLock { $0.current += 1; $0.peak = max($0.peak, $0.current) }
        defer { concurrency.withLock { $0.current -= 1 } }
        var buffer = Data()
        var closed = false
        while !closed {
            guard let request = readRequest(client, &buffer) else { break }
            seen.withLock { $0.append(request) }
            let handler = routes.withLock { $0[request.path] }
            let response = handler?(request) ?? .text("not found", status: 404)
            if response.holdUntilClientCloses > 0 {
                if waitForClose(client, limit: response.holdUntilClientCloses) {
                    abandoned.withLock { $0.append(request.path) }
                }
                break
            }
            if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
            closed = !send(response, to: client)
        }
        close(client)
    }

    /// True when the client closed (or reset) the connection within `limit` seconds.
    private func waitForClose(_ fd: Int32, limit: Double) -> Bool {
        let deadline = Date().addingTimeInterval(limit)
        var byte: UInt8 = 0
        let peerHungUp: Int16 = 0x2000  // POLLRDHUP (Linux), which Glibc's Swift module does not export
        while Date() < deadline {
            var p = pollfd(fd: fd, events: Int16(POLLIN) | peerHungUp, revents: 0)
            guard poll(&p, 1, 100) > 0 else { continue }
            if recv(fd, &byte, 1, Int32(MSG_PEEK)) <= 0 { return true }
            if p.revents & (peerHungUp | Int16(POLLHUP) | Int16(POLLERR)) != 0 { return true }
            // Pipelined bytes from the client: not a close; keep holding.
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    private func readRequest(_ fd: Int32, _ buffer: inout Data) -> TestRequest? {
        let separator = Data("\r\n\r\n".utf8)
        var chunk = [UInt8](repeating: 0, count: 65536)
        while buffer.range(of: separator) == nil {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { return nil }
            buffer.append(contentsOf: chunk[0..<n])
        }
        let end = buffer.range(of: separator)!
        let head = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
        buffer = Data(buffer[end.upperBound...])
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count < length {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { return nil }
            buffer.append(contentsOf: chunk[0..<n])
        }
        let body = Data(buffer.prefix(length))
        buffer = Data(buffer.dropFirst(length))
        let target = String(requestLine[1])
        let parts = target.split(separator: "?", maxSplits: 1)
        var query: [String: String] = [:]
        if parts.count == 2 {
            for item in parts[1].split(separator: "&") {
                let kv = item.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                query[kv[0]] = kv.count > 1 ? kv[1] : ""
            }
        }
        return TestRequest(method: String(requestLine[0]), path: String(parts[0]), query: query, headers: headers, body: body)
    }

    /// Returns false when the connection must be closed.
    private func send(_ response: TestResponse, to fd: Int32) -> Bool {
        var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        switch response.mode {
        case .normal:
            if response.status != 304 { head += "Content-Length: \(response.body.count)\r\n" }
        case .chunked:
            head += "Transfer-Encoding: chunked\r\n"
        case .truncated(let declared), .reset(let declared):
            head += "Content-Length: \(declared)\r\nConnection: close\r\n"
        }
        head += "\r\n"
        guard write(fd, Data(head.utf8)) else { return false }
        switch response.mode {
        case .normal:
            return write(fd, response.body)
        case .chunked(let size):
            var offset = 0
            while offset < response.body.count {
                let piece = response.body[offset..<min(offset + size, response.body.count)]
                var frame = Data(String(piece.count, radix: 16).utf8) + Data("\r\n".utf8)
                frame.append(piece)
                frame.append(Data("\r\n".utf8))
                guard write(fd, frame) else { return false }
                offset += size
            }
            return write(fd, Data("0\r\n\r\n".utf8))
        case .truncated:
            _ = write(fd, response.body)
            Thread.sleep(forTimeInterval: 0.05)
            return false
        case .reset:
            _ = write(fd, response.body)
            Thread.sleep(forTimeInterval: 0.05)
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            return false
        }
    }

    private func write(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
    }

    public static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"; case 301: "Moved Permanently"; case 302: "Found"; case 304: "Not Modified"
        case 401: "Unauthorized"; case 404: "Not Found"; case 429: "Too Many Requests"
        case 500: "Internal Server Error"; case 503: "Service Unavailable"
        default: "Status"
        }
    }

    /// A port on 127.0.0.1 where nothing listens (bound, then closed).
    public static func closedPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        close(fd)
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}

public enum TestServerError: Error { case socket(Int32) }

/// gzip with stored (uncompressed) deflate blocks: valid gzip that needs no zlib to write.
public enum StoredGzip {
    public static func encode(_ data: Data) -> Data {
        var out = Data([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff])
        var offset = 0
        let bytes = [UInt8](data)
        repeat {
            let n = min(65535, bytes.count - offset)
            let final: UInt8 = offset + n >= bytes.count ? 1 : 0
            out.append(final)
            out.append(contentsOf: [UInt8(n & 0xff), UInt8(n >> 8), UInt8(~n & 0xff), UInt8((~n >> 8) & 0xff)])
            out.append(contentsOf: bytes[offset..<offset + n])
            offset += n
        } while offset < bytes.count
        let crc = crc32(bytes)
        let size = UInt32(truncatingIfNeeded: bytes.count)
        for v in [crc, size] { for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: v >> UInt32(shift))) } }
        return out
    }

    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xedb8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
