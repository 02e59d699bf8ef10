// A script-style use of the MixInfer library: `swift run -c release example-infer-samples`.
// Loads the shipped tokenizer and categories, estimates the mixture with split-half stability,
// and prints the three largest shares with their ranges.
import Foundation
import MixInfer

let tokenizer = try MixInfer.loadTokenizer("Samples/tokenizers/claude-legacy.json")
let categories = try MixInfer.loadCategories("Samples/categories")
var options = InferenceOptions(merges: 1000, sampleBytes: 1_000_000)
options.stability = true
let estimate = try MixInfer.infer(tokenizer: tokenizer, categories: categories, options: options)
for (name, share) in estimate.ranked.prefix(3) {
    let index = estimate.categories.firstIndex(of: name)!
    let halves = estimate.splitHalves.map { $0[index] }
    print("\(name): \(String(format: "%.1f%%", share * 100))  (halves: \(halves.map { String(format: "%.1f%%", $0 * 100) }.joined(separator: " / ")))")
}
print("total slack \(estimate.solution.objective), \(estimate.solution.missingMerges.count) merges found in no sample")
