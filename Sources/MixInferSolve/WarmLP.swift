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
}
