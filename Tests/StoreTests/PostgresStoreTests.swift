import Foundation
import Storage
import StorageBackends
import StorePostgres
import TestSupport
import Testing

/// The PostgreSQL backend's own behaviour beyond the contract: its URL, its secrets, its
/// migrations when several instances start together.
@Suite("PostgreSQL backend: URLs, passwords, migrations")
struct PostgresStoreTests {
    @Test("a URL is read in all its forms; a malformed one names the wrong part, password masked")
    func urls() throws {
        let tcp = try PostgresLocation(url: "postgresql://moon:p%40ss@db.example:6543/moonwire")
        #expect(tcp.user == "moon" && tcp.password == "p@ss" && tcp.host == "db.example" && tcp.port == 6543 && tcp.database == "moonwire")
        #expect(tcp.description == "postgres://moon:***@db.example:6543/moonwire")
        let socket = try PostgresLocation(url: "postgres://moon@/moonwire?host=/run/postgresql")
        #expect(socket.socketPath == "/run/postgresql/.s.PGSQL.5432" && socket.host == nil && socket.password == nil)
        #expect(socket.description == "postgres://moon@/moonwire?host=/run/postgresql")
        // Over a socket, a port other than 5432 names another socket file: it is shown.
        let socketPort = try PostgresLocation(url: "postgres://moon@:47127/moonwire?host=/tmp/pg")
        #expect(socketPort.socketPath == "/tmp/pg/.s.PGSQL.47127")
        #expect(socketPort.description == "postgres://moon@:47127/moonwire?host=/tmp/pg")
        #expect(try PostgresLocation(url: "postgres://moon@h/db?statement_timeout=500").statementTimeoutMilliseconds == 500)
        let wrong: [(url: String, part: String)] = [
            ("postgres://moon:hunter2@host:70000/db", "the port '70000'"),
            ("postgres://moon:hunter2@host", "the database is missing"),
            ("postgres://host/db", "the user is missing"),
            ("postgres://moon:hunter2@/db", "the host is missing"),
            ("postgres://moon:hunter2@host/db?sslmode=verify", "the option 'sslmode'"),
            // A password holding `?` or `/` (unescaped) is still masked.
            ("postgres://moon:hun?ter2@host:70000/db", "moon:***@"),
            ("postgres://moon:hunter2/x@host:70000/db", "moon:***@"),
        ]
        for (url, part) in wrong {
            do {
                _ = try PostgresLocation(url: url)
                Issue.record("\(url) was accepted")
            } catch {
                #expect(error.message.contains(part), "\(error.message)")
                #expect(!error.message.contains("hunter2") && !error.message.contains("hun?ter2"), "\(error.message)")
            }
        }
        #expect(StorageBackends.isPostgres("POSTGRES://x@y/z") && !StorageBackends.isPostgres("./moonwire.db"))
        #expect(StorageBackends.displayed("postgres://moon:pa?ss/w@rd@db/shop") == "postgres://moon:***@db/shop")
    }

    @Test("the password never appears: not in the location, not when the server refuses it, not in StorageBackends' errors")
    func passwordNeverShown() async throws {
        let server = try await PostgresTestServer.server()
        let role = PostgresTestServer.passwordRole
        let good = "postgres://\(role.user):\(role.password)@127.0.0.1:\(server.port)/postgres"
        let store = try PostgresStore(url: good)
        #expect(!store.location.contains(role.password))
        #expect(!"\(store.location)".contains(role.password))
        let refused = "postgres://\(role.user):not-\(role.password)@127.0.0.1:\(server.port)/postgres"
        do {
            _ = try StorageBackends(location: refused)
            Issue.record("a wrong password was accepted")
        } catch {
            #expect(error.code == .openFailed)
            #expect(error.message.contains("password authentication failed"), "\(error.message)")
            #expect(!error.message.contains(role.password) && !"\(error)".contains(role.password), "\(error.message)")
        }
    }

    @Test("instances starting together on a new database migrate it once; a read-only open of an empty one is refused")
    func concurrentMigrations() async throws {
        let server = try await PostgresTestServer.server()
        let url = try await server.createDatabase()
        do {
            _ = try PostgresStore(url: url, readOnly: true)
            Issue.record("a read-only open of an empty database succeeded")
        } catch {
            #expect(error.code == .noDatabase, "\(error.message)")
        }
        let opened = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 { group.addTask { (try? PostgresStore(url: url)) != nil } }
            return await group.reduce(into: 0) { count, ok in count += ok ? 1 : 0 }
        }
        #expect(opened == 4)
        let reader = try PostgresStore(url: url, readOnly: true)
        #expect(try await reader.outboxCounts().isEmpty)
        do {
            _ = try await reader.addStop("+33612345678", source: .script, now: Date())
            Issue.record("a read-only store wrote")
        } catch {
            #expect(error.message.contains("read-only"), "\(error.message)")
        }
    }
}
