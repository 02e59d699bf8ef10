import Foundation
import MixInferTokenizers
import MixInferCorpus
import MixInferSolve

/// The checks that turn a meaningless input into a warning instead of a confident number. Each threshold is measured
/// on ground truth (`docs/evaluation.md`, "When to trust a result"); none is tuned to one case.
enum RunChecks {
    /// Below this many sample bytes per category, ground-truth MSE is 6× or more its value with 200 KB samples
    /// (about 4 points RMS per share), whether 1000 or 3000 merges are constrained (docs/evaluation.md).
    static let minimumSampleBytes = 20_000
    /// Above this share of constrained merges found in no sample, the categories miss part of the training data.
    static let maximumUncoveredShare = 0.05

    /// A category folder whose categories are all numbered files directly inside it (`000.txt`, `001.txt`, …).
    static func folder(_ directory: String, _ categories: [Category]) -> [RunWarning] {
        let numbered = categories.filter { category in
            category.files.count == 1 && !category.name.isEmpty && category.name.allSatisfy(\.isNumber)
                && ((category.files[0] as NSString).deletingLastPathComponent as NSString).standardizingPath
                    == (directory as NSString).standardizingPath
        }
        guard categories.count >= 2, numbered.count * 2 > categories.count else { return [] }
        let names = numbered.map(\.name).sorted()
        return [RunWarning(.folderLooksLikeOneCategory,
                           "\(directory) holds numbered files (\(names.first!) … \(names.last!)) and no subfolders, so each "
                           + "file became a category; if they are one category's sample, give the folder that holds it")]
    }

    /// Files below a category folder that are not read, by kind (a dataset card, a `.csv`, …), one warning per category.
    static func skippedFiles(_ categories: [Category]) -> [RunWarning] {
        categories.compactMap { category in
            guard !category.skippedFiles.isEmpty else { return nil }
            let total = category.skippedFiles.values.reduce(0, +)
            let kinds = category.skippedFiles.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.value) \($0.key)" }
            return RunWarning(.skippedFiles, "\(total) file\(total == 1 ? "" : "s") of '\(category.name)' \(total == 1 ? "is" : "are") "
                              + "not read (\(kinds.joined(separator: ", "))): only text, JSON lines and Parquet files are samples",
                              category: category.name)
        }
    }

    /// Categories whose sample is too small for their shares to be more than noise, and records left out of samples.
    static func samples(_ names: [String], _ words: [WordCounts]) -> [RunWarning] {
        skippedRecords(names, words) + zip(names, words).compactMap { name, counts in
            guard counts.bytes < minimumSampleBytes else { return nil }
            return RunWarning(.smallSample, "the sample of '\(name)' has only \(counts.bytes) bytes: below \(minimumSampleBytes) "
                              + "bytes per category, shares are off by 4 points or more on ground truth; give more text",
                              category: name)
        }
    }

    /// One warning per category whose JSON lines or Parquet rows were left out, with how many and why.
    static func skippedRecords(_ names: [String], _ words: [WordCounts]) -> [RunWarning] {
        zip(names, words).compactMap { name, counts in
            let missing = counts.skippedMissingField, invalid = counts.skippedInvalidUTF8
            guard missing + invalid > 0 else { return nil }
            var reasons: [String] = []
            if missing > 0 { reasons.append("\(missing) lack the text field (missing, null or not a string)") }
            if invalid > 0 { reasons.append("\(invalid) are not valid UTF-8") }
            return RunWarning(.skippedRecords, "\(missing + invalid) record\(missing + invalid == 1 ? "" : "s") of '\(name)' "
                              + "\(missing + invalid == 1 ? "is" : "are") not in its sample: " + reasons.joined(separator: ", ")
                              + " (--text-field names the field to read)", category: name)
        }
    }

    /// Too many constrained merges in no sample, with what the missing merges are made of.
    static func coverage(_ solution: MixtureSolution, model: TokenizerModel) -> [RunWarning] {
        let missing = solution.missingMerges
        guard solution.stepsUsed > 0 else { return [] }
        let share = Double(missing.count) / Double(solution.stepsUsed)
        guard share > maximumUncoveredShare else { return [] }
        let diagnosis = describe(missing.map { step -> [UInt8] in
            let rule = model.merges[step]
            return model.tokenBytes[Int(rule.left)] + model.tokenBytes[Int(rule.right)]
        })
        return [RunWarning(.poorCoverage, String(format: "%d of %d constrained merges (%.0f %%) occur in no sample, so the "
                                                  + "categories do not cover what the tokenizer was trained on; ",
                                                  missing.count, solution.stepsUsed, 100 * share) + diagnosis)]
    }

    /// "71 % of them are Devanagari (e.g. "नम", "स्त"): add a category for it"; the largest kinds, by share.
    static func describe(_ tokens: [[UInt8]]) -> String {
        var byKind: [String: [[UInt8]]] = [:]
        for token in tokens { byKind[TokenKind.of(token), default: []].append(token) }
        let ranked = byKind.sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }
        guard let (kind, examples) = ranked.first else { return "" }
        let percent = { (count: Int) in Int((100 * Double(count) / Double(tokens.count)).rounded()) }
        let shown = examples.prefix(3).map { String(decoding: $0, as: UTF8.self).debugDescription }.joined(separator: ", ")
        var text = "\(percent(examples.count)) % of them are \(kind) (e.g. \(shown))"
        let others = ranked.dropFirst().prefix(2).map { "\(percent($0.value.count)) % \($0.key)" }
        if !others.isEmpty { text += ", then " + others.joined(separator: ", ") }
        let letters = !["whitespace", "digits", "punctuation and symbols", "empty"].contains(kind) && !kind.hasPrefix("byte")
        return text + (letters ? ": add a category of text in \(kind)" : ": add a category that has such tokens")
    }

    /// Below this total share, categories the merges hardly act on are capped near zero, which is an answer.
    static let inactiveShareToWarn = 0.01

    /// Categories the constrained merges hardly act on, named in one warning when they hold a share that matters.
    static func activity(_ names: [String], _ solution: MixtureSolution, extension: Bool) -> [RunWarning] {
        let rates = solution.mergeActivity
        guard rates.count == names.count, let most = rates.indices.max(by: { rates[$0] < rates[$1] }), rates[most] > 0 else { return [] }
        let inactive = rates.indices.filter { rates[$0] < MixtureSolver.minimumRelativeActivity * rates[most] }
        let total = inactive.map { solution.shares[$0] }.reduce(0, +)
        guard !inactive.isEmpty, total >= inactiveShareToWarn else { return [] }
        let listed = inactive.prefix(6).map { "'\(names[$0])'" }.joined(separator: ", ") + (inactive.count > 6 ? ", …" : "")
        let percent = Int((100 * MixtureSolver.minimumRelativeActivity).rounded())
        return [RunWarning(.inactiveCategories, "the constrained merges hardly act on \(inactive.count) of \(names.count) categories "
            + "(\(listed): under \(percent) % of the rate at which they act on '\(names[most])'), so these merges cap their "
            + "shares (together " + String(format: "%.1f %%", 100 * total) + ") but do not determine them"
            + (`extension` ? "; an extension's merges say little about text its base already compresses" : ""))]
    }

    /// Categories whose sample has fewer than two non-empty parts, so that the bootstrap has nothing to resample.
    static func intervals(_ names: [String], _ parts: [[WordCounts]]?, unit: IntervalUnit) -> [RunWarning] {
        guard let parts else { return [] }
        let single = zip(names, parts).filter { !BootstrapIntervals.resamples($0.1) }.map(\.0)
        guard !single.isEmpty else { return [] }
        let what = unit == .file ? "file" : "document"
        let listed = single.prefix(5).joined(separator: ", ") + (single.count > 5 ? ", …" : "")
        let all = single.count == names.count
        return [RunWarning(.noIntervals, "no interval for \(all ? "any category" : "\(single.count) of \(names.count) categories") ("
                           + listed + "): the bootstrap resamples each sample's \(what)s, and "
                           + (single.count == 1 ? "this one has" : "these have") + " one \(what) only"
                           + (all ? "" : "; the other intervals leave out the sampling noise of these samples"))]
    }

    /// An LP that stopped short of its optimum, in words.
    static func solver(_ solution: MixtureSolution) -> [RunWarning] {
        let gap = solution.objective > 0 ? 1 - solution.lowerBound / solution.objective : 0
        let certified = String(format: "%.2g %%", 100 * max(0, gap))
        if solution.hitTimeLimit || solution.hitRoundLimit {
            let limit = solution.hitTimeLimit ? "time limit" : "round limit"
            return [RunWarning(.notOptimal, "the LP stopped at its \(limit) before its optimum: the shares are a feasible "
                               + "answer whose total slack is certified only to within \(certified) of the best")]
        }
        return []
    }

    /// Categories whose presence test reached its round limit: kept, but not shown to be needed.
    static func presenceUndecided(_ estimate: MixtureEstimate) -> [RunWarning] {
        guard !estimate.presenceUndecided.isEmpty else { return [] }
        let names = estimate.presenceUndecided.joined(separator: ", ")
        return [RunWarning(.presenceUndecided, "presence not settled within the LP round limit for \(names): kept as "
                           + "detected, their shares are not shown to be needed")]
    }

    /// Categories the samples cannot tell apart, one warning per group, with the sum that is known.
    static func confusable(_ estimate: MixtureEstimate) -> [RunWarning] {
        estimate.confusable.map { names in
            let sum = names.compactMap { estimate.share(of: $0) }.reduce(0, +)
            return RunWarning(.confusable, names.joined(separator: " and ") + " cannot be told apart with these samples: "
                              + String(format: "together %.2f %%", 100 * sum) + ", the split between them is arbitrary",
                              category: names.joined(separator: "+"))
        }
    }
}
