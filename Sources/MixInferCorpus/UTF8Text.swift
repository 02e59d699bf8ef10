import MixInferSupport
/// Checks that corpus bytes are text: valid UTF-8 (a few stray bytes are replaced) and no NUL bytes.
enum UTF8Text {
    /// Largest share of invalid bytes tolerated before a file is rejected as not UTF-8.
    static let maximumInvalidShare = 0.001

    static func validated(_ bytes: [UInt8], path: String) throws -> [UInt8] {
        if let nul = bytes.firstIndex(of: 0) {
            throw CorpusError.unreadable(path: path, reason: "binary data (NUL byte at offset \(nul)), not text")
        }
        let invalid = invalidByteCount(bytes)
        if invalid == 0 { return bytes }
        if Double(invalid) > maximumInvalidShare * Double(bytes.count) + 8 {
            throw CorpusError.unreadable(path: path, reason: "not UTF-8 text (\(invalid) invalid bytes)")
        }
        return Array(String(decoding: bytes, as: UTF8.self).utf8)
    }

    /// Validates a file's text piece by piece (pieces cut at character boundaries) with the whole-file rule:
    /// a NUL byte is an error; invalid bytes are replaced while they stay within the tolerated share of the text so far.
    struct Validator {
        let path: String
        private(set) var offset = 0
        private(set) var invalid = 0

        init(path: String) { self.path = path }

        /// nil when `piece` is valid as it is, else its bytes with invalid sequences replaced by U+FFFD.
        mutating func validated(_ piece: UnsafeBufferPointer<UInt8>) throws -> [UInt8]? {
            if let nul = piece.firstIndex(of: 0) {
                throw CorpusError.unreadable(path: path, reason: "binary data (NUL byte at offset \(offset + nul)), not text")
            }
            offset += piece.count
            let bad = invalidByteCount(piece)
            if bad == 0 { return nil }
            invalid += bad
            if Double(invalid) > maximumInvalidShare * Double(offset) + 8 {
                throw CorpusError.unreadable(path: path, reason: "not UTF-8 text (\(invalid) invalid bytes)")
            }
            return Array(String(decoding: piece, as: UTF8.self).utf8)
        }
    }

    /// Number of bytes that are not part of a well-formed UTF-8 sequence.
    static func invalidByteCount(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { invalidByteCount($0) }
    }

    /// Number of bytes that are not part of a well-formed UTF-8 sequence.
    static func invalidByteCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var invalid = 0, index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int, minimum: UInt32
            switch lead {
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            default: invalid += 1; index += 1; continue
            }
            guard index + length <= count else { invalid += count - index; break }
            var scalar = UInt32(lead) & (0xFF >> (length + 1))
            var ok = true
            for offset in 1..<length {
                let byte = bytes[index + offset]
                if byte & 0xC0 != 0x80 { ok = false; break }
                scalar = scalar << 6 | UInt32(byte & 0x3F)
            }
            if ok && scalar >= minimum && scalar <= 0x10FFFF && !(0xD800...0xDFFF).contains(scalar) {
                index += length
            } else {
                invalid += 1
                index += 1
            }
        }
        return invalid
    }
}
