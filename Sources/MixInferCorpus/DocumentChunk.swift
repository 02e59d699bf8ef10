/// Consecutive documents of one category, copied out of the reader so that any thread can count them.
struct DocumentChunk: Sendable {
    /// Index of the category in the counting run.
    var category: Int
    /// Position among the category's chunks (0, 1, …), in reading order.
    var sequence: Int
    /// The documents back to back: document `i` is `bytes[ends[i - 1]..<ends[i]]` (from 0 for the first).
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []
    /// The lane (half of the sample) each document is counted into.
    private(set) var lanes: [Int] = []
    /// Units of the reader's plan this chunk stands for, reported to the progress ticker once it is counted.
    var progress = 0

    init(category: Int, sequence: Int, capacity: Int) {
        self.category = category
        self.sequence = sequence
        bytes.reserveCapacity(capacity)
    }

    /// Whether it holds neither documents nor progress, so need not be counted.
    var isEmpty: Bool { ends.isEmpty && progress == 0 }

    mutating func append(_ document: UnsafeBufferPointer<UInt8>, lane: Int) {
        bytes.append(contentsOf: document)
        ends.append(bytes.count)
        lanes.append(lane)
    }

    /// Calls `body` with each document and its lane, in reading order.
    func forEachDocument(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) rethrows {
        try bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            for (end, lane) in zip(ends, lanes) {
                try body(UnsafeBufferPointer(rebasing: buffer[start..<end]), lane)
                start = end
            }
        }
    }
}

/// How a category's documents are dealt to the lanes of a counting run.
package enum LaneDealing: Sendable {
    /// Document `i` to lane `i % lanes`, counting every document, empty ones too.
    case documents
    /// Every document of the category's file `f` to lane `f % lanes`: files stay whole.
    case files
}

/// Groups a category's documents, in reading order, into chunks of about `targetBytes`, and deals the documents
/// to `lanes` lanes as `dealing` says.
struct ChunkBuilder {
    let category: Int
    let lanes: Int
    let targetBytes: Int
    let dealing: LaneDealing
    private var current: DocumentChunk
    private var documents = 0
    private var file = 0
    /// Bytes of the documents dealt to each lane so far.
    private(set) var laneBytes: [Int]

    init(category: Int, lanes: Int, targetBytes: Int, dealing: LaneDealing = .documents) {
        self.category = category
        self.lanes = lanes
        self.dealing = dealing
        self.targetBytes = max(1, targetBytes)
        current = DocumentChunk(category: category, sequence: 0, capacity: self.targetBytes)
        laneBytes = Array(repeating: 0, count: lanes)
    }

    /// Sequence number of the chunk being filled.
    var sequence: Int { current.sequence }

    /// Adds a document; returns the chunk filled before it, when that one has reached the target size.
    /// (The document goes into a new chunk then, so progress reported after the document stays with it.)
    mutating func append(_ document: UnsafeBufferPointer<UInt8>) -> DocumentChunk? {
        let full = current.bytes.count >= targetBytes ? takeCurrent() : nil
        let lane = (dealing == .files ? file : documents) % lanes
        current.append(document, lane: lane)
        laneBytes[lane] += document.count
        documents += 1
        return full
    }

    /// The documents appended from now on come from the category's file `index`.
    mutating func startFile(_ index: Int) { file = index }

    /// Adds progress units to the chunk being filled.
    mutating func addProgress(_ units: Int) { current.progress += units }

    /// The last chunk, unless it is empty.
    mutating func finish() -> DocumentChunk? {
        current.isEmpty ? nil : takeCurrent()
    }

    private mutating func takeCurrent() -> DocumentChunk {
        let chunk = current
        current = DocumentChunk(category: category, sequence: chunk.sequence + 1, capacity: targetBytes)
        return chunk
    }
}
