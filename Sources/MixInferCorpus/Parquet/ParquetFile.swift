import Foundation
import MixInferSupport

/// Positioned reads of a file with checked bounds.
final class ParquetFile {
    let path: String
    let size: Int
    private let handle: FileHandle

    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CorpusError.unreadable(path: path, reason: "cannot open file")
        }
        self.path = path
        self.handle = handle
        size = Int((try? handle.seekToEnd()) ?? 0)
    }

    deinit { try? handle.close() }

    /// Exactly `count` bytes at `offset` (within the file).
    func read(at offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw ParquetFailure("\(count) bytes at byte \(offset) lie past the end of the \(size)-byte file")
        }
        do {
            try handle.seek(toOffset: UInt64(offset))
            let data = try handle.read(upToCount: count) ?? Data()
            guard data.count == count else { throw ParquetFailure("file ends inside \(count) bytes at byte \(offset)") }
            return [UInt8](data)
        } catch let failure as ParquetFailure { throw failure } catch {
            throw CorpusError.unreadable(path: path, reason: "cannot read file")
        }
    }

    /// The page header at `offset`, read with a window that grows while the header runs past it.
    func pageHeader(at offset: Int, end: Int) throws -> (ParquetPageHeader, Int) {
        var window = min(end - offset, 1024)
        while true {
            let bytes = try read(at: offset, count: window)
            do { return try ParquetPageHeader.decode(bytes) } catch let failure as ThriftCompactReader.ThriftFailure {
                guard failure.truncated, window < end - offset else { throw ParquetFailure("bad page header: \(failure.reason)") }
                window = min(end - offset, window * 8)
            }
        }
    }
}
