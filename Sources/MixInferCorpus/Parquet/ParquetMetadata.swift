/// The part of a Parquet footer (`FileMetaData`) mixinfer needs: the schema and, per row group, where each
/// column chunk lies. Field numbers follow parquet.thrift; unknown fields are skipped.
struct ParquetMetadata {
    struct SchemaElement {
        var name = ""
        /// Physical type (6 = BYTE_ARRAY); nil for a group.
        var type: Int32?
        /// 0 REQUIRED, 1 OPTIONAL, 2 REPEATED.
        var repetition: Int32?
        var numChildren: Int32 = 0
    }

    struct ColumnChunk {
        var path: [String] = []
        var type: Int32 = -1
        var codec: Int32 = 0
        var numValues: Int64 = 0
        var totalUncompressedSize: Int64 = 0
        var totalCompressedSize: Int64 = 0
        var dataPageOffset: Int64 = -1
        var dictionaryPageOffset: Int64?
        /// Set when the chunk lives in another file (unsupported).
        var externalFile: String?
    }

    struct RowGroup {
        var columns: [ColumnChunk] = []
        var numRows: Int64 = 0
    }

    var schema: [SchemaElement] = []
    var rowGroups: [RowGroup] = []
    var numRows: Int64 = 0

    static let byteArray: Int32 = 6

    init(thrift bytes: [UInt8]) throws {
        var reader = ThriftCompactReader(bytes)
        var metadata = ParquetMetadata.empty
        try reader.readStruct { r, id, type in
            switch id {
            case 2: metadata.schema = try r.list(type) { r, t in try Self.schemaElement(&r, t) }
            case 3: metadata.numRows = try r.i64(type)
            case 4: metadata.rowGroups = try r.list(type) { r, t in try Self.rowGroup(&r, t) }
            default: try r.skip(type)
            }
        }
        self = metadata
    }

    private init() {}
    private static var empty: ParquetMetadata { ParquetMetadata() }

    private static func schemaElement(_ r: inout ThriftCompactReader, _ type: ThriftCompactReader.FieldType) throws -> SchemaElement {
        guard type == .structure else { throw ThriftCompactReader.ThriftFailure(reason: "schema element is not a struct") }
        var element = SchemaElement()
        try r.readStruct { r, id, type in
            switch id {
            case 1: element.type = try r.i32(type)
            case 3: element.repetition = try r.i32(type)
            case 4: element.name = try r.string(type)
            case 5: element.numChildren = try r.i32(type)
            default: try r.skip(type)
            }
        }
        return element
    }

    private static func rowGroup(_ r: inout ThriftCompactReader, _ type: ThriftCompactReader.FieldType) throws -> RowGroup {
        guard type == .structure else { throw ThriftCompactReader.ThriftFailure(reason: "row group is not a struct") }
        var group = RowGroup()
        try r.readStruct { r, id, type in
            switch id {
            case 1: group.columns = try r.list(type) { r, t in try Self.columnChunk(&r, t) }
            case 3: group.numRows = try r.i64(type)
            default: try r.skip(type)
            }
        }
        return group
    }

    private static func columnChunk(_ r: inout ThriftCompactReader, _ type: ThriftCompactReader.FieldType) throws -> ColumnChunk {
        guard type == .structure else { throw ThriftCompactReader.ThriftFailure(reason: "column chunk is not a struct") }
        var chunk = ColumnChunk()
        try r.readStruct { r, id, type in
            switch id {
            case 1: chunk.externalFile = try r.string(type)
            case 3: try Self.columnMetaData(&r, type, into: &chunk)
            default: try r.skip(type)
            }
        }
        return chunk
    }

    private static func columnMetaData(_ r: inout ThriftCompactReader, _ type: ThriftCompactReader.FieldType,
                                       into chunk: inout ColumnChunk) throws {
        guard type == .structure else { throw ThriftCompactReader.ThriftFailure(reason: "column metadata is not a struct") }
        try r.readStruct { r, id, type in
            switch id {
            case 1: chunk.type = try r.i32(type)
            case 3: chunk.path = try r.list(type) { r, t in try r.string(t) }
            case 4: chunk.codec = try r.i32(type)
            case 5: chunk.numValues = try r.i64(type)
            case 6: chunk.totalUncompressedSize = try r.i64(type)
            case 7: chunk.totalCompressedSize = try r.i64(type)
            case 9: chunk.dataPageOffset = try r.i64(type)
            case 11: chunk.dictionaryPageOffset = try r.i64(type)
            default: try r.skip(type)
            }
        }
    }

    /// The top-level fields of the schema (children of the root), in order.
    func topLevelFields() throws -> [SchemaElement] {
        guard let root = schema.first, root.numChildren >= 0 else { throw ThriftCompactReader.ThriftFailure(reason: "empty schema") }
        var fields: [SchemaElement] = []
        var index = 1
        for _ in 0..<Int(root.numChildren) {
            guard index < schema.count else { throw ThriftCompactReader.ThriftFailure(reason: "schema has fewer elements than its root's children") }
            fields.append(schema[index])
            var pending = 1      // elements of this field's subtree still to pass
            while pending > 0 {
                guard index < schema.count, schema[index].numChildren >= 0 else {
                    throw ThriftCompactReader.ThriftFailure(reason: "schema tree is inconsistent")
                }
                pending += Int(schema[index].numChildren) - 1
                index += 1
            }
        }
        return fields
    }
}
