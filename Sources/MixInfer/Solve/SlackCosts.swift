/// How slack is priced in the objective (`SolverOptions.slackWeighting`).
public enum SlackWeighting: String, Sendable, CaseIterable {
    /// Every unit of slack costs the same (the paper's LP; pair slack × `pairSlackWeight`).
    case uniform
    /// A unit of slack costs 1/σ, σ the Poisson standard deviation of the count it excuses: the merged pair's
    /// count for a step, the pair's largest count for a pair. A shortfall of 3 on a count of 9 then costs as much
    /// as one of 100 on a count of 10,000.
    case poisson
}

/// What a unit of slack costs in the LP's objective, per step and per pair.
struct SlackCosts: Sendable {
    var step: [Double]
    var pair: [Double]

    /// Σ_t step_t·v_t + Σ_p pair_p·v_p.
    func total(stepSlack: [Double], pairSlack: [Double]) -> Double {
        var sum = 0.0
        for (cost, slack) in zip(step, stepSlack) where slack != 0 { sum += cost * slack }
        for (cost, slack) in zip(pair, pairSlack) where slack != 0 { sum += cost * slack }
        return sum
    }

    /// Unit costs, pair slack × `pairWeight`.
    static func uniform(steps: Int, pairs: Int, pairWeight: Double = 1) -> SlackCosts {
        SlackCosts(step: [Double](repeating: 1, count: steps), pair: [Double](repeating: pairWeight, count: pairs))
    }

    /// The costs of `weighting` for counts scaled into LP units by `scale`; Poisson costs are rescaled together so
    /// that a step costs 1 on average (one common factor does not move the optimum).
    static func make(_ weighting: SlackWeighting, space: PairSpace, transcripts: [Transcript], scale: [Double],
                     pairWeight: Double) -> SlackCosts {
        guard weighting == .poisson else { return uniform(steps: space.steps, pairs: space.pairCount, pairWeight: pairWeight) }
        let n = space.categories
        // σ² of a weighted count Σ_i scale_i·c_i is Σ_i scale_i²·c_i under Poisson counts.
        func sigma(_ counts: (Int) -> Int64) -> Double {
            var variance = 0.0
            for category in 0..<n { variance += scale[category] * scale[category] * Double(counts(category)) }
            return variance.squareRoot()
        }
        var step = (0..<space.steps).map { t in sigma { transcripts[$0].mergeCounts[t] } }
        var largest = space.initial
        for change in space.changeCounts.indices {
            let slot = Int(space.changePairs[change]) * n + Int(space.changeCategories[change])
            largest[slot] = max(largest[slot], space.changeCounts[change])
        }
        var pair = (0..<space.pairCount).map { p in sigma { largest[p * n + $0] } }
        let positive = step.filter { $0 > 0 }
        let floor = positive.min() ?? 1
        step = step.map { 1 / max($0, floor) }
        pair = pair.map { pairWeight / max($0, floor) }
        let mean = positive.isEmpty ? 1 : step.reduce(0, +) / Double(step.count)
        return SlackCosts(step: step.map { $0 / mean }, pair: pair.map { $0 / mean })
    }
}
