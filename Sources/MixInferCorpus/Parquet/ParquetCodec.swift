import MixInferSupport
/// Parquet's compression codecs (`CompressionCodec` in parquet.thrift) that Hugging Face files use.
enum ParquetCodec {
    static let names = [0: "UNCOMPRESSED", 1: "SNAPPY", 2: "GZIP", 3: "LZO", 4: "BROTLI", 5: "LZ4", 6: "ZSTD", 7: "LZ4_RAW"]
    /// Largest page mixinfer decompresses: a bound on memory for damaged or hostile headers.
    static let maximumPageSize = 1 << 30

    static func name(_ codec: Int32) -> String { names[Int(codec)] ?? "codec \(codec)" }

    static func isSupported(_ codec: Int32) -> Bool { [0, 1, 2, 6].contains(codec) }

    /// Decompresses `input` (all of it), which must give exactly `size` bytes.
    static func decompress(_ input: ArraySlice<UInt8>, codec: Int32, size: Int) throws -> [UInt8] {
        guard size >= 0, size <= maximumPageSize else { throw ParquetFailure("page states an uncompressed size of \(size) bytes") }
        do {
            return try input.withUnsafeBytes { raw in
                switch codec {
                case 0:
                    guard raw.count == size else { throw ParquetFailure("uncompressed page of \(raw.count) bytes states \(size)") }
                    return [UInt8](raw)
                case 1: return try Snappy.decompress(raw, expectedSize: size)
                case 2: return try StreamingDecompressor.decompress(raw, format: .gzip, expectedSize: size)
                case 6: return try StreamingDecompressor.decompress(raw, format: .zstd, expectedSize: size)
                default: throw ParquetFailure("compression \(name(codec)) is not supported (mixinfer reads UNCOMPRESSED, SNAPPY, GZIP, ZSTD)")
                }
            }
        } catch let failure as DecompressionFailure {
            throw ParquetFailure(failure.reason)
        }
    }
}

/// Why a Parquet file cannot be read; the reader adds the file and where in it.
struct ParquetFailure: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
