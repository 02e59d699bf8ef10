/// Placeholder until the Parquet reader lands: Parquet files are reported as unreadable.
struct ParquetReader {
    let path: String
    init(path: String) throws { self.path = path }
    func uncompressedSize(column: String) throws -> Int {
        throw CorpusError.unreadable(path: path, reason: "Parquet is not read yet")
    }
    func read(column: String, limit: Int, stats: inout SampleStats, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        throw CorpusError.unreadable(path: path, reason: "Parquet is not read yet")
    }
}
