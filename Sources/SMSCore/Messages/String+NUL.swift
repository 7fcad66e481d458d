extension StringProtocol {
    /// Where the first NUL character (U+0000) is, counted in Unicode scalars from 1; nil when
    /// there is none. Text with a NUL is refused at Moonwire's edges (SQLite text ends at a NUL,
    /// so it would be stored cut).
    public var nulPosition: Int? {
        var position = 0
        for scalar in unicodeScalars {
            position += 1
            if scalar.value == 0 { return position }
        }
        return nil
    }
}
