/// A small deterministic random generator (SplitMix64), so evaluations are reproducible from a seed.
package struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A point drawn uniformly from the probability simplex (Dirichlet with all concentrations 1).
    package mutating func dirichlet(count: Int) -> [Double] {
        let draws = (0..<count).map { _ in -log(Double.random(in: Double.ulpOfOne..<1, using: &self)) }
        let total = draws.reduce(0, +)
        return draws.map { $0 / total }
    }
}

import Foundation
