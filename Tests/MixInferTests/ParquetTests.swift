import Foundation
import XCTest
@testable import MixInferSupport
@testable import MixInferPretokenize
@testable import MixInferTokenizers
@testable import MixInferCorpus
@testable import MixInferReplay
@testable import MixInferSolve
@testable import MixInferInference
@testable import MixInfer
@testable import MixInferBatch
@testable import MixInferResearch

/// The Parquet reader against files pyarrow wrote (scripts/fixtures/make-parquet-fixtures.py) and damaged copies of them.
final class ParquetTests: XCTestCase {
    func assertReadsExactlyTheRowsPyarrowWrote(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let (column, rows, columnBytes) = try FormatFixtures.expected(name)
        let category = Category(name: "c", files: [FormatFixtures.path(name)], textField: column)
        let (documents, stats) = try FormatFixtures.documents(category)
        let texts = rows.compactMap { $0 }
        XCTAssertEqual(documents, texts, name, file: file, line: line)
        XCTAssertEqual(stats, SampleStats(bytes: texts.map(\.utf8.count).reduce(0, +), documents: texts.count,
                                          skippedMissingField: rows.count - texts.count), name, file: file, line: line)
        XCTAssertEqual(try SampleReader.estimatedSize(FormatFixtures.path(name), textField: column), columnBytes,
                       "\(name): the text column's uncompressed size from the metadata", file: file, line: line)
    }

    func testParquetSnappyDictionaryV2ReadsExactlyTheRowsPyarrowWrote() throws {
        try assertReadsExactlyTheRowsPyarrowWrote("snappy-dict-v2.parquet")
    }

    func testParquetEveryCodecEncodingAndPageVersionReadsExactlyTheRowsPyarrowWrote() throws {
        let names = try FormatFixtures.names().filter { $0.hasSuffix(".parquet") }
        XCTAssertGreaterThanOrEqual(names.count, 22)
        for name in names { try assertReadsExactlyTheRowsPyarrowWrote(name) }
    }

    func testParquetNullsAreSkippedAndCountedInV1AndV2Pages() throws {
        for name in ["nulls.parquet", "nulls-v2.parquet"] {
            let (_, stats) = try FormatFixtures.documents(Category(name: "c", files: [FormatFixtures.path(name)]))
            XCTAssertEqual(stats.skippedMissingField, 14, name)
            XCTAssertEqual(stats.documents, 42, name)
        }
    }

    func testParquetBudgetStopsWithinTheFileAndSpreadsOverSeveralFiles() throws {
        let (_, rows, _) = try FormatFixtures.expected("row-groups.parquet")
        let one = Category(name: "c", files: [FormatFixtures.path("row-groups.parquet")])
        let (prefix, stats) = try FormatFixtures.documents(one, budget: 500)
        XCTAssertEqual(prefix, Array(rows.compactMap { $0 }.prefix(prefix.count)))
        XCTAssertGreaterThanOrEqual(stats.bytes, 500)
        XCTAssertLessThan(stats.bytes - prefix.last!.utf8.count, 500, "stops at the value that reaches the share")
        let two = Category(name: "c", files: [FormatFixtures.path("row-groups.parquet"), FormatFixtures.path("zstd-plain-v1.parquet")])
        let (both, _) = try FormatFixtures.documents(two)
        XCTAssertEqual(both.count, 2 * rows.count)
    }

    func testParquetMissingColumnIsAnErrorNamingItAndListingTheFilesColumns() throws {
        let path = FormatFixtures.path("content-beside-others.parquet")
        XCTAssertThrowsError(try FormatFixtures.documents(Category(name: "c", files: [path]))) {
            XCTAssertEqual($0 as? CorpusError, .unreadable(path: path, reason: "no column 'text' (columns: id, lang, content, size)"))
        }
        XCTAssertThrowsError(try FormatFixtures.documents(Category(name: "c", files: [path], textField: "id"))) {
            XCTAssertEqual($0 as? CorpusError, .unreadable(path: path, reason: "column 'id' is not text (expected a BYTE_ARRAY column)"))
        }
    }

    func testColumnNamesFromTheFileAreEscapedSoTheErrorStaysOneLine() {
        XCTAssertEqual(ParquetReader.printable("te\nxt\u{7F}"), "te\\u{a}xt\\u{7f}")
    }

    /// Reads `bytes` as a Parquet file and returns the one-line error it gives.
    func error(of bytes: [UInt8], _ name: String = "bad.parquet") throws -> String {
        let dir = try TemporaryDirectory()
        let path = try dir.write(name, bytes: bytes)
        do {
            _ = try FormatFixtures.documents(Category(name: "c", files: [path]))
        } catch let error as CorpusError {
            let text = error.description
            XCTAssertTrue(text.hasPrefix(path + ": "), text)
            XCTAssertFalse(text.contains("\n"), text)
            return String(text.dropFirst(path.count + 2))
        }
        XCTFail("\(name) was read")
        return ""
    }

    func testMalformedParquetFooterMagicAndThriftAreOneLineTypedErrors() throws {
        let good = try FormatFixtures.bytes("snappy-plain-v1.parquet")
        XCTAssertEqual(try error(of: Array(good.prefix(good.count - 3))), "not a Parquet file (no PAR1 magic at both ends)")
        XCTAssertEqual(try error(of: Array(good.prefix(7))), "not a Parquet file (only 7 bytes)")
        var magic = good
        magic[1] = 0x42
        XCTAssertEqual(try error(of: magic), "not a Parquet file (no PAR1 magic at both ends)")
        var length = good
        length[good.count - 5] = 0x7F
        XCTAssertTrue(try error(of: length).hasPrefix("Parquet footer states"))
        var thrift = good
        let metadataLength = good[(good.count - 8)..<(good.count - 4)].reversed().reduce(0) { $0 << 8 | Int($1) }
        let metadataStart = good.count - 8 - metadataLength
        thrift[metadataStart] = 0x1D      // field 1 of unknown type 13
        XCTAssertTrue(try error(of: thrift).hasPrefix("bad Parquet metadata: unknown field type 13"))
        var cut = good
        cut.removeSubrange((metadataStart + metadataLength / 2)..<(good.count - 8))
        let cutLength = UInt32(metadataLength - metadataLength / 2)
        for index in 0..<4 { cut[cut.count - 8 + index] = UInt8(truncatingIfNeeded: cutLength >> (8 * UInt32(index))) }
        XCTAssertTrue(try error(of: cut).hasPrefix("bad Parquet metadata: "), "truncated metadata")
    }

    func testMalformedParquetPagesPastTheEndAndDictionaryIndexOutOfRangeAreOneLineTypedErrors() throws {
        let good = try FormatFixtures.bytes("none-dict-v1.parquet")
        let (header, headerLength) = try ParquetPageHeader.decode(Array(good[4..<200]))
        XCTAssertEqual(header.kind, .dictionary)
        // The compressed size (field 3, after the equal uncompressed size, field 2): make it larger than the column chunk.
        var sizes = good
        let headerBytes = Array(good[4..<(4 + headerLength)])
        let uncompressedField = try XCTUnwrap(Self.varintField(in: headerBytes, value: header.uncompressedSize))
        let sizeField = try XCTUnwrap(Self.varintField(in: headerBytes, value: header.compressedSize, after: uncompressedField.upperBound))
        sizes.replaceSubrange((4 + sizeField.lowerBound)..<(4 + sizeField.upperBound), with: Self.maximalVarint(count: sizeField.count))
        let sizeError = try error(of: sizes)
        XCTAssertTrue(sizeError.contains("past the end of its column chunk"), sizeError)
        // The dictionary's value count: make it 1, so the data page's indices point past it.
        var dictionary = good
        let countField = try XCTUnwrap(Self.varintField(in: Array(good[4..<(4 + headerLength)]), value: header.numValues, after: sizeField.upperBound))
        dictionary.replaceSubrange((4 + countField.lowerBound)..<(4 + countField.upperBound),
                                   with: countField.count == 1 ? [0x02] : [0x82] + Array(repeating: 0x80, count: countField.count - 2) + [0x00])
        let indexError = try error(of: dictionary)
        XCTAssertTrue(indexError.contains("dictionary index 1 out of range (the dictionary holds 1 values)"), indexError)
    }

    /// Where in `bytes` the zigzag varint of `value` lies (the first such place after `after`).
    static func varintField(in bytes: [UInt8], value: Int32, after: Int = 0) -> Range<Int>? {
        var encoded: [UInt8] = []
        var zigzag = UInt32(bitPattern: (value << 1) ^ (value >> 31))
        repeat {
            encoded.append(UInt8(zigzag & 0x7F) | (zigzag > 0x7F ? 0x80 : 0))
            zigzag >>= 7
        } while zigzag > 0
        guard let start = (after..<(bytes.count - encoded.count)).first(where: { Array(bytes[$0..<($0 + encoded.count)]) == encoded }) else { return nil }
        return start..<(start + encoded.count)
    }

    /// The largest varint of `count` bytes.
    static func maximalVarint(count: Int) -> [UInt8] { Array(repeating: 0xFF, count: count - 1) + [0x7F] }
}
