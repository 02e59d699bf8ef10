import MixInferSupport
/// Decoder of Parquet's RLE / bit-packed hybrid encoding (definition levels, dictionary indices), value by value:
/// nothing is allocated however large a run claims to be, and reading past the data is an error.
struct RLEHybridDecoder {
    struct Failure: Error { var reason: String }

    private let bytes: [UInt8]
    private var position: Int
    private let end: Int
    let bitWidth: Int
    private var repeatRemaining = 0
    private var repeatValue: UInt32 = 0
    private var packedRemaining = 0
    private var packedBit = 0
    private var packedEndBit = 0

    /// Decodes `bytes[range]` with values of `bitWidth` bits (0...32).
    init(_ bytes: [UInt8], range: Range<Int>, bitWidth: Int) throws {
        guard (0...32).contains(bitWidth) else { throw Failure(reason: "bit width \(bitWidth) is not 0...32") }
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else { throw Failure(reason: "levels past the end of the page") }
        self.bytes = bytes
        position = range.lowerBound
        end = range.upperBound
        self.bitWidth = bitWidth
    }

    mutating func next() throws -> UInt32 {
        while true {
            if repeatRemaining > 0 {
                repeatRemaining -= 1
                return repeatValue
            }
            if packedRemaining > 0 {
                packedRemaining -= 1
                return try packedValue()
            }
            try readRunHeader()
        }
    }

    private mutating func readRunHeader() throws {
        let header = try varint()
        if header & 1 == 1 {
            let groups = Int(header >> 1)
            packedRemaining = groups * 8
            packedBit = position * 8
            packedEndBit = end * 8
            position = min(end, position + groups * bitWidth)
        } else {
            repeatRemaining = Int(header >> 1)
            let width = (bitWidth + 7) / 8
            guard position + width <= end else { throw Failure(reason: "run value past the end of the data") }
            var value: UInt32 = 0
            for index in 0..<width { value |= UInt32(bytes[position + index]) << (8 * UInt32(index)) }
            repeatValue = value
            position += width
        }
    }

    private mutating func packedValue() throws -> UInt32 {
        guard bitWidth > 0 else { return 0 }
        guard packedBit + bitWidth <= packedEndBit else { throw Failure(reason: "bit-packed run past the end of the data") }
        var value: UInt64 = 0
        let first = packedBit >> 3, shift = packedBit & 7
        let last = (packedBit + bitWidth - 1) >> 3
        for index in first...last { value |= UInt64(bytes[index]) << UInt64(8 * (index - first)) }
        packedBit += bitWidth
        return UInt32(truncatingIfNeeded: (value >> UInt64(shift)) & ((1 << UInt64(bitWidth)) - 1))
    }

    private mutating func varint() throws -> UInt32 {
        do {
            let value = try ULEB128.decode(maximumBits: 32) {
                guard position < end else { return nil }
                defer { position += 1 }
                return bytes[position]
            }
            return UInt32(truncatingIfNeeded: value)
        } catch ULEB128.Failure.truncated {
            throw Failure(reason: "run header past the end of the data")
        } catch {
            throw Failure(reason: "run header too long")
        }
    }
}
