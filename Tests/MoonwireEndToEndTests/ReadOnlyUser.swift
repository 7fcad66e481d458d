import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs `moonwire` as a user who may only read the test's files: as root (who may write any
/// file) it runs as `nobody` through setpriv; as anyone else, the files' modes already say so.
/// Output goes to files, not pipes.
enum ReadOnlyUser {
    static func run(_ p: MoonwireProcess, _ arguments: [String]) throws -> MoonwireProcess.Result {
        let process = Process()
        if geteuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", MoonwireProcess.binary.path] + arguments
        } else {
            process.executableURL = MoonwireProcess.binary
            process.arguments = arguments
        }
        process.environment = p.environment
        process.currentDirectoryURL = p.directory
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-ro-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("out"), err = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return MoonwireProcess.Result(
            status: process.terminationStatus, stdout: try String(contentsOf: out, encoding: .utf8),
            stderr: try String(contentsOf: err, encoding: .utf8))
    }
}
