/// A correction of the bias that sampling noise gives the LP's shares (`InferenceRequest.biasCorrection`).
///
/// The LP is exact on noiseless counts: inferring from a tokenizer's own training text returns its shares with a
/// mean squared error of 1e-31 or less with mixinfer's trainer, 7e-22 or less with HF's (`evaluate --from-training-text`,
/// `scripts/eval-hf.py --from-training-text`). Noisy sample counts bias the shares, and a half sample, with twice
/// the noise, is biased about twice as much. So the whole sample's estimate F and the mean H of its two halves'
/// estimates give 2·F − H, the bias extrapolated away (the split-half jackknife, or Richardson extrapolation).
/// It costs two more solves; its effect on ground truth, set by set, is in docs/estimators.md.
public enum BiasCorrection: String, Sendable, CaseIterable, Codable {
    /// The LP's shares as they are.
    case none
    /// 2·F − (H₁ + H₂)/2 from the sample's two halves (documents alternating), clipped at 0 and renormalised.
    case halves

    /// The corrected shares of `whole` (an estimate's shares) from the shares of its two `halves`, same order.
    static func corrected(whole: [Double], halves: [(first: Double, second: Double)]) -> [Double] {
        MixtureSolver.normalized(zip(whole, halves).map { 2 * $0 - ($1.first + $1.second) / 2 })
    }
}
