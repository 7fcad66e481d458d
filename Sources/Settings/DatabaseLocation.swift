import Foundation

/// A database location as it may be shown: a URL's password (`scheme://user:PASSWORD@host/...`)
/// is masked, whatever characters it holds.
enum DatabaseLocation {
    /// `location` with its password, if any, replaced by `***`.
    static func masked(_ location: String) -> String {
        guard let (start, end) = passwordRange(location) else { return location }
        return String(location[..<start]) + "***" + String(location[end...])
    }

    /// The password a URL location holds, if any.
    static func password(_ location: String) -> String? {
        guard let (start, end) = passwordRange(location), start < end else { return nil }
        return String(location[start..<end])
    }

    /// From after the user's `:` to the last `@` (a password may hold `/`, `?` or `@`).
    private static func passwordRange(_ location: String) -> (String.Index, String.Index)? {
        guard let scheme = location.range(of: "://"), let at = location.lastIndex(of: "@"), at > scheme.upperBound,
            let colon = location[scheme.upperBound..<at].firstIndex(of: ":")
        else { return nil }
        return (location.index(after: colon), at)
    }
}
