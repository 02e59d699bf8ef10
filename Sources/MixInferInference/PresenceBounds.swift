import Foundation
import MixInferSolve
import MixInferSupport

extension PresenceDecision {
    /// A bound's first floor lies above the category's share in the paper's LP by that share, and by at least this.
    package static let firstBoundStep = 0.001
    /// Floors tried (each 3× as far above that share as the one before) before a bound is given up as 1.
    package static let boundRungs = 4

    /// An upper bound on the share of each category not detected, in the decision's own terms: with the detected
    /// categories offered, a share at or above it raises the optimal total slack past (1 + `minimumRemovalCost`) ×
    /// `optimum` (the estimate's). The optimum under a floor a on the share is at least a line in a that an LP's
    /// dual solution gives (`WarmLP.floorLine`); where that line crosses the tolerance is a bound. The estimate's own
    /// LP gives it with no solve when it lies under the first floor of the ladder; else floors above the category's
    /// share in the paper's LP are tried (`SolverOptions.shareFloor`, each from a copy of the estimate's LP with the
    /// category offered again, `swapTestsAtOnce` categories at a time): a floor that raises the optimum past the
    /// tolerance is a bound, and so is a line's crossing under the next floor.
    static func upperBounds(_ excluded: Set<Int>, problem: Problem, optimum: Double,
                            ticker: ProgressTicker?) throws -> [Int: Double] {
        let limit = optimum * (1 + minimumRemovalCost)
        let weights = MixtureSolver.byteWeights(transcripts: problem.transcripts, space: problem.space,
                                                options: problem.prepared.request.solver)
        let byAlpha = problem.estimate.shares.indices.map { problem.estimate.shares[$0] / weights[$0] }
        let plain = byAlpha.map { $0 / max(byAlpha.reduce(0, +), .leastNormalMagnitude) }
        // With pair or merged normalisation a floor on α bounds the byte share at most this far up.
        let lightest = weights.indices.filter { !excluded.contains($0) }.map { weights[$0] }.min() ?? 1
        func bytes(_ alpha: Double, _ category: Int) -> Double {
            alpha >= 1 ? 1 : alpha * weights[category] / (alpha * weights[category] + (1 - alpha) * lightest)
        }
        func crossing(_ line: (at: Double, value: Double, slope: Double)?) -> Double? {
            guard let line, line.slope > 0 else { return nil }
            let alpha = max(0, line.at + (limit - line.value) / line.slope)
            return alpha < 1 ? alpha : nil
        }
        func rung(_ category: Int, _ index: Int) -> Double {
            plain[category] + max(plain[category], firstBoundStep) * pow(3, Double(index))
        }
        var bounds: [Int: Double] = [:], open: [Int] = []
        for category in excluded.sorted() {
            if let alpha = try crossing(problem.latestLine(category: category)), alpha < rung(category, 0) {
                bounds[category] = bytes(alpha, category)
            } else {
                open.append(category)
            }
        }
        ticker?.extend(by: open.count)
        func bound(_ category: Int) throws -> Double {
            defer { ticker?.advance(1) }
            for index in 0..<boundRungs where rung(category, index) < 1 {
                let floor = rung(category, index)
                let test = try problem.solve(excluding: excluded.subtracting([category]), against: optimum,
                                             floor: .init(category: category, alpha: floor), fromLatest: true)
                let line = try crossing(test.lp.floorLine(category: category))
                if test.raises && !test.undecided { return min(floor, line ?? floor) }
                if let line, line < rung(category, index + 1) { return line }
            }
            return 1
        }
        for start in stride(from: 0, to: open.count, by: swapTestsAtOnce) {
            let batch = Array(open[start..<min(start + swapTestsAtOnce, open.count)])
            // Each test's LP copy is made and released on its own thread (GLPK's memory is per thread).
            let found = try concurrentTryMap(batch.count) { try bound(batch[$0]) }
            for (category, alpha) in zip(batch, found) { bounds[category] = bytes(alpha, category) }
        }
        return bounds
    }
}
