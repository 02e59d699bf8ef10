/// The final LP of a solve kept in GLPK with its basis. A variant of the same problem with some categories' shares
/// held at 0 (a presence test) starts from a copy of it instead of from scratch: the copy's basis stays feasible, so
/// the simplex goes on from the optimum it had (`MixtureSolver.solveKeepingLP(transcripts:space:options:from:)`).
/// GLPK's memory belongs to the thread that made it: make, use and release a `WarmLP` on one thread.
package final class WarmLP {
    let relaxed: RelaxedLP
    let steps: Int, pairs: Int
    /// The categories it holds at 0: a solve can start from it if it holds these at 0 too.
    package let excluded: Set<Int>

    init(_ relaxed: RelaxedLP, space: PairSpace, excluded: Set<Int>) {
        self.relaxed = relaxed
        steps = space.steps
        pairs = space.pairCount
        self.excluded = excluded
    }

    /// Constraints in the kept LP.
    package var constraintCount: Int { relaxed.constraintCount }

    /// A lower bound on the optimum of the whole LP (every constraint) with the categories this one holds at 0 and
    /// α_k ≥ a, as a line in a: `value + slope × (a − at)`, through this LP's optimum at its own floor `at` (0 without
    /// one). From the LP's dual solution, which stays feasible whatever the floor; a category it holds at 0 gets a
    /// line only where it stays feasible with α_k offered (slope ≥ 0), else nil. Call on the thread that made it.
    package func floorLine(category: Int) throws -> (at: Double, value: Double, slope: Double)? {
        let slope = try relaxed.floorSlope(category: category)
        if excluded.contains(category) && slope < 0 { return nil }
        let at = relaxed.floor?.category == category ? relaxed.floor!.alpha : 0
        return (at, relaxed.point.total, slope)
    }
}
