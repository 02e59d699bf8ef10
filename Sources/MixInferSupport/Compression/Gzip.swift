import CShim
import Foundation

/// Whole-buffer gzip decompression through zlib.
package enum Gzip {
    package static func isCompressed(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1f && data[data.startIndex + 1] == 0x8b
    }

    /// Decompresses all gzip members of `data`; `path` names the input in errors.
    package static func decompress(_ data: Data, path: String) throws -> Data {
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        let code = data.withUnsafeBytes { raw in
            mi_gunzip(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, &output, &length)
        }
        switch code {
        case 0:
            defer { mi_free(output) }
            return length == 0 ? Data() : Data(bytes: output!, count: length)
        case -2: throw CorpusError.unreadable(path: path, reason: "gzip data is truncated")
        case -3: throw CorpusError.unreadable(path: path, reason: "out of memory while decompressing")
        default: throw CorpusError.unreadable(path: path, reason: "gzip data is corrupt")
        }
    }
}
