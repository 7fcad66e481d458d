import Foundation

/// Runs `moonwire` as a user who may only read the test's files: as root (who may write any
/// file) it runs as `nobody` through setpriv; as anyone else, the files' modes already say so.
enum ReadOnlyUser {
    static func run(_ p: MoonwireProcess, _ arguments: [String], timeout: TimeInterval = 60) async throws -> MoonwireProcess.Result {
        let binary = MoonwireProcess.binary.path
        let child =
            geteuid() == 0
            ? try ChildProcess(
                "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", binary] + arguments,
                environment: p.environment, directory: p.directory.path)
            : try ChildProcess(binary, arguments, environment: p.environment, directory: p.directory.path)
        guard let ended = await child.wait(timeout: timeout) else {
            child.signal(SIGKILL)
            child.wait()
            throw ChildProcess.SpawnError(description: "moonwire \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
        }
        return MoonwireProcess.Result(status: ended.status, stdout: child.stdout, stderr: child.stderr)
    }
}
