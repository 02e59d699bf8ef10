/// Unsigned LEB128, the "varint" of protocol buffers (SentencePiece models), Thrift's compact protocol (Parquet
/// metadata) and Parquet's run headers: 7 bits per byte, least significant first, the high bit set on every
/// byte but the last. Each format words the failures in its own errors.
package enum ULEB128 {
    package enum Failure: Error {
        /// The bytes ended inside the number.
        case truncated
        /// More bytes than `maximumBits` can hold.
        case tooLong
    }

    /// Decodes one number from the bytes `next` hands out (nil: no more bytes).
    package static func decode(maximumBits: Int = 64, next: () throws -> UInt8?) throws -> UInt64 {
        var value: UInt64 = 0, shift = 0
        while true {
            guard let byte = try next() else { throw Failure.truncated }
            guard shift < min(maximumBits, 64) else { throw Failure.tooLong }
            value |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }
}
