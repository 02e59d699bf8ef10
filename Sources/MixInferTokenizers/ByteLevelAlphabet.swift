/// GPT-2's reversible map between the 256 byte values and printable Unicode scalars, used by every
/// byte-level BPE file to spell tokens as strings (a space is `Ġ`, a newline `Ċ`).
package enum ByteLevelAlphabet {
    /// `scalar(for: b)` is the character that spells byte `b`.
    package static let scalars: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            let printable = (33...126).contains(byte) || (161...172).contains(byte) || (174...255).contains(byte)
            if printable {
                table[byte] = Unicode.Scalar(UInt32(byte))!
            } else {
                table[byte] = Unicode.Scalar(next)!
                next += 1
            }
        }
        return table
    }()

    /// Scalar value → byte + 1 (0 = not in the alphabet); every alphabet scalar is below 324.
    private static let inverse: [UInt16] = {
        var table = [UInt16](repeating: 0, count: 324)
        for (byte, scalar) in scalars.enumerated() { table[Int(scalar.value)] = UInt16(byte) + 1 }
        return table
    }()

    /// Decodes a byte-level token string to its bytes, or nil if it holds a character outside the alphabet.
    package static func decode(_ token: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(token.unicodeScalars.count)
        let table = inverse
        for scalar in token.unicodeScalars {
            let value = Int(scalar.value)
            guard value < table.count, table[value] != 0 else { return nil }
            bytes.append(UInt8(table[value] - 1))
        }
        return bytes
    }

    /// Spells bytes in the byte-level alphabet.
    package static func encode(_ bytes: [UInt8]) -> String {
        var view = String.UnicodeScalarView()
        for byte in bytes { view.append(scalars[Int(byte)]) }
        return String(view)
    }
}
