// A script-style use of the MixInfer library: `swift run -c release example-infer-samples` (from the repository root).
// Estimates the mixture of the shipped tokenizer over the shipped categories, with split-half stability,
// and prints the three largest shares with the two halves' estimates.
import Foundation
import MixInfer

var request = InferenceRequest(tokenizer: "Samples/tokenizers/claude-legacy.json", categories: "Samples/categories")
request.merges = 1000
request.sampleBytes = 1_000_000
request.stability = true
let estimate = try Inference.run(request)
for category in estimate.ranked.prefix(3) {
    let halves = category.halves.map { [$0.first, $0.second].map { String(format: "%.1f%%", $0 * 100) } } ?? []
    print("\(category.name): \(String(format: "%.1f%%", category.share * 100))  (halves: \(halves.joined(separator: " / ")))")
}
print("total slack \(estimate.solution.objective), \(estimate.solution.missingMerges.count) merges found in no sample")
