/// A point (α, v_t, v_p) of the mixture LP: shares with one slack per step and per pair.
struct SolverPoint {
    var alpha: [Double]
    var stepSlack: [Double]
    var pairSlack: [Double]

    init(alpha: [Double], stepSlack: [Double], pairSlack: [Double]) {
        self.alpha = alpha
        self.stepSlack = stepSlack
        self.pairSlack = pairSlack
    }

    /// Uniform shares and no slack.
    init(categories: Int, steps: Int, pairs: Int, excluded: Set<Int> = []) {
        let active = Double(max(1, categories - excluded.count))
        alpha = (0..<categories).map { excluded.contains($0) ? 0 : 1 / active }
        stepSlack = [Double](repeating: 0, count: steps)
        pairSlack = [Double](repeating: 0, count: pairs)
    }

    /// The objective Σ_t v_t + Σ_p v_p.
    var total: Double { Self.total(stepSlack: stepSlack, pairSlack: pairSlack) }

    /// Σ_t v_t + Σ_p v_p of the given slacks.
    static func total(stepSlack: [Double], pairSlack: [Double]) -> Double {
        stepSlack.reduce(0, +) + pairSlack.reduce(0, +)
    }

    /// weight·self + (1 − weight)·other, component by component.
    func mixed(with other: SolverPoint, weight: Double) -> SolverPoint {
        func mix(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map { weight * $0 + (1 - weight) * $1 } }
        return SolverPoint(alpha: mix(alpha, other.alpha), stepSlack: mix(stepSlack, other.stepSlack),
                           pairSlack: mix(pairSlack, other.pairSlack))
    }

    /// The constraint with its excess re-measured here, or nil if this point satisfies it
    /// (up to `tolerance` relative to the size of its terms).
    func violation(of constraint: ViolationSweep.Found, tolerance: Double) -> ViolationSweep.Found? {
        var activity = stepSlack[constraint.violation.step] + pairSlack[Int(constraint.violation.pair)]
        var size = activity
        for (coefficient, share) in zip(constraint.coefficients, alpha) {
            activity += coefficient * share
            size += abs(coefficient * share)
        }
        guard activity < -tolerance * size else { return nil }
        var remeasured = constraint
        remeasured.excess = -activity
        return remeasured
    }
}
