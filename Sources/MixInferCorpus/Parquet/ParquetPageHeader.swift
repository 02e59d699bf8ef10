/// A Parquet `PageHeader` (parquet.thrift): the page's kind, sizes and, per kind, its value count and encodings.
struct ParquetPageHeader {
    enum Kind: Int32 { case dataV1 = 0, index = 1, dictionary = 2, dataV2 = 3 }

    var kind: Kind?
    var rawKind: Int32 = -1
    var uncompressedSize: Int32 = -1
    var compressedSize: Int32 = -1
    var numValues: Int32 = -1
    var encoding: Int32 = 0
    var definitionLevelEncoding: Int32 = 3
    /// Data page v2: level bytes (never compressed) before the values.
    var repetitionLevelsLength: Int32 = 0
    var definitionLevelsLength: Int32 = 0
    var isCompressed = true

    /// Decodes a header at the start of `bytes`; returns it and its length in bytes.
    static func decode(_ bytes: [UInt8]) throws -> (header: ParquetPageHeader, length: Int) {
        var reader = ThriftCompactReader(bytes)
        var header = ParquetPageHeader()
        try reader.readStruct { r, id, type in
            switch id {
            case 1: header.rawKind = try r.i32(type); header.kind = Kind(rawValue: header.rawKind)
            case 2: header.uncompressedSize = try r.i32(type)
            case 3: header.compressedSize = try r.i32(type)
            case 5: try header.dataV1(&r, type)
            case 7: try header.dictionaryPage(&r, type)
            case 8: try header.dataV2(&r, type)
            default: try r.skip(type)
            }
        }
        return (header, reader.position)
    }

    private mutating func dataV1(_ r: inout ThriftCompactReader, _ type: ThriftCompactReader.FieldType) throws {
        try r.readStruct { r, id, type in
            switch id {
            case 1: numValues = try r.i32(type)
            case 2: encoding = try r.i32(type)
            case 3: definitionLevelEncoding = try r.i32(type)
            default: try r.skip(type)
            }
        }
    }

    private mutating func dictionaryPage(_ r: inout ThriftCompactReader, _ type: ThriftCompactReader.FieldType) throws {
        try r.readStruct { r, id, type in
            switch id {
            case 1: numValues = try r.i32(type)
            case 2: encoding = try r.i32(type)
            default: try r.skip(type)
            }
        }
    }

    private mutating func dataV2(_ r: inout ThriftCompactReader, _ type: ThriftCompactReader.FieldType) throws {
        try r.readStruct { r, id, type in
            switch id {
            case 1: numValues = try r.i32(type)
            case 4: encoding = try r.i32(type)
            case 5: definitionLevelsLength = try r.i32(type)
            case 6: repetitionLevelsLength = try r.i32(type)
            case 7: isCompressed = try r.bool(type)
            default: try r.skip(type)
            }
        }
    }
}
