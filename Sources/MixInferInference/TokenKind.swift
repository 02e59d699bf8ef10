import MixInferTokenizers
/// What a token's text is made of, in words a user can act on: the Unicode script of its letters ("Devanagari"),
/// or a kind of token without letters ("whitespace", "digits", "punctuation and symbols", "byte fragments").
/// Used to say which category is missing when many merges occur in no sample.
enum TokenKind {
    /// The Unicode script of a letter (`UnicodeScripts`, UAX #24), or nil for Common and Inherited.
    static func script(_ scalar: Unicode.Scalar) -> String? {
        let index = UnicodeScripts.script(scalar.value)
        guard index != UnicodeScripts.common, index != UnicodeScripts.inherited else { return nil }
        return UnicodeScripts.names[index].replacingOccurrences(of: "_", with: " ")
    }

    /// The kind of a token's bytes: the script most of its letters are in; else whitespace, digits, punctuation and
    /// symbols; bytes that are not whole UTF-8 characters are "byte fragments".
    static func of(_ bytes: [UInt8]) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else { return "byte fragments (parts of UTF-8 characters)" }
        var letters: [String: Int] = [:]
        var spaces = 0, digits = 0, other = 0
        for scalar in text.unicodeScalars {
            let properties = scalar.properties
            if scalar == "\u{2581}" || properties.isWhitespace {
                spaces += 1
            } else if properties.isAlphabetic || properties.generalCategory == .nonspacingMark {
                letters[script(scalar) ?? "other letters", default: 0] += 1
            } else if properties.numericType != nil {
                digits += 1
            } else {
                other += 1
            }
        }
        if let top = letters.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) { return top.key }
        if digits > 0 && digits >= other { return "digits" }
        if other > 0 { return "punctuation and symbols" }
        return spaces > 0 ? "whitespace" : "empty"
    }
}
