/// FNV-1a, 64 bits: the one hash behind word-table slots, cache keys and merge-list fingerprints.
/// Stable across runs and platforms (unlike `Hasher`), which is why files may store its values.
package struct FNV1a {
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    package private(set) var value: UInt64

    package init(seed: UInt64 = FNV1a.offsetBasis) { value = seed }

    @inline(__always)
    package mutating func mix(_ byte: UInt8) { value = (value ^ UInt64(byte)) &* Self.prime }

    package mutating func mix<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        for byte in bytes { mix(byte) }
    }

    /// The hash of `bytes` from `seed`.
    @inline(__always)
    package static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64 = offsetBasis) -> UInt64 {
        var h = seed
        for byte in bytes { h = (h ^ UInt64(byte)) &* prime }
        return h
    }

    /// A hash as 16 lowercase hex digits (cache keys, fingerprints in reports).
    package static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    package static func hash(_ text: String, seed: UInt64 = offsetBasis) -> UInt64 {
        var hasher = FNV1a(seed: seed)
        hasher.mix(text.utf8)
        return hasher.value
    }
}
