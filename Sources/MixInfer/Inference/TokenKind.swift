/// What a token's text is made of, in words a user can act on: the Unicode script of its letters ("Devanagari"),
/// or a kind of token without letters ("whitespace", "digits", "punctuation and symbols", "byte fragments").
/// Used to say which category is missing when many merges occur in no sample.
enum TokenKind {
    /// Script ranges (first, last scalar, name), for the scripts and blocks of released tokenizers' vocabularies.
    static let scripts: [(ClosedRange<UInt32>, String)] = [
        (0x0041...0x024F, "Latin"), (0x1E00...0x1EFF, "Latin"), (0x0370...0x03FF, "Greek"), (0x1F00...0x1FFF, "Greek"),
        (0x0400...0x052F, "Cyrillic"), (0x0530...0x058F, "Armenian"), (0x0590...0x05FF, "Hebrew"),
        (0x0600...0x06FF, "Arabic"), (0x0750...0x077F, "Arabic"), (0x08A0...0x08FF, "Arabic"), (0xFB50...0xFDFF, "Arabic"),
        (0xFE70...0xFEFF, "Arabic"), (0x0700...0x074F, "Syriac"), (0x0780...0x07BF, "Thaana"),
        (0x0900...0x097F, "Devanagari"), (0x0980...0x09FF, "Bengali"), (0x0A00...0x0A7F, "Gurmukhi"),
        (0x0A80...0x0AFF, "Gujarati"), (0x0B00...0x0B7F, "Oriya"), (0x0B80...0x0BFF, "Tamil"), (0x0C00...0x0C7F, "Telugu"),
        (0x0C80...0x0CFF, "Kannada"), (0x0D00...0x0D7F, "Malayalam"), (0x0D80...0x0DFF, "Sinhala"),
        (0x0E00...0x0E7F, "Thai"), (0x0E80...0x0EFF, "Lao"), (0x0F00...0x0FFF, "Tibetan"), (0x1000...0x109F, "Myanmar"),
        (0x10A0...0x10FF, "Georgian"), (0x1100...0x11FF, "Hangul"), (0x3130...0x318F, "Hangul"), (0xAC00...0xD7AF, "Hangul"),
        (0x1200...0x139F, "Ethiopic"), (0x13A0...0x13FF, "Cherokee"), (0x1780...0x17FF, "Khmer"), (0x1800...0x18AF, "Mongolian"),
        (0x3040...0x309F, "Hiragana"), (0x30A0...0x30FF, "Katakana"), (0x31F0...0x31FF, "Katakana"), (0xFF66...0xFF9F, "Katakana"),
        (0x3400...0x4DBF, "Han"), (0x4E00...0x9FFF, "Han"), (0xF900...0xFAFF, "Han"), (0x20000...0x3134F, "Han"),
        (0xFF21...0xFF5A, "Latin (full-width)"),
    ]

    /// The script a letter belongs to, or nil for a scalar outside every listed range.
    static func script(_ scalar: Unicode.Scalar) -> String? {
        let value = scalar.value
        return scripts.first { $0.0.contains(value) }?.1
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
