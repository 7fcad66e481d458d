import Foundation

/// The Unix-domain socket calls the attach server and client need.
enum UnixSocket {
    /// The longest path a socket address holds (sun_path, with its terminating NUL).
    static let maximumPathLength = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    /// `$MOONWIRE_SOCKET`, else beside the database with a `.sock` extension (`moonwire.db` ->
    /// `moonwire.sock`), so each database has its own.
    static func defaultPath(databasePath: String, environment: [String: String]) -> String {
        if let path = environment["MOONWIRE_SOCKET"], !path.isEmpty { return path }
        let url = URL(fileURLWithPath: databasePath)
        let base = url.pathExtension.isEmpty ? url : url.deletingPathExtension()
        let socket = base.appendingPathExtension("sock")
        return databasePath.hasPrefix("/") ? socket.path : relative(socket.path)
    }

    /// A path under the current directory written relative to it (shorter in messages and sun_path).
    private static func relative(_ path: String) -> String {
        let current = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(current) ? String(path.dropFirst(current.count)) : path
    }

    /// A socket address for `path`, or an error naming it when it is too long.
    static func address(_ path: String) throws(AttachError) -> sockaddr_un {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumPathLength else {
            throw AttachError(
                code: "socket_path",
                message: "the socket path \(path) is \(bytes.count) bytes; a Unix socket path holds 1 to "
                    + "\(maximumPathLength): give a shorter one with --socket or MOONWIRE_SOCKET")
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }

    /// A new stream socket (close-on-exec).
    static func make() throws(AttachError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw AttachError(code: "socket_failed", message: "cannot create a socket: \(errorText())") }
        return fd
    }

    /// Connects `fd` to `path`; the errno on failure.
    static func connect(_ fd: Int32, to path: String) throws(AttachError) -> Int32? {
        var address = try address(path)
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return status == 0 ? nil : errno
    }

    /// A connected client socket, or an error saying why (no serve, stale socket, permission).
    static func connect(to path: String) throws(AttachError) -> Int32 {
        let fd = try make()
        guard let failure = try connect(fd, to: path) else { return fd }
        close(fd)
        switch failure {
        case ENOENT:
            throw AttachError(
                code: "not_listening",
                message: "no socket at \(path): is moonwire serve running with this database? (it listens beside "
                    + "it, or on --socket PATH; give that path to --attach or MOONWIRE_SOCKET)")
        case ECONNREFUSED:
            throw AttachError(
                code: "not_listening",
                message: "nothing listens on \(path) (a moonwire serve that stopped without cleaning up?); start serve again")
        case EACCES:
            throw AttachError(code: "not_listening", message: "cannot connect to \(path): permission denied (the socket is its owner's only)")
        default:
            throw AttachError(code: "not_listening", message: "cannot connect to \(path): \(errorText(failure))")
        }
    }

    /// Makes reads on `fd` give up after `seconds` (0: wait forever).
    static func setReceiveTimeout(_ fd: Int32, seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    static func errorText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
}
