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
