import Foundation
import MixInferSupport

/// A minimal protocol-buffer wire-format reader (enough for `sentencepiece.ModelProto`). Every read is
/// bounds-checked; malformed input throws `ProtobufError`, never traps.
struct ProtobufReader {
    struct Failure: Error { var reason: String }
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case bytes(ArraySlice<UInt8>)
        case fixed32(UInt32)
    }

    let bytes: ArraySlice<UInt8>
    var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    var atEnd: Bool { position >= bytes.endIndex }

    mutating func varint() throws -> UInt64 {
        do {
            return try ULEB128.decode {
                guard position < bytes.endIndex else { return nil }
                defer { position += 1 }
                return bytes[position]
            }
        } catch ULEB128.Failure.truncated {
            throw Failure(reason: "truncated varint")
        } catch {
            throw Failure(reason: "varint longer than 10 bytes")
        }
    }

    /// The next field: number and value.
    mutating func field() throws -> (number: Int, value: Value) {
        let key = try varint()
        let number = Int(truncatingIfNeeded: key >> 3)
        guard number > 0 else { throw Failure(reason: "field number 0") }
        switch key & 7 {
        case 0: return (number, .varint(try varint()))
        case 1:
            guard bytes.endIndex - position >= 8 else { throw Failure(reason: "truncated 64-bit field") }
            var value: UInt64 = 0
            for index in 0..<8 { value |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
            position += 8
            return (number, .fixed64(value))
        case 2:
            let length = try varint()
            guard length <= UInt64(bytes.endIndex - position) else { throw Failure(reason: "length-delimited field runs past the end") }
            let start = position
            position += Int(length)
            return (number, .bytes(bytes[start..<position]))
        case 5:
            guard bytes.endIndex - position >= 4 else { throw Failure(reason: "truncated 32-bit field") }
            var value: UInt32 = 0
            for index in 0..<4 { value |= UInt32(bytes[position + index]) << (8 * UInt32(index)) }
            position += 4
            return (number, .fixed32(value))
        default:
            throw Failure(reason: "unsupported wire type \(key & 7)")
        }
    }
}
