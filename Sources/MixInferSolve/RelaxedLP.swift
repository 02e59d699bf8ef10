/// The growing LP of the lazy constraint generation and its current optimum: the relaxed point, which
/// satisfies the constraints added so far and bounds the true optimum from below.
struct RelaxedLP {
    private var lp: MixtureLP
    /// The LP's optimum (α normalised, slacks of variables not in the LP at 0).
    private(set) var point: SolverPoint
    /// Constraints now in the LP (a sweep never returns them again).
    private(set) var existing = Set<ViolationSweep.Violation>()
    /// Constraints added in all, and GLPK solves done.
    private(set) var added = 0
    private(set) var solves = 0
    private var slackSteps: [Int] = [], slackPairs: [Int32] = []

    /// `excluded` categories keep a share of 0 (uniform shares over the others to start).
    init(categories: Int, steps: Int, pairs: Int, excluded: Set<Int> = []) throws {
        lp = try MixtureLP(categories: categories, excluded: excluded)
        point = SolverPoint(categories: categories, steps: steps, pairs: pairs, excluded: excluded)
    }

    var constraintCount: Int { lp.constraintCount }

    /// A separate relaxed LP with these constraints and this basis that also holds the `excluded` categories at 0
    /// (and offers the `offered` ones again), solved again from the copied basis (in the dual, freeing a category's
    /// row keeps the basis feasible, so the primal simplex goes on from it). Its counts start again: no constraint
    /// added, that one solve.
    func copy(excluding excluded: Set<Int>, offering offered: Set<Int> = []) throws -> RelaxedLP {
        var copied = self
        copied.lp = try lp.copy(excluding: excluded, offering: offered)
        _ = try copied.add([][...])
        copied.added = 0
        copied.solves = 1
        return copied
    }

    /// Holds α_k at or above the floor (`MixtureLP.setFloor`); the point's shares are moved onto it until the next solve.
    mutating func setFloor(_ floor: SolverOptions.ShareFloor) throws {
        try lp.setFloor(floor)
        point.alpha = floor.lift(point.alpha)
    }

    var floor: SolverOptions.ShareFloor? { lp.floor }

    /// `MixtureLP.floorSlope(category:)`.
    func floorSlope(category: Int) throws -> Double { try lp.floorSlope(category: category) }

    /// Adds constraints, re-solves (GLPK warm-starts from the last basis) and moves the point to the new
    /// optimum; non-binding constraints then leave the LP. Returns the simplex iterations taken.
    mutating func add(_ batch: ArraySlice<ViolationSweep.Found>) throws -> Int {
        for constraint in batch {
            existing.insert(constraint.violation)
            try lp.add(constraint.violation, coefficients: constraint.coefficients)
        }
        added += batch.count
        let solved = try lp.solve()
        solves += 1
        point.alpha = MixtureSolver.normalized(solved.alpha)
        // Slacks whose rows left the LP are 0 now.
        for step in slackSteps { point.stepSlack[step] = 0 }
        for pair in slackPairs { point.pairSlack[Int(pair)] = 0 }
        slackSteps = Array(solved.stepSlack.keys)
        slackPairs = Array(solved.pairSlack.keys)
        for (step, value) in solved.stepSlack { point.stepSlack[step] = max(0, value) }
        for (pair, value) in solved.pairSlack { point.pairSlack[Int(pair)] = max(0, value) }
        for violation in try lp.dropInactive() { existing.remove(violation) }
        return solved.iterations
    }

    func write(to path: String) throws { try lp.write(to: path) }
}
