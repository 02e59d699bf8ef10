/// A constraint named independently of any one solve's dense pair index: the step and the rival pair's key.
/// A solve reports the rows of its final LP this way (`MixtureSolution.finalConstraints`), and another solve of
/// similar counts can start from them (`SolverOptions.seedConstraints`): the bootstrap's replicates do.
package struct ConstraintKey: Hashable, Sendable, Comparable {
    package var step: Int
    package var pair: UInt64

    package init(step: Int, pair: UInt64) {
        self.step = step
        self.pair = pair
    }

    package static func < (a: ConstraintKey, b: ConstraintKey) -> Bool { (a.step, a.pair) < (b.step, b.pair) }
}

extension ViolationSweep {
    /// The constraints `keys` names, with their α coefficients under this sweep's counts, leaving out those it
    /// would never generate (a step it does not constrain, a pair no sample holds, the merged pair itself).
    /// One pass over the steps' count changes, in step order.
    func constraints(_ keys: [ConstraintKey]) -> [Found] {
        let index = Dictionary(uniqueKeysWithValues: space.keys.enumerated().map { ($0.element, Int32($0.offset)) })
        let settings = self.settings
        var wanted: [Int: [Int32]] = [:]
        for key in keys where key.step < space.steps && settings.allows(key.step, space: space) {
            guard let pair = index[key.pair], pair != space.mergePairs[key.step] else { continue }
            wanted[key.step, default: []].append(pair)
        }
        guard !wanted.isEmpty else { return [] }
        var counts = space.initial
        var found: [Found] = []
        for step in 0..<(wanted.keys.max()! + 1) {
            for pair in Set(wanted[step] ?? []).sorted() {
                let coefficients = space.coefficients(counts, merge: Int(space.mergePairs[step]), pair: Int(pair), scale: scale)
                found.append(Found(violation: Violation(step: step, pair: pair), coefficients: coefficients, excess: 0))
            }
            space.apply(step..<step + 1, to: &counts)
        }
        return found
    }
}
