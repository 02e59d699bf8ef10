import Foundation
import MixInferSupport

/// The text bytes of one corpus file, read in pieces: plain, gzip or zstd (by the file name; a plain-named file
/// that starts with the gzip magic is gunzipped as before). Memory stays bounded whatever the file's size.
final class CorpusFileStream {
    let path: String
    private let handle: FileHandle
    private var decompressor: StreamingDecompressor?
    private var input: [UInt8] = []
    private var inputOffset = 0
    private var inputEnded = false
    private var atBoundary = false
    private var finished = false
    private var started = false
    static let readSize = 1 << 20
    /// Decompressed output lands here before it is appended (allocated once per file).
    private let scratch: UnsafeMutableBufferPointer<UInt8>

    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CorpusError.unreadable(path: path, reason: "cannot open file")
        }
        self.path = path
        self.handle = handle
        scratch = .allocate(capacity: Self.readSize)
        if let format = CorpusFormat(path: path)?.compression {
            decompressor = try wrap { try StreamingDecompressor(format) }
        }
    }

    deinit {
        try? handle.close()
        scratch.deallocate()
    }

    /// Appends up to `maximum` more text bytes to `buffer`; returns how many (0 only at the end of the file).
    func append(to buffer: inout [UInt8], maximum: Int) throws -> Int {
        if !started { try start() }
        guard maximum > 0, !finished else { return 0 }
        guard let decompressor else { return try appendRaw(to: &buffer, maximum: maximum) }
        let room = min(maximum, scratch.count)
        var produced = 0
        while produced == 0 && !finished {
            if inputOffset == input.count && !inputEnded { try refill() }
            if inputOffset == input.count && inputEnded {
                guard atBoundary else { throw CorpusError.unreadable(path: path, reason: "\(decompressor.format.name) data is truncated") }
                finished = true
                break
            }
            if atBoundary, decompressor.format == .gzip, input[inputOffset] != 0x1F {
                finished = true      // trailing bytes after the last gzip member are ignored, as gzip does
                break
            }
            let step = try wrap {
                try input.withUnsafeBytes { source in
                    try decompressor.step(UnsafeRawBufferPointer(rebasing: source[inputOffset...]),
                                          into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: scratch[..<room])))
                }
            }
            inputOffset += step.consumed
            produced = step.produced
            atBoundary = step.atBoundary
            if step.consumed == 0 && step.produced == 0 && inputOffset < input.count && !step.atBoundary {
                throw CorpusError.unreadable(path: path, reason: "\(decompressor.format.name) data is corrupt")
            }
        }
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<produced]))
        return produced
    }

    /// Checks the magic number the name promises; detects gzip in a plain-named file.
    private func start() throws {
        started = true
        try refill()
        let head = input.prefix(4)
        switch decompressor?.format {
        case .zstd?:
            guard ZstdFrames.hasMagic(head) else { throw CorpusError.unreadable(path: path, reason: "not zstd data (bad magic number)") }
        case .gzip?:
            guard head.starts(with: [0x1F, 0x8B]) else { throw CorpusError.unreadable(path: path, reason: "not gzip data (bad magic number)") }
        case nil:
            if head.starts(with: [0x1F, 0x8B]) { decompressor = try wrap { try StreamingDecompressor(.gzip) } }
        }
    }

    private func refill() throws {
        if inputOffset < input.count { return }
        let data: Data?
        do { data = try handle.read(upToCount: Self.readSize) } catch {
            throw CorpusError.unreadable(path: path, reason: "cannot read file")
        }
        input = data.map { [UInt8]($0) } ?? []
        inputOffset = 0
        if input.isEmpty { inputEnded = true }
    }

    private func appendRaw(to buffer: inout [UInt8], maximum: Int) throws -> Int {
        if inputOffset == input.count { try refill() }
        if input.isEmpty { finished = true; return 0 }
        let take = min(maximum, input.count - inputOffset)
        buffer.append(contentsOf: input[inputOffset..<(inputOffset + take)])
        inputOffset += take
        return take
    }

    private func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let failure as DecompressionFailure {
            throw CorpusError.unreadable(path: path, reason: failure.reason)
        }
    }
}
