extension Segmentation {
    /// The segmentation as one compact JSON object, the shape `moonwire segments --json` prints.
    ///
    /// Fields: `encoding` ("GSM-7" or "UCS-2"), `segments`, `characters`, `parts` and `non_gsm`
    /// (arrays of strings); with `smart`, also `replacements` (objects with `original`,
    /// `replacement` and `count`) and `text`, the text after replacement. The same names as the
    /// table `sms.segments` returns to Lua.
    public func json(smart: Bool = false) -> String {
        var output: [UInt8] = [UInt8(ascii: "{")]
        appendJSONMembers(to: &output, smart: smart)
        output.append(UInt8(ascii: "}"))
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the members of `json(smart:)`, without the braces, so a caller can add its own.
    public func appendJSONMembers(to output: inout [UInt8], smart: Bool = false) {
        output.append(contentsOf: #""encoding":""#.utf8)
        output.append(contentsOf: encoding.rawValue.utf8)
        output.append(contentsOf: #"","segments":"#.utf8)
        JSONString.append(segments, to: &output)
        output.append(contentsOf: #","characters":"#.utf8)
        JSONString.append(characters, to: &output)
        output.append(contentsOf: #","parts":"#.utf8)
        Self.appendArray(parts, to: &output)
        output.append(contentsOf: #","non_gsm":"#.utf8)
        Self.appendArray(nonGSM, to: &output)
        guard smart else { return }
        output.append(contentsOf: #","replacements":["#.utf8)
        for (index, replacement) in replacements.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: #"{"original":"#.utf8)
            JSONString.append(replacement.original, to: &output)
            output.append(contentsOf: #","replacement":"#.utf8)
            JSONString.append(replacement.replacement, to: &output)
            output.append(contentsOf: #","count":"#.utf8)
            JSONString.append(replacement.count, to: &output)
            output.append(UInt8(ascii: "}"))
        }
        output.append(contentsOf: #"],"text":"#.utf8)
        JSONString.append(text, to: &output)
    }

    private static func appendArray(_ strings: [some StringProtocol], to output: inout [UInt8]) {
        output.append(UInt8(ascii: "["))
        for (index, string) in strings.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            JSONString.append(string, to: &output)
        }
        output.append(UInt8(ascii: "]"))
    }
}
