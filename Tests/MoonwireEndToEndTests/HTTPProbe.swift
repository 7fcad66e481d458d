import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// HTTP calls the error-message tests make to a running `serve --http` or `sandbox serve`.
enum HTTPProbe {
    /// An empty plugin directory in `p`'s scratch directory, for a serve that only stores.
    static func noPlugins(_ p: MoonwireProcess) throws -> String {
        let directory = p.directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.path
    }

    /// The port serve printed on its "webhooks on http://host:port" line.
    static func port(of serve: ServeProcess) throws -> Int {
        let line = try #require(serve.text.split(separator: "\n").first { $0.contains("webhooks on http://") })
        let address = try #require(line.split(separator: " ").first { $0.hasPrefix("http://") })
        return try #require(address.split(separator: ":").last.flatMap { Int($0) })
    }

    /// The URL `sandbox serve` printed after `label` (e.g. `Conexteo:`).
    static func url(_ label: String, of serve: ServeProcess) throws -> String {
        let line = try #require(serve.text.split(separator: "\n").first { $0.hasPrefix(label) })
        return try #require(line.split(separator: " ").last.map(String.init))
    }

    /// POSTs `body` (as bytes) with `headers`; returns the status and the body read.
    static func post(_ url: String, body: String, headers: [(String, String)] = []) async throws -> (status: Int, body: String) {
        try await post(url, bytes: ByteBuffer(string: body), headers: headers)
    }

    static func post(_ url: String, bytes: ByteBuffer, headers: [(String, String)] = []) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(bytes)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let read = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: read))
    }

    /// Sends `request` as raw bytes to 127.0.0.1:`port` (for requests no client would make, such
    /// as a broken chunked body) and returns what the server answered before closing or a 30 s
    /// receive timeout.
    static func raw(port: Int, _ request: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0, "cannot connect to port \(port)")
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            answer += buffer[0..<count]
            // One response is enough: stop once its head and the body it announces are in.
            let text = String(decoding: answer, as: UTF8.self)
            if let head = text.range(of: "\r\n\r\n"),
                let length = text[..<head.lowerBound].split(separator: "\r\n")
                    .first(where: { $0.lowercased().hasPrefix("content-length:") })
                    .flatMap({ Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) }),
                text.utf8.count - text[..<head.upperBound].utf8.count >= length
            {
                break
            }
        }
        return String(decoding: answer, as: UTF8.self)
    }
}

extension HTTPProbe {
    /// GETs `url`; returns the status and the body read.
    static func get(_ url: String) async throws -> (status: Int, body: String) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(60))
        let read = try await response.body.collect(upTo: 8 << 20)
        return (Int(response.status.code), String(buffer: read))
    }
}
