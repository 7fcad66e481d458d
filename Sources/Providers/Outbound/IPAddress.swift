import Foundation

/// An IPv4 or IPv6 address as bytes, and whether scripts may reach it by default.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// Reads a literal such as `10.0.0.1`, `::1` or `[::1]` (brackets as in a URL); nil if it is not one.
    public init?(_ text: String) {
        var literal = Substring(text)
        if literal.hasPrefix("[") && literal.hasSuffix("]") { literal = literal.dropFirst().dropLast() }
        if let zone = literal.firstIndex(of: "%") { literal = literal[..<zone] }  // fe80::1%eth0
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, String(literal), &v4) == 1 {
            bytes = withUnsafeBytes(of: v4) { Array($0) }
        } else if inet_pton(AF_INET6, String(literal), &v6) == 1 {
            bytes = withUnsafeBytes(of: v6) { Array($0) }
        } else {
            return nil
        }
    }

    /// An address from its bytes (4 or 16).
    public init(bytes: [UInt8]) {
        precondition(bytes.count == 4 || bytes.count == 16, "an IP address has 4 or 16 bytes")
        self.bytes = bytes
    }

    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        _ = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Why a script may not reach this address unless it is allowed (`loopback`, `private`,
    /// `link-local`, ...), or nil for a public address.
    public var restriction: String? {
        if bytes.count == 16 {
            // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible forms carry an IPv4 address.
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
                return IPAddress(bytes: Array(bytes[12...])).restriction
            }
            if bytes[0..<15].allSatisfy({ $0 == 0 }) { return bytes[15] == 1 ? "loopback" : "unspecified" }
            switch (bytes[0], bytes[1]) {
            case (0xfe, let b) where b & 0xc0 == 0x80: return "link-local"
            case (let a, _) where a & 0xfe == 0xfc: return "private (unique local)"
            case (0xff, _): return "multicast"
            case (0x00, 0x64) where bytes[2] == 0xff && bytes[3] == 0x9b && bytes[4..<12].allSatisfy({ $0 == 0 }):
                return IPAddress(bytes: Array(bytes[12...])).restriction  // NAT64: the IPv4 address it reaches
            case (0x20, 0x01) where bytes[2] == 0x0d && bytes[3] == 0xb8: return "documentation"
            default: return nil
            }
        }
        let (a, b) = (bytes[0], bytes[1])
        switch a {
        case 0: return "unspecified"
        case 10: return "private"
        case 127: return "loopback"
        case 169 where b == 254: return "link-local (cloud metadata)"
        case 172 where (16...31).contains(b): return "private"
        case 192 where b == 168: return "private"
        case 100 where (64...127).contains(b): return "shared (carrier-grade NAT)"
        case 192 where b == 0 && bytes[2] == 0: return "reserved (IETF)"
        case 198 where b == 18 || b == 19: return "reserved (benchmarking)"
        case 224...239: return "multicast"
        case 240...255: return "reserved"
        default: return nil
        }
    }
}
