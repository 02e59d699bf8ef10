import Foundation
import MixInferSupport

/// Reads one text column of a Parquet file the way Hugging Face ships them: the footer, then each row group's
/// column chunk, page by page, seeking to it (the file is never read whole; reading stops within the budget).
/// Every size and offset is checked against the file; damage gives a one-line `CorpusError.unreadable`.
struct ParquetReader {
    let path: String
    let metadata: ParquetMetadata
    /// Byte where the footer's metadata starts: column data must end before it.
    private let dataEnd: Int
    private let file: ParquetFile

    init(path: String) throws {
        self.path = path
        file = try ParquetFile(path: path)
        let size = file.size
        guard size >= 12 else { throw CorpusError.unreadable(path: path, reason: "not a Parquet file (only \(size) bytes)") }
        let head = try file.read(at: 0, count: 4), tail = try file.read(at: size - 8, count: 8)
        guard tail.suffix(4) != Array("PARE".utf8) else { throw CorpusError.unreadable(path: path, reason: "encrypted Parquet is not supported") }
        guard head == Array("PAR1".utf8), tail.suffix(4) == Array("PAR1".utf8) else {
            throw CorpusError.unreadable(path: path, reason: "not a Parquet file (no PAR1 magic at both ends)")
        }
        let length = tail.prefix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
        guard length > 0, length <= size - 12 else {
            throw CorpusError.unreadable(path: path, reason: "Parquet footer states \(length) bytes of metadata in a \(size)-byte file")
        }
        dataEnd = size - 8 - length
        do {
            metadata = try ParquetMetadata(thrift: try file.read(at: dataEnd, count: length))
        } catch let failure as ThriftCompactReader.ThriftFailure {
            throw CorpusError.unreadable(path: path, reason: "bad Parquet metadata: \(failure.reason)")
        }
    }

    /// Uncompressed bytes of `column` in all row groups, from the metadata (for sharing the budget).
    func uncompressedSize(column: String) throws -> Int {
        let (_, chunks) = try textColumn(column)
        return chunks.reduce(0) { $0 + Int(clamping: max(0, $1.chunk.totalUncompressedSize)) }
    }

    /// Delivers the values of `column` (nulls and invalid UTF-8 skipped and counted) until `limit` bytes.
    func read(column: String, limit: Int, stats: inout SampleStats,
              _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let (maxDefinition, chunks) = try textColumn(column)
        var delivered = 0
        for (group, chunk) in chunks where delivered < limit {
            var decoder = ParquetPageDecoder(codec: chunk.codec, maxDefinitionLevel: maxDefinition)
            try readChunk(chunk, group: group, decoder: &decoder) { value in
                guard let value else { stats.skippedMissingField += 1; return true }
                guard UTF8Text.invalidByteCount(value) == 0 else { stats.skippedInvalidUTF8 += 1; return true }
                try body(value)
                stats.delivered(value.count)
                delivered += value.count
                return delivered < limit
            }
        }
    }

    /// The column's maximum definition level and, per row group, its chunk (checked to be a readable text column).
    private func textColumn(_ name: String) throws -> (Int, [(group: Int, chunk: ParquetMetadata.ColumnChunk)]) {
        let fields: [ParquetMetadata.SchemaElement]
        do { fields = try metadata.topLevelFields() } catch let failure as ThriftCompactReader.ThriftFailure {
            throw CorpusError.unreadable(path: path, reason: "bad Parquet schema: \(failure.reason)")
        }
        guard let field = fields.first(where: { $0.name == name }) else {
            let names = fields.map { Self.printable($0.name) }.joined(separator: ", ")
            throw CorpusError.unreadable(path: path, reason: "no column '\(name)' (columns: \(names.isEmpty ? "none" : names))")
        }
        guard field.numChildren == 0, field.type == ParquetMetadata.byteArray else {
            throw CorpusError.unreadable(path: path, reason: "column '\(name)' is not text (expected a BYTE_ARRAY column)")
        }
        guard field.repetition != 2 else {
            throw CorpusError.unreadable(path: path, reason: "column '\(name)' is repeated (a list), not one text per row")
        }
        var chunks: [(Int, ParquetMetadata.ColumnChunk)] = []
        for (index, group) in metadata.rowGroups.enumerated() {
            guard let chunk = group.columns.first(where: { $0.path == [name] }) else {
                throw CorpusError.unreadable(path: path, reason: "row group \(index) has no chunk for column '\(name)'")
            }
            try check(chunk, group: group, index: index)
            chunks.append((index, chunk))
        }
        return (field.repetition == 1 ? 1 : 0, chunks)
    }

    private func check(_ chunk: ParquetMetadata.ColumnChunk, group: ParquetMetadata.RowGroup, index: Int) throws {
        func fail(_ reason: String) -> CorpusError { .unreadable(path: path, reason: "row group \(index): \(reason)") }
        if let external = chunk.externalFile {
            throw fail("column data in another file (\(Self.printable(external))) is not supported")
        }
        guard chunk.type == ParquetMetadata.byteArray else { throw fail("column chunk is not BYTE_ARRAY") }
        guard ParquetCodec.isSupported(chunk.codec) else {
            throw fail("compression \(ParquetCodec.name(chunk.codec)) is not supported (mixinfer reads UNCOMPRESSED, SNAPPY, GZIP, ZSTD)")
        }
        guard chunk.numValues >= 0, chunk.numValues == group.numRows else {
            throw fail("column chunk states \(chunk.numValues) values for \(group.numRows) rows")
        }
        let start = chunkStart(chunk)
        guard start >= 4, chunk.totalCompressedSize >= 0, start <= Int64(dataEnd),
              chunk.totalCompressedSize <= Int64(dataEnd) - start else {
            throw fail("column chunk at byte \(start) of \(chunk.totalCompressedSize) bytes lies outside the file's data")
        }
    }

    private func chunkStart(_ chunk: ParquetMetadata.ColumnChunk) -> Int64 {
        if let dictionary = chunk.dictionaryPageOffset, dictionary > 0, dictionary < chunk.dataPageOffset { return dictionary }
        return chunk.dataPageOffset
    }

    /// Reads a chunk's pages in order, handing each value slot to `visit` until it returns false.
    private func readChunk(_ chunk: ParquetMetadata.ColumnChunk, group: Int, decoder: inout ParquetPageDecoder,
                           _ visit: (UnsafeBufferPointer<UInt8>?) throws -> Bool) throws {
        var offset = Int(chunkStart(chunk))
        let end = offset + Int(chunk.totalCompressedSize)
        var valuesLeft = Int(chunk.numValues)
        while offset < end && valuesLeft > 0 {
            do {
                let (header, headerLength) = try file.pageHeader(at: offset, end: end)
                let bodyStart = offset + headerLength
                guard header.compressedSize >= 0, Int(header.compressedSize) <= end - bodyStart else {
                    throw ParquetFailure("page of \(header.compressedSize) bytes past the end of its column chunk")
                }
                let body = try file.read(at: bodyStart, count: Int(header.compressedSize))
                offset = bodyStart + Int(header.compressedSize)
                switch header.kind {
                case .dictionary?: try decoder.readDictionary(header, body: body[...])
                case .dataV1?, .dataV2?:
                    guard header.numValues >= 0, Int(header.numValues) <= valuesLeft else {
                        throw ParquetFailure("page states \(header.numValues) values, its column chunk has \(valuesLeft) left")
                    }
                    valuesLeft -= Int(header.numValues)
                    if try !decoder.readData(header, body: body[...], visit) { return }
                case .index?: continue
                case nil: throw ParquetFailure("unknown page type \(header.rawKind)")
                }
            } catch let failure as ParquetFailure {
                throw CorpusError.unreadable(path: path, reason: "row group \(group), page at byte \(offset): \(failure.reason)")
            } catch let failure as RLEHybridDecoder.Failure {
                throw CorpusError.unreadable(path: path, reason: "row group \(group), page at byte \(offset): \(failure.reason)")
            }
        }
    }

    /// A name from the file, fit for a one-line message: control characters and line separators escaped, at most
    /// 200 characters.
    static func printable(_ name: String) -> String {
        let escaped = name.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control || scalar.value == 0x2028 || scalar.value == 0x2029 ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }.joined()
        return escaped.count > 200 ? String(escaped.prefix(200)) + "…" : escaped
    }
}
