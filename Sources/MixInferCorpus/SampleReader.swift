import Foundation
import MixInferSupport

/// Reads a category's text within a byte budget, deterministically, as a sequence of UTF-8 documents.
///
/// When the files hold more than the budget, each file gets an equal share (small files whole, the rest
/// cut to the same size), so the sample spans all files rather than the first few. Files are streamed:
/// reading a file stops once its share is consumed, so a multi-GB file is never loaded whole.
/// Documents: a text file (or its kept prefix, cut at a line end, in chunks of about `chunkBytes` at line ends);
/// the text field (`Category.textField`, default `"text"`) of one JSON line; one value of a Parquet text column.
/// Files may be gzip (`.gz`) or zstd (`.zst`) compressed, except Parquet, which compresses inside.
package struct SampleReader: Sendable {
    package var budget: Int
    package var chunkBytes: Int

    package init(budget: Int, chunkBytes: Int = 1 << 20) {
        self.budget = budget
        self.chunkBytes = chunkBytes
    }

    /// Calls `body` with every document of the sample; returns the number of text bytes delivered.
    /// `progress` receives increments of the bytes read so far that add up to `plannedBytes(category)` at the end
    /// (the plan, not the text delivered: cuts at line ends and JSON syntax make those differ slightly).
    @discardableResult
    package func read(_ category: Category, progress: ((Int) -> Void)? = nil,
                     _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Int {
        try readSample(category, progress: progress, body).bytes
    }

    /// `read`, returning what was delivered and what was skipped (records without the text field, or not UTF-8).
    /// `fileStarted` is told the index (in `category.files`) of each file before its documents are delivered.
    package func readSample(_ category: Category, progress: ((Int) -> Void)? = nil,
                           fileStarted: ((Int) -> Void)? = nil,
                           _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> SampleStats {
        let field = category.textField ?? Category.defaultTextField
        let sizes = try category.files.map { try Self.estimatedSize($0, textField: field) }
        let allocation = Self.allocate(budget: category.budget(within: budget), sizes: sizes)
        var stats = SampleStats()
        for (index, (file, share)) in zip(category.files, allocation).enumerated() where share > 0 {
            // A file given all of its (estimated) size is read whole: estimates of compressed text can be short.
            let limit = share >= sizes[index] ? Int.max : share
            fileStarted?(index)
            var reported = 0
            func deliver(_ document: UnsafeBufferPointer<UInt8>) throws {
                try body(document)
                let step = min(document.count, share - reported)
                if step > 0, let progress { reported += step; progress(step) }
            }
            switch CorpusFormat(path: file)?.content ?? .text {
            case .text: try TextFileSampler(limit: limit, chunkBytes: chunkBytes).read(file, stats: &stats, deliver)
            case .jsonLines: try JSONLinesSampler(limit: limit, field: field).read(file, stats: &stats, deliver)
            case .parquet: try ParquetReader(path: file).read(column: field, limit: limit, stats: &stats, deliver)
            }
            if reported < share { progress?(share - reported) }
        }
        return stats
    }

    /// Bytes `read` plans to take from the category: its files' sizes (uncompressed), or the budget when smaller.
    package func plannedBytes(_ category: Category) throws -> Int { try plan(category).bytes }

    /// Bytes `read` plans to take from the category, and the files it takes them from.
    package func plan(_ category: Category) throws -> (bytes: Int, files: Int) {
        let field = category.textField ?? Category.defaultTextField
        let shares = Self.allocate(budget: category.budget(within: budget),
                                   sizes: try category.files.map { try Self.estimatedSize($0, textField: field) })
        return (shares.reduce(0, +), shares.filter { $0 > 0 }.count)
    }

    /// Water-filling: every file gets min(size, q) with q chosen so the total is the budget.
    static func allocate(budget: Int, sizes: [Int]) -> [Int] {
        let total = sizes.reduce(0, +)
        if total <= budget { return sizes }
        var remaining = budget
        var allocation = [Int](repeating: 0, count: sizes.count)
        let order = sizes.indices.sorted { (sizes[$0], $0) < (sizes[$1], $1) }
        for (rank, index) in order.enumerated() {
            let fair = remaining / (order.count - rank)
            allocation[index] = min(sizes[index], fair)
            remaining -= allocation[index]
        }
        return allocation
    }

    /// Size of the file's text, for sharing the budget: the file size; for gzip the uncompressed size from its
    /// trailer; for zstd the content sizes its frame headers state (else 4 × the file size); for Parquet the
    /// uncompressed size of the text column's chunks.
    static func estimatedSize(_ path: String, textField: String = Category.defaultTextField) throws -> Int {
        let format = CorpusFormat(path: path)
        if format?.content == .parquet { return try ParquetReader(path: path).uncompressedSize(column: textField) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CorpusError.unreadable(path: path, reason: "cannot open file")
        }
        defer { try? handle.close() }
        let size = Int((try? handle.seekToEnd()) ?? 0)
        switch format?.compression {
        case .zstd?: return ZstdFrames.contentSize(of: handle, fileSize: size) ?? size * 4
        case .gzip?: return gzipSize(handle, fileSize: size)
        case nil: return size
        }
    }

    /// The uncompressed size a gzip file's trailer states (modulo 4 GiB, so at least the file size).
    private static func gzipSize(_ handle: FileHandle, fileSize size: Int) -> Int {
        guard size >= 18 else { return size }
        try? handle.seek(toOffset: UInt64(size - 4))
        guard let trailer = try? handle.read(upToCount: 4), trailer.count == 4 else { return size }
        let isize = trailer.reversed().reduce(0) { $0 << 8 | Int($1) }
        return max(isize, size)
    }

    /// The largest cut ≤ `limit` just after a newline (past `from`), else at a UTF-8 character boundary.
    static func cutPoint(_ bytes: [UInt8], limit: Int, from: Int = 0) -> Int {
        var cut = min(limit, bytes.count)
        var scan = cut
        while scan > from, bytes[scan - 1] != 0x0A { scan -= 1 }
        if scan > from { return scan }
        while cut > from, cut < bytes.count, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
        return cut > from ? cut : min(limit, bytes.count)
    }
}
