// A script-style use of the MixInfer library: `swift run -c release example-infer-samples` (from the repository root).
// Estimates the mixture of the shipped tokenizer over the shipped categories, with 90 % bootstrap intervals,
// and prints the three largest shares with their intervals.
import Foundation
import MixInfer

var request = InferenceRequest(tokenizer: "Samples/tokenizers/claude-legacy.json", categories: "Samples/categories")
request.merges = 1000
request.sampleBytes = 1_000_000
request.intervals = true
let estimate = try Inference.run(request)
for category in estimate.ranked.prefix(3) {
    let interval = category.interval.map { String(format: "%.1f–%.1f%%", $0.low * 100, $0.high * 100) } ?? "none"
    print("\(category.name): \(String(format: "%.1f%%", category.share * 100))  (90 % interval: \(interval))")
}
for warning in estimate.warnings { print("warning: \(warning.message)") }
print("total slack \(estimate.solution.objective), \(estimate.solution.missingMerges.count) merges found in no sample")
