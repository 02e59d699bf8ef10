/// Values of one BYTE_ARRAY column chunk's pages: the dictionary page and data pages v1 and v2, in PLAIN or
/// dictionary (PLAIN_DICTIONARY / RLE_DICTIONARY) encoding, with definition levels for an optional column.
struct ParquetPageDecoder {
    /// The dictionary page's values, as ranges of one buffer.
    struct Dictionary {
        var bytes: [UInt8]
        var values: [Range<Int>]
    }

    static let plain: Int32 = 0, plainDictionary: Int32 = 2, rle: Int32 = 3, rleDictionary: Int32 = 8
    static let encodingNames: [Int32: String] = [0: "PLAIN", 2: "PLAIN_DICTIONARY", 3: "RLE", 4: "BIT_PACKED",
        5: "DELTA_BINARY_PACKED", 6: "DELTA_LENGTH_BYTE_ARRAY", 7: "DELTA_BYTE_ARRAY", 8: "RLE_DICTIONARY", 9: "BYTE_STREAM_SPLIT"]

    var codec: Int32
    /// 1 for an optional column (levels present), 0 for a required one.
    var maxDefinitionLevel: Int
    var dictionary: Dictionary?

    static func encodingName(_ encoding: Int32) -> String { encodingNames[encoding] ?? "encoding \(encoding)" }

    /// Reads a dictionary page's PLAIN values.
    mutating func readDictionary(_ header: ParquetPageHeader, body: ArraySlice<UInt8>) throws {
        guard header.encoding == Self.plain || header.encoding == Self.plainDictionary else {
            throw ParquetFailure("dictionary page in \(Self.encodingName(header.encoding)), not PLAIN")
        }
        let bytes = try ParquetCodec.decompress(body, codec: codec, size: Int(header.uncompressedSize))
        guard header.numValues >= 0, Int(header.numValues) <= bytes.count / 4 else {
            throw ParquetFailure("dictionary page states \(header.numValues) values in \(bytes.count) bytes")
        }
        var values: [Range<Int>] = []
        values.reserveCapacity(Int(header.numValues))
        var position = 0
        for _ in 0..<Int(header.numValues) {
            let range = try Self.plainValue(bytes, at: &position, end: bytes.count)
            values.append(range)
        }
        dictionary = Dictionary(bytes: bytes, values: values)
    }

    /// Calls `visit` with each value slot of a data page in order: the value, or nil for a null.
    /// `visit` returns false to stop; then so does this (returning false).
    func readData(_ header: ParquetPageHeader, body: ArraySlice<UInt8>,
                  _ visit: (UnsafeBufferPointer<UInt8>?) throws -> Bool) throws -> Bool {
        let (bytes, levels, valuesStart) = try levelsAndValues(header, body: body)
        var definitions = levels
        var values = try ValueCursor(self, bytes: bytes, start: valuesStart, encoding: header.encoding)
        for _ in 0..<Int(header.numValues) {
            if let level = try definitions?.next() {
                guard level <= maxDefinitionLevel else { throw ParquetFailure("definition level \(level) above \(maxDefinitionLevel)") }
                if level < maxDefinitionLevel {
                    if try !visit(nil) { return false }
                    continue
                }
            }
            let range = try values.next()
            let goOn = try values.source.withUnsafeBufferPointer { try visit(UnsafeBufferPointer(rebasing: $0[range])) }
            if !goOn { return false }
        }
        return true
    }

    /// The page's decompressed bytes, a decoder of its definition levels (nil for a required column), and where
    /// its values start.
    private func levelsAndValues(_ header: ParquetPageHeader, body: ArraySlice<UInt8>)
        throws -> (bytes: [UInt8], levels: RLEHybridDecoder?, valuesStart: Int) {
        if header.kind == .dataV1 {
            let bytes = try ParquetCodec.decompress(body, codec: codec, size: Int(header.uncompressedSize))
            guard maxDefinitionLevel > 0 else { return (bytes, nil, 0) }
            guard header.definitionLevelEncoding == Self.rle else {
                throw ParquetFailure("definition levels in \(Self.encodingName(header.definitionLevelEncoding)), not RLE")
            }
            guard bytes.count >= 4 else { throw ParquetFailure("page too short for its definition levels") }
            let length = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16 | Int(bytes[3]) << 24
            guard length <= bytes.count - 4 else { throw ParquetFailure("definition levels of \(length) bytes past the end of the page") }
            let levels = try RLEHybridDecoder(bytes, range: 4..<(4 + length), bitWidth: 1)
            return (bytes, levels, 4 + length)
        }
        let repetition = Int(header.repetitionLevelsLength), definition = Int(header.definitionLevelsLength)
        guard repetition >= 0, definition >= 0, repetition + definition <= body.count else {
            throw ParquetFailure("level lengths \(repetition) + \(definition) past the page's \(body.count) bytes")
        }
        let levelBytes = Array(body.prefix(repetition + definition))
        let compressed = body.dropFirst(repetition + definition)
        let valuesSize = Int(header.uncompressedSize) - repetition - definition
        let values = header.isCompressed ? try ParquetCodec.decompress(compressed, codec: codec, size: valuesSize)
                                         : try ParquetCodec.decompress(compressed, codec: 0, size: valuesSize)
        let bytes = levelBytes + values
        let levels = maxDefinitionLevel > 0
            ? try RLEHybridDecoder(bytes, range: repetition..<(repetition + definition), bitWidth: 1) : nil
        return (bytes, levels, repetition + definition)
    }

    /// The range of the PLAIN BYTE_ARRAY value at `position` (4-byte little-endian length, then the bytes).
    static func plainValue(_ bytes: [UInt8], at position: inout Int, end: Int) throws -> Range<Int> {
        guard position + 4 <= end else { throw ParquetFailure("page ends before its values do") }
        let length = Int(bytes[position]) | Int(bytes[position + 1]) << 8 | Int(bytes[position + 2]) << 16
            | Int(bytes[position + 3]) << 24
        let start = position + 4
        guard length <= end - start else { throw ParquetFailure("value of \(length) bytes past the end of the page") }
        position = start + length
        return start..<(start + length)
    }

    /// Successive non-null values of a page: PLAIN from its bytes, or dictionary indices into the dictionary.
    private struct ValueCursor {
        let source: [UInt8]
        private var position: Int
        private var indices: RLEHybridDecoder?
        private let dictionary: Dictionary?

        init(_ decoder: ParquetPageDecoder, bytes: [UInt8], start: Int, encoding: Int32) throws {
            position = start
            switch encoding {
            case ParquetPageDecoder.plain:
                source = bytes
                dictionary = nil
            case ParquetPageDecoder.plainDictionary, ParquetPageDecoder.rleDictionary:
                guard let dictionary = decoder.dictionary else { throw ParquetFailure("dictionary-encoded page without a dictionary page") }
                self.dictionary = dictionary
                source = dictionary.bytes
                guard start < bytes.count else { indices = nil; return }   // no bit width: reading a value fails
                indices = try RLEHybridDecoder(bytes, range: (start + 1)..<bytes.count, bitWidth: Int(bytes[start]))
            default:
                throw ParquetFailure("values in \(ParquetPageDecoder.encodingName(encoding)) (mixinfer reads PLAIN and dictionary encodings)")
            }
        }

        mutating func next() throws -> Range<Int> {
            guard let dictionary else { return try ParquetPageDecoder.plainValue(source, at: &position, end: source.count) }
            guard let next = try indices?.next() else { throw ParquetFailure("page ends before its values do") }
            let index = Int(next)
            guard index < dictionary.values.count else {
                throw ParquetFailure("dictionary index \(index) out of range (the dictionary holds \(dictionary.values.count) values)")
            }
            return dictionary.values[index]
        }
    }
}
