import Foundation
import MixInferSupport
import MixInferTokenizers

/// Word counts of several categories with the text processing that made them: the unit of the count cache
/// and of sharded counting (`mixinfer count` on slices of files, `mixinfer merge-counts` to combine).
package struct CategoryCounts: Sendable, Equatable {
    /// Identifies the normalizer + pretokenizer; counts only combine or apply under the same one.
    package var processing: String
    package var names: [String]
    package var counts: [WordCounts]

    package init(processing: String, names: [String], counts: [WordCounts]) {
        self.processing = processing
        self.names = names
        self.counts = counts
    }

    /// The processing key of a tokenizer's normalizer and pretokenizer (`ProcessingKey`).
    package static func processingKey(_ model: TokenizerModel) -> String { ProcessingKey(model).text }

    /// Sums shards category by category (categories missing from a shard count as empty there).
    package static func merge(_ shards: [CategoryCounts]) throws -> CategoryCounts {
        guard let first = shards.first else { throw UsageError.invalid("merge-counts needs at least one file") }
        guard shards.allSatisfy({ $0.processing == first.processing }) else {
            throw UsageError.invalid("count files were made with different normalizers/pretokenizers")
        }
        let names = Array(Set(shards.flatMap(\.names))).sorted()
        let merged = names.map { name -> WordCounts in
            WordCounts(summing: shards.compactMap { shard in shard.names.firstIndex(of: name).map { shard.counts[$0] } })
        }
        return CategoryCounts(processing: first.processing, names: names, counts: merged)
    }
}

/// The binary file format of `CategoryCounts` (little-endian):
/// `"MIWC0003"`, processing (u32 length + UTF-8), category count (u32), then per category:
/// name (u32 length + UTF-8), sample bytes (u64), records skipped for a missing text field (u64) and for
/// invalid UTF-8 (u64), words (u64), arena length (u64), word lengths (u32 each), counts (i64 each), arena bytes;
/// last the FNV-1a hash (u64) of every byte before it, so that a damaged file is refused, not read as other counts.
/// `"MIWC0002"` (no hash) and `"MIWC0001"` files (neither hash nor skipped-record counts) are still read.
package enum CountsFile {
    static let magic = Array("MIWC0003".utf8)
    static let magicWithoutHash = Array("MIWC0002".utf8)
    static let magicWithoutSkipped = Array("MIWC0001".utf8)

    package static func encode(_ value: CategoryCounts) -> Data {
        var out = Data(magic)
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { out.append(contentsOf: $0) } }
        func u64(_ v: Int) { withUnsafeBytes(of: UInt64(v).littleEndian) { out.append(contentsOf: $0) } }
        func text(_ s: String) { u32(s.utf8.count); out.append(contentsOf: Array(s.utf8)) }
        text(value.processing)
        u32(value.names.count)
        for (name, counts) in zip(value.names, value.counts) {
            text(name)
            u64(counts.bytes)
            u64(counts.skippedMissingField)
            u64(counts.skippedInvalidUTF8)
            u64(counts.count)
            u64(counts.arena.count)
            for index in 0..<counts.count { u32(counts.starts[index + 1] - counts.starts[index]) }
            for count in counts.counts { withUnsafeBytes(of: count.littleEndian) { out.append(contentsOf: $0) } }
            out.append(contentsOf: counts.arena)
        }
        let hash = out.withUnsafeBytes { FNV1a.hash($0.bindMemory(to: UInt8.self)) }
        withUnsafeBytes(of: hash.littleEndian) { out.append(contentsOf: $0) }
        return out
    }

    package static func decode(_ data: Data, path: String) throws -> CategoryCounts {
        var bytes = [UInt8](data)
        let version = Array(bytes.prefix(magic.count))
        guard version == magic || version == magicWithoutHash || version == magicWithoutSkipped else {
            throw CorpusError.unreadable(path: path, reason: "not a mixinfer count file (bad magic)")
        }
        if version == magic {
            guard bytes.count >= magic.count + 8 else { throw CorpusError.unreadable(path: path, reason: "truncated") }
            let stored = bytes.suffix(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            bytes.removeLast(8)
            guard bytes.withUnsafeBufferPointer({ FNV1a.hash($0) }) == stored else {
                throw CorpusError.unreadable(path: path, reason: "damaged (its checksum does not match); count again")
            }
        }
        var reader = ByteReader(bytes: bytes, path: path)
        _ = try reader.take(magic.count)
        let processing = try reader.text()
        let categories = try reader.u32()
        var names: [String] = [], all: [WordCounts] = []
        for _ in 0..<categories {
            names.append(try reader.text())
            var counts = WordCounts(bytes: try reader.int())
            if version != magicWithoutSkipped {
                counts.skippedMissingField = try reader.int()
                counts.skippedInvalidUTF8 = try reader.int()
            }
            let words = try reader.int(), arena = try reader.int()
            try reader.require(words * 12 + arena)
            var position = 0
            for _ in 0..<words {
                position += Int(try reader.u32())
                counts.starts.append(position)
            }
            guard position == arena else { throw CorpusError.unreadable(path: path, reason: "word lengths do not add up") }
            for _ in 0..<words {
                let count = Int64(bitPattern: try reader.u64())
                guard count > 0 else { throw CorpusError.unreadable(path: path, reason: "a word count of \(count)") }
                counts.counts.append(count)
            }
            counts.arena = try reader.take(arena)
            all.append(counts)
        }
        guard reader.atEnd else { throw CorpusError.unreadable(path: path, reason: "trailing bytes after the last category") }
        return CategoryCounts(processing: processing, names: names, counts: all)
    }

    package static func read(_ path: String) throws -> CategoryCounts {
        guard let data = FileManager.default.contents(atPath: path) else { throw CorpusError.notFound(path: path) }
        return try decode(data, path: path)
    }
}

/// Bounds-checked little-endian reading; every overrun is a `CorpusError`, never a trap.
struct ByteReader {
    let bytes: [UInt8]
    let path: String
    var offset = 0

    var atEnd: Bool { offset == bytes.count }

    func require(_ count: Int) throws {
        guard count >= 0, count <= bytes.count - offset else {
            throw CorpusError.unreadable(path: path, reason: "truncated at byte \(offset)")
        }
    }

    mutating func take(_ count: Int) throws -> [UInt8] {
        try require(count)
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func u32() throws -> UInt32 {
        try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func u64() throws -> UInt64 {
        try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func int() throws -> Int {
        let value = try u64()
        guard value <= UInt64(Int32.max) * 64 else { throw CorpusError.unreadable(path: path, reason: "implausible size \(value)") }
        return Int(value)
    }

    mutating func text() throws -> String {
        let length = Int(try u32())
        guard let text = String(validating: try take(length), as: UTF8.self) else {
            throw CorpusError.unreadable(path: path, reason: "a name is not UTF-8")
        }
        return text
    }
}
