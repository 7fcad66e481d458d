/// A dynamic send's variables: `#name#` in the content, filled in per recipient [I: Conexteo's
/// syntax is not public; its own `#STOP_XXX#` mention (n8n, WP plugin [V]) uses `#…#`]. A name is
/// ASCII letters, digits and `_`, so `#1 and #2` or a hashtag is left as text.
enum ConexteoContentVariables {
    /// Placeholders Conexteo fills in itself: never a recipient's variable.
    static let reserved: Set<String> = ["STOP_XXX"]

    /// `content` with every `#name#` replaced by `values[name]`, and the names `values` lacks
    /// (each once, in order of appearance). Reserved placeholders are kept as written.
    static func render(_ content: String, with values: [String: String]) -> (text: String, missing: [String]) {
        var text = ""
        var missing: [String] = []
        var rest = Substring(content)
        while let open = rest.firstIndex(of: "#") {
            text += rest[..<open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "#") else {
                text += rest[open...]
                rest = rest[rest.endIndex...]
                break
            }
            let name = rest[afterOpen..<close]
            guard isName(name) else {
                // Not a variable: keep the `#` and look for one starting at the next `#`.
                text += "#"
                rest = rest[afterOpen...]
                continue
            }
            let key = String(name)
            if reserved.contains(key) {
                text += rest[open...close]
            } else if let value = values[key] {
                text += value
            } else {
                if !missing.contains(key) { missing.append(key) }
                text += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        text += rest
        return (text, missing)
    }

    private static func isName(_ text: Substring) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
    }
}
