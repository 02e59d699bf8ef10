import CShim

/// Snappy raw-block decompression (the framing Parquet uses) through libsnappy.
package enum Snappy {
    /// Largest output one input byte can stand for (a 3-byte copy of 64 bytes), rounded up.
    static let maximumExpansion = 22

    /// Decompresses one block that must hold exactly `expectedSize` bytes.
    package static func decompress(_ input: UnsafeRawBufferPointer, expectedSize: Int) throws -> [UInt8] {
        let bytes = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        var stated = 0
        guard input.count > 0, mi_snappy_uncompressed_length(bytes, input.count, &stated) == 0 else {
            throw DecompressionFailure(reason: "snappy data is corrupt")
        }
        guard stated == expectedSize else {
            throw DecompressionFailure(reason: "snappy block states \(stated) bytes, the page \(expectedSize)")
        }
        guard stated <= input.count * maximumExpansion + 64 else {
            throw DecompressionFailure(reason: "snappy block states \(stated) bytes, more than \(input.count) bytes can hold")
        }
        var output = [UInt8](repeating: 0, count: stated)
        var written = 0
        let code = output.withUnsafeMutableBufferPointer {
            mi_snappy_uncompress(bytes, input.count, $0.baseAddress, $0.count, &written)
        }
        guard code == 0, written == stated else { throw DecompressionFailure(reason: "snappy data is corrupt") }
        return output
    }
}
