import Foundation

/// Reads a category's text within a byte budget, deterministically, as a sequence of UTF-8 documents.
///
/// When the files hold more than the budget, each file gets an equal share (small files whole, the rest
/// cut to the same size, at a line end), so the sample spans all files rather than the first few.
/// Documents: a `.txt` file (or its kept prefix, in chunks of about 1 MB at line ends), or one `"text"`
/// value of a `.jsonl` line.
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
        let allocation = Self.allocate(budget: budget, sizes: try category.files.map(Self.estimatedSize))
        var delivered = 0
        for (file, share) in zip(category.files, allocation) where share > 0 {
            let data = try Self.load(file)
            var reported = 0
            func deliver(_ document: UnsafeBufferPointer<UInt8>) throws {
                try body(document)
                let step = min(document.count, share - reported)
                if step > 0, let progress { reported += step; progress(step) }
            }
            if Self.isJSONLines(file) {
                delivered += try readJSONLines(data, limit: share, path: file, deliver)
            } else {
                delivered += try readText(data, limit: share, path: file, deliver)
            }
            if reported < share { progress?(share - reported) }
        }
        return delivered
    }

    /// Bytes `read` plans to take from the category: its files' sizes (uncompressed), or the budget when smaller.
    package func plannedBytes(_ category: Category) throws -> Int {
        Self.allocate(budget: budget, sizes: try category.files.map(Self.estimatedSize)).reduce(0, +)
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

    static func isJSONLines(_ path: String) -> Bool {
        var name = path.lowercased()
        if name.hasSuffix(".gz") { name = String(name.dropLast(3)) }
        return name.hasSuffix(".jsonl")
    }

    /// Size of the file's text: the file size, or for gzip the uncompressed size from its trailer.
    static func estimatedSize(_ path: String) throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CorpusError.unreadable(path: path, reason: "cannot open file")
        }
        defer { try? handle.close() }
        let size = Int((try? handle.seekToEnd()) ?? 0)
        guard path.lowercased().hasSuffix(".gz"), size >= 18 else { return size }
        try? handle.seek(toOffset: UInt64(size - 4))
        guard let trailer = try? handle.read(upToCount: 4), trailer.count == 4 else { return size }
        let isize = trailer.reversed().reduce(0) { $0 << 8 | Int($1) }
        return max(isize, size)
    }

    static func load(_ path: String) throws -> Data {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CorpusError.unreadable(path: path, reason: "cannot read file")
        }
        return Gzip.isCompressed(data) ? try Gzip.decompress(data, path: path) : data
    }

    private func readText(_ data: Data, limit: Int, path: String,
                          _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Int {
        var bytes = [UInt8](data)
        if bytes.count > limit { bytes.removeSubrange(Self.cutPoint(bytes, limit: limit)...) }
        bytes = try UTF8Text.validated(bytes, path: path)
        var start = 0
        while start < bytes.count {
            let end = start + chunkBytes >= bytes.count ? bytes.count : Self.cutPoint(bytes, limit: start + chunkBytes, from: start)
            try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
            start = end
        }
        return bytes.count
    }

    private func readJSONLines(_ data: Data, limit: Int, path: String,
                               _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Int {
        var consumed = 0, delivered = 0, lineNumber = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if consumed >= limit { break }
            consumed += line.count + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                throw CorpusError.unreadable(path: path, reason: "line \(lineNumber) is not a JSON object")
            }
            guard let text = object["text"] as? String else {
                throw CorpusError.unreadable(path: path, reason: "line \(lineNumber) has no string \"text\" field")
            }
            var bytes = Array(text.utf8)
            delivered += bytes.count
            try bytes.withUnsafeMutableBufferPointer { try body(UnsafeBufferPointer($0)) }
        }
        return delivered
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
