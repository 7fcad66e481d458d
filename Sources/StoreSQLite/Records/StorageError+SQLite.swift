import Storage

extension StorageError {
    /// A stored value this version does not know.
    static func corrupt(_ what: String, _ value: String) -> StorageError {
        StorageError(.corruptRow, "\(what) has an unknown value '\(value)' (was the database written by a newer Moonwire?)")
    }
}
