import CShim

/// Why decompression stopped: the reason for a one-line `CorpusError.unreadable` naming the file.
package struct DecompressionFailure: Error, Equatable {
    package var reason: String
}

/// A streaming zstd (any number of frames) or gzip/zlib decompressor. Owns its native handle; no zstd or zlib
/// type leaves this file.
package final class StreamingDecompressor {
    package enum Format: Sendable {
        case zstd
        /// gzip or zlib framing, told apart by the header; concatenated gzip members are read in turn.
        case gzip

        package var name: String { self == .zstd ? "zstd" : "gzip" }
    }

    /// Outcome of one `step`.
    package struct Step {
        package var consumed: Int
        package var produced: Int
        /// A frame (zstd) or member (gzip) ended exactly here, all its output written.
        package var atBoundary: Bool
    }

    package let format: Format
    private let handle: OpaquePointer

    package init(_ format: Format) throws {
        guard let handle = mi_inflow_create(format == .zstd ? Int32(MI_CODEC_ZSTD) : Int32(MI_CODEC_GZIP)) else {
            throw DecompressionFailure(reason: "out of memory starting \(format.name) decompression")
        }
        self.format = format
        self.handle = handle
    }

    deinit { mi_inflow_free(handle) }

    /// Decompresses from `input` into `output`, as far as either allows.
    package func step(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws -> Step {
        var consumed = 0, produced = 0
        let code = mi_inflow_step(handle, input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count, &consumed,
                                  output.baseAddress?.assumingMemoryBound(to: UInt8.self), output.count, &produced)
        switch code {
        case Int32(MI_INFLOW_OK), Int32(MI_INFLOW_BOUNDARY):
            return Step(consumed: consumed, produced: produced, atBoundary: code == Int32(MI_INFLOW_BOUNDARY))
        case Int32(MI_INFLOW_NO_MEMORY):
            throw DecompressionFailure(reason: "out of memory while decompressing \(format.name) data")
        default:
            throw DecompressionFailure(reason: "\(format.name) data is corrupt")
        }
    }

    /// Decompresses all of `input`, which must hold exactly `expectedSize` bytes of output (a Parquet page).
    /// Output memory grows with what is produced, never past `expectedSize`.
    package static func decompress(_ input: UnsafeRawBufferPointer, format: Format, expectedSize: Int) throws -> [UInt8] {
        let decompressor = try StreamingDecompressor(format)
        var output = [UInt8](repeating: 0, count: min(expectedSize, max(1 << 16, input.count * 4)))
        var used = 0, offset = 0, ended = false
        while true {
            if used == output.count {
                if output.count >= expectedSize { break }
                output.append(contentsOf: repeatElement(0, count: min(expectedSize - output.count, output.count)))
            }
            let step = try output.withUnsafeMutableBytes { raw in
                try decompressor.step(UnsafeRawBufferPointer(rebasing: input[offset...]),
                                      into: UnsafeMutableRawBufferPointer(rebasing: raw[used...]))
            }
            offset += step.consumed
            used += step.produced
            ended = step.atBoundary
            if step.consumed == 0 && step.produced == 0 { break }
        }
        if used == expectedSize, !ended, offset < input.count {
            // Output is full; the rest of the input must be the end of the frame (a checksum, say) and nothing more.
            var spare = [UInt8](repeating: 0, count: 1)
            let step = try spare.withUnsafeMutableBytes { raw in
                try decompressor.step(UnsafeRawBufferPointer(rebasing: input[offset...]), into: raw)
            }
            if step.produced > 0 { throw DecompressionFailure(reason: "\(format.name) page holds more than its stated \(expectedSize) bytes") }
            ended = step.atBoundary
        }
        guard ended else { throw DecompressionFailure(reason: "\(format.name) page data is truncated or corrupt") }
        guard used == expectedSize else {
            throw DecompressionFailure(reason: "\(format.name) page holds \(used) bytes, not its stated \(expectedSize)")
        }
        return output
    }
}
