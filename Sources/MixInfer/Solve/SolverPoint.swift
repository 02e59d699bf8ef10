/// A point (α, v_t, v_p) of the mixture LP: shares with one slack per step and per pair.
struct SolverPoint {
    var alpha: [Double]
    var stepSlack: [Double]
    var pairSlack: [Double]
    /// What a unit of each slack costs in the objective.
    var costs: SlackCosts

    init(alpha: [Double], stepSlack: [Double], pairSlack: [Double], costs: SlackCosts) {
        self.alpha = alpha
        self.stepSlack = stepSlack
        self.pairSlack = pairSlack
        self.costs = costs
    }

    /// Uniform shares and no slack.
    init(categories: Int, steps: Int, pairs: Int, costs: SlackCosts) {
        alpha = [Double](repeating: 1 / Double(categories), count: categories)
        stepSlack = [Double](repeating: 0, count: steps)
        pairSlack = [Double](repeating: 0, count: pairs)
        self.costs = costs
    }

    /// The objective Σ c_t·v_t + Σ c_p·v_p.
    var total: Double { costs.total(stepSlack: stepSlack, pairSlack: pairSlack) }

    /// weight·self + (1 − weight)·other, component by component.
    func mixed(with other: SolverPoint, weight: Double) -> SolverPoint {
        func mix(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map { weight * $0 + (1 - weight) * $1 } }
        return SolverPoint(alpha: mix(alpha, other.alpha), stepSlack: mix(stepSlack, other.stepSlack),
                           pairSlack: mix(pairSlack, other.pairSlack), costs: costs)
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
