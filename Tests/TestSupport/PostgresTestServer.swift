import Foundation

/// A throwaway PostgreSQL server for this test process: Debian's `initdb` in a temporary folder,
/// `pg_ctl start` on a free port and a socket in that folder, stopped (`pg_ctl stop -m
/// immediate`) when the process exits, or by a watcher when the process dies. Started once,
/// on first use; each test makes its own database. Run as root (CI), the server runs as the
/// `postgres` user. Shared by the store tests and the end-to-end tests (the TestSupport target).
public final class PostgresTestServer: Sendable {
    /// The server of this process, started on first use, or why it could not start.
    public static let shared: Result<PostgresTestServer, PostgresTestServerError> = {
        do {
            let server = try PostgresTestServer()
            atexit { PostgresTestServer.stopShared() }
            return .success(server)
        } catch let error as PostgresTestServerError {
            return .failure(error)
        } catch {
            return .failure(PostgresTestServerError(message: "\(error)"))
        }
    }()

    /// The superuser tests connect as (trusted on the socket).
    public static let superuser = "postgres"
    /// A role that logs in over TCP with a password only (scram-sha-256).
    public static let passwordRole = (user: "moonwire_pw", password: "s3cret-Hunter2-pw")

    /// The server's folder: its data, its log and its socket.
    public let folder: URL
    let bin: URL
    /// The TCP port it listens on (loopback), also the number in its socket's name.
    public let port: Int
    private let runAs: String?

    /// The server, or a loud failure: the PostgreSQL tests never skip silently. The first call
    /// starts it (initdb, pg_ctl: seconds) on a thread of its own, as every later one waits.
    public static func server() async throws -> PostgresTestServer {
        try await BlockingWork.run {
            switch shared {
            case .success(let server): return server
            case .failure(let error): throw error
            }
        }
    }

    private init() throws {
        guard let bin = PostgresTestServer.binaries() else {
            throw PostgresTestServerError(
                message: "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin: install Debian's postgresql package "
                    + "(apt-get install postgresql), which .ci/run and scripts/bootstrap do")
        }
        self.bin = bin
        runAs = getuid() == 0 ? "postgres" : nil
        folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("moonwire-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if let runAs {
            // A system call, not a child: no Foundation `Process` in the test process (see run).
            guard let user = getpwnam(runAs), chown(folder.path, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
                throw PostgresTestServerError(message: "cannot give \(folder.path) to the user \(runAs) (errno \(errno))")
            }
        }
        port = try FreePort.take()
        let data = folder.appendingPathComponent("data").path
        try run(
            bin.appendingPathComponent("initdb").path,
            ["-D", data, "-U", Self.superuser, "-E", "UTF8", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"])
        // Loopback only; fsync off: a throwaway server's durability is not under test.
        let options = "-k \(folder.path) -p \(port) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300"
        try run(bin.appendingPathComponent("pg_ctl").path, ["-D", data, "-l", folder.appendingPathComponent("log").path, "-o", options, "-w", "start"])
        try run(bin.appendingPathComponent("pg_isready").path, ["-h", folder.path, "-p", "\(port)", "-t", "60"])
        watchForDeath(data: data)
        let role = Self.passwordRole
        try psqlNow("CREATE ROLE \(role.user) LOGIN SUPERUSER PASSWORD '\(role.password)'", database: "postgres")
    }

    /// A new, empty database; returns its URL (over the socket, as the superuser).
    public func createDatabase() async throws -> String {
        let name = "t_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
        try await psql("CREATE DATABASE \(name)")
        return url(database: name)
    }

    /// The URL of `database` over the socket folder.
    public func url(database: String) -> String { "postgres://\(Self.superuser)@:\(port)/\(database)?host=\(folder.path)" }

    /// Runs `sql` as the superuser, on a thread of its own (`BlockingWork`).
    public func psql(_ sql: String, database: String = "postgres") async throws {
        try await BlockingWork.run { try self.psqlNow(sql, database: database) }
    }

    private func psqlNow(_ sql: String, database: String) throws {
        try run("/usr/bin/psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", folder.path, "-p", "\(port)", "-U", Self.superuser, "-d", database, "-c", sql])
    }

    /// Stops the shared server, if it started (at process exit).
    public static func stopShared() {
        guard case .success(let server) = shared else { return }
        try? server.run(server.bin.appendingPathComponent("pg_ctl").path, ["-D", server.folder.appendingPathComponent("data").path, "-m", "immediate", "stop"])
        try? FileManager.default.removeItem(at: server.folder)
    }

    /// A shell that waits for this process to end, however it ends, then stops the server, so
    /// a test process killed mid-run leaves no server behind.
    private func watchForDeath(data: String) {
        let pgCtl = bin.appendingPathComponent("pg_ctl").path
        let stop = runAs.map { "runuser -u \($0) -- " } ?? ""
        let script =
            "while kill -0 \(getpid()) 2>/dev/null; do sleep 2; done; \(stop)\(pgCtl) -D '\(data)' -m immediate stop >/dev/null 2>&1; rm -rf '\(folder.path)'"
        // Not waited for: it outlives this process on purpose.
        _ = try? Self.spawn(["/bin/sh", "-c", script], output: "/dev/null")
    }

    /// Starts `command` with standard input from /dev/null and its output (both streams) in the
    /// file at `output`; returns its pid. The child inherits no other descriptor.
    private static func spawn(_ command: [String], output: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        closeOnExec()
        var argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, &argv, environ)
        guard spawned == 0 else {
            throw PostgresTestServerError(message: "cannot start \(command[0]): \(String(cString: strerror(spawned)))")
        }
        return pid
    }

    /// Runs `tool` (as the server's user when root) and waits; throws with its output on failure.
    /// Spawned directly rather than with Foundation's `Process`, which learns that a child
    /// exited when a descriptor the child inherited closes: the server `pg_ctl` leaves running
    /// would inherit it too, and `pg_ctl` would never seem to end. Here the child gets only
    /// its standard descriptors, and `waitpid` says when it exits.
    private func run(_ tool: String, _ arguments: [String]) throws {
        let command = runAs.map { ["/usr/sbin/runuser", "-u", $0, "--", tool] + arguments } ?? [tool] + arguments
        let outputPath = folder.appendingPathComponent("output-\(UUID().uuidString.prefix(8)).txt").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let pid = try Self.spawn(command, output: outputPath)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // Exited normally with status 0 (WIFEXITED and WEXITSTATUS, which Swift does not import).
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw PostgresTestServerError(
                message: "\(URL(fileURLWithPath: tool).lastPathComponent) \(arguments.joined(separator: " ")) failed "
                    + "(wait status \(status)): \(text)")
        }
    }

    /// Marks this process's descriptors past the standard three close-on-exec, so the server
    /// inherits none of them (a test's database file, a socket).
    private static func closeOnExec() {
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap(Int32.init) where fd > 2 {
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    /// The newest `/usr/lib/postgresql/<version>/bin` holding initdb.
    private static func binaries() -> URL? {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return versions.compactMap(Int.init).sorted().reversed().lazy
            .map { root.appendingPathComponent("\($0)/bin") }
            .first { FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("initdb").path) }
    }
}

/// Why the throwaway PostgreSQL server could not start: the PostgreSQL tests fail with it.
public struct PostgresTestServerError: Error, CustomStringConvertible {
    /// What went wrong, and what to install or fix.
    public let message: String
    /// The message, saying loudly that the PostgreSQL tests cannot run.
    public var description: String { "THE POSTGRESQL TESTS CANNOT RUN: \(message)" }
}
