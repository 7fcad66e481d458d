import PostgresNIO
import Storage

extension StorageError {
    /// A failure of `what`, in words a user can act on. A lost connection, a deadlock, a
    /// serialization failure or a statement timeout is retryable and noted in the current
    /// ``StorageFaults``. The message never holds the password: it names the database by its
    /// masked URL and takes the server's own message, never the connection settings.
    static func postgres(_ what: String, _ error: any Error, location: String) -> StorageError {
        if let error = error as? StorageError { return error }
        if let transaction = error as? PostgresTransactionError,
            let cause = transaction.closureError ?? transaction.beginError ?? transaction.commitError
        {
            return postgres(what, cause, location: location)
        }
        guard let psql = error as? PSQLError else {
            return StorageError(.queryFailed, "\(what) failed on \(location): \(type(of: error))")
        }
        let state = psql.serverInfo?[.sqlState]
        let serverMessage = psql.serverInfo?[.message]
        switch psql.code {
        case .server:
            // 40001 serialization failure, 40P01 deadlock, 55P03 lock timeout, 57014 statement timeout (cancelled).
            let retryable = ["40001", "40P01", "55P03", "57014"].contains(state ?? "")
            let failure = StorageError(
                retryable ? .databaseBusy : .queryFailed,
                "\(what) failed on \(location): \(serverMessage ?? "server error") (SQLSTATE \(state ?? "?"))"
                    + (state == "57014" ? "; the statement ran past statement_timeout" : ""),
                retryable: retryable)
            if retryable { StorageFaults.current?.record(failure.message) }
            return failure
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .poolClosed, .clientClosedConnection, .queryCancelled:
            let failure = StorageError(
                .databaseBusy, "\(what) failed: the connection to \(location) was lost or refused; try again when the server answers",
                retryable: true)
            StorageFaults.current?.record(failure.message)
            return failure
        default:
            return StorageError(.queryFailed, "\(what) failed on \(location): \(psql.code)")
        }
    }

    /// The database at `address` could not be reached or refused the login.
    static func postgresOpen(_ address: PostgresLocation, _ error: any Error) -> StorageError {
        let psql = error as? PSQLError
        let reason = psql?.serverInfo?[.message] ?? psql.map { "\($0.code)" } ?? "\(type(of: error))"
        return StorageError(
            .openFailed,
            "cannot open the PostgreSQL database \(address): \(reason) (check that the server runs, and the user, password "
                + "and database in MOONWIRE_DB)")
    }
}
