/// A small open-addressing hash map UInt64 → Int32 (pair of ids → id), much cheaper than `Dictionary` in
/// unoptimised builds; used to cache pair lookups while recovering merges from ranked vocabularies.
struct PairTable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var mask: Int
    private var count = 0

    init(capacity: Int = 1 << 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 29) & mask
    }

    /// The stored value, or nil.
    func get(_ key: UInt64) -> Int32? {
        let stored = key &+ 1
        var index = PairTable.slot(key, mask)
        while true {
            let candidate = keys[index]
            if candidate == stored { return values[index] }
            if candidate == 0 { return nil }
            index = (index + 1) & mask
        }
    }

    mutating func set(_ key: UInt64, _ value: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        let stored = key &+ 1
        var index = PairTable.slot(key, mask)
        while keys[index] != 0 && keys[index] != stored { index = (index + 1) & mask }
        if keys[index] == 0 { count += 1 }
        keys[index] = stored
        values[index] = value
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        values = [Int32](repeating: 0, count: oldKeys.count * 2)
        mask = keys.count - 1
        count = 0
        for (index, key) in oldKeys.enumerated() where key != 0 { set(key &- 1, oldValues[index]) }
    }
}

/// The token whose bytes are the concatenation of two tokens, looked up once per pair and cached:
/// the question asked over and over when merges are recovered from a ranked vocabulary.
struct ConcatenationLookup {
    let tokenBytes: [[UInt8]]
    let index: [[UInt8]: UInt32]
    private var cache: PairTable

    init(tokenBytes: [[UInt8]], index: [[UInt8]: UInt32]) {
        self.tokenBytes = tokenBytes
        self.index = index
        cache = PairTable(capacity: tokenBytes.count * 4)
    }

    /// Id of the token `left` + `right`, or -1 when the vocabulary has none.
    mutating func id(_ left: UInt32, _ right: UInt32) -> Int32 {
        let key = UInt64(left) << 32 | UInt64(right)
        if let cached = cache.get(key) { return cached }
        let found = index[tokenBytes[Int(left)] + tokenBytes[Int(right)]].map { Int32($0) } ?? -1
        cache.set(key, found)
        return found
    }
}
