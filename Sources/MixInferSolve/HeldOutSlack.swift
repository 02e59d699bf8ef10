import MixInferReplay
extension MixtureSolver {
    /// The total step slack the merges need over `transcripts` at fixed byte `shares`, with no pair slack: each step's
    /// slack covers its strongest rival. Shares fitted on other documents are scored on these.
    package static func stepSlackTotal(transcripts: [Transcript], mergeKeys: [UInt64], options: SolverOptions,
                                       shares: [Double]) -> (slack: Double, merged: Double) {
        let space = PairSpace(transcripts: transcripts, mergeKeys: mergeKeys, totalsAt: options.firstStep)
        let constrained = min(options.firstStep, space.steps)..<space.steps
        let denominators = normalizers(options.normalization, transcripts, space,
                                       activity: activity(transcripts, steps: constrained))
        var sweep = ViolationSweep(space: space, scale: denominators.map { 1e6 / $0 })
        sweep.maxPerStep = 1
        sweep.relativeTolerance = options.relativeTolerance
        sweep.firstStep = options.firstStep
        sweep.minMergeCount = Int64(options.minMergeCount)
        let point = startingPoint(.init(shares: shares, pairSlack: [:]), space: space, transcripts: transcripts,
                                  denominators: denominators)
        _ = sweep.run(alpha: point.alpha, stepSlack: point.stepSlack, pairSlack: point.pairSlack, existing: [])
        let scale = denominators.map { 1e6 / $0 }
        let merged = transcripts.indices.map { category in
            point.alpha[category] * scale[category] * Double(transcripts[category].mergeCounts[constrained].reduce(0, +))
        }.reduce(0, +)
        return (sweep.upperBound, merged)
    }
}
