import CShim
import Foundation

/// The size a `.zst` file decompresses to, from its frame headers (without decompressing).
package enum ZstdFrames {
    static let magic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]

    /// Whether `bytes` starts like a zstd frame (or a skippable frame).
    package static func hasMagic(_ bytes: some Collection<UInt8>) -> Bool {
        let head = Array(bytes.prefix(4))
        guard head.count == 4 else { return false }
        return head == magic || (head[0] & 0xF0 == 0x50 && head[1...3] == [0x2A, 0x4D, 0x18])
    }

    /// Sum of the content sizes stated by all frames, walking block headers to find each frame's end;
    /// nil when a frame does not state its size or the structure is not understood (then callers estimate).
    package static func contentSize(of handle: FileHandle, fileSize: Int) -> Int? {
        var offset = 0, total = 0
        while offset < fileSize {
            guard let head = read(handle, at: offset, count: 18), head.count >= 8 else { return nil }
            if head[0] & 0xF0 == 0x50, head[1...3] == [0x2A, 0x4D, 0x18] {      // skippable frame
                offset += 8 + Int(littleEndian32(head, 4))
                continue
            }
            var content: UInt64 = 0, headerSize = 0
            guard mi_zstd_frame_header(head, head.count, &content, &headerSize) == 0, content < 1 << 48 else { return nil }
            guard let end = frameEnd(handle, blocksAt: offset + headerSize, checksum: head[4] & 0x04 != 0,
                                     fileSize: fileSize) else { return nil }
            total += Int(content)
            offset = end
        }
        return total
    }

    /// Offset just past the frame whose blocks start at `offset`.
    private static func frameEnd(_ handle: FileHandle, blocksAt start: Int, checksum: Bool, fileSize: Int) -> Int? {
        var offset = start
        while true {
            guard let header = read(handle, at: offset, count: 3), header.count == 3 else { return nil }
            let value = Int(header[0]) | Int(header[1]) << 8 | Int(header[2]) << 16
            let type = (value >> 1) & 3, size = value >> 3
            guard type != 3 else { return nil }
            offset += 3 + (type == 1 ? 1 : size)
            guard offset <= fileSize else { return nil }
            if value & 1 == 1 { return offset + (checksum ? 4 : 0) }
        }
    }

    private static func read(_ handle: FileHandle, at offset: Int, count: Int) -> [UInt8]? {
        guard (try? handle.seek(toOffset: UInt64(offset))) != nil,
              let data = try? handle.read(upToCount: count) else { return nil }
        return [UInt8](data)
    }

    private static func littleEndian32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << (8 * $1) }
    }
}
