import Foundation
import MixInferSolve

extension Inference {
    /// `estimate` with presence decided (`PresenceDecision`): the categories not detected keep a share of 0 and an
    /// `upper` bound (proved with `proveBounds`, `PresenceDecision.upperBounds`; else the share the full LP gave
    /// them), and the shares are solved again without them (warm, over the same constraints). `kept`: what the solve
    /// of `estimate` left to start from.
    static func decidePresence(_ prepared: PreparedRun, estimate: MixtureEstimate,
                               kept: PresenceDecision.Start) throws -> MixtureEstimate {
        let started = Date()
        let outcome = try PresenceDecision.decide(prepared, estimate: estimate, start: kept)
        var decided = estimate
        let dropped = outcome.excluded
        decided.solution = outcome.estimate.solution
        decided.largestStepSlack = outcome.estimate.largestStepSlack
        decided.largestPairSlack = outcome.estimate.largestPairSlack
        decided.excludedCategories = dropped
        for index in decided.categories.indices { decided.categories[index].share = outcome.estimate.shares[index] }
        for index in dropped {
            decided.categories[index].detected = false
            decided.categories[index].share = 0
            decided.categories[index].upper = outcome.upper[index] ?? estimate.categories[index].share
        }
        decided.presenceDecided = true
        decided.boundsProved = prepared.request.proveBounds
        decided.confusable = outcome.confusable.map { $0.map { prepared.names[$0] } }
        decided.presenceUndecided = outcome.undecided.map { prepared.names[$0] }
        decided.timings.append(("presence", Date().timeIntervalSince(started)))
        return decided
    }
}
