/// The settings of an inference run, declared once. Each has the key a manifest gives it (the raw value,
/// `sample_bytes`), the option of `mixinfer infer` (`flag`, `--sample-bytes`), the help text both show, and the
/// section of `infer --help` it belongs to. Errors about a setting (`InvalidSetting`) name it by this field; the
/// CLI prints its flag, a manifest its key. docs/cli.md documents every one, and a test checks that it does.
public enum RequestField: String, Sendable, CaseIterable, CodingKey {
    case tokenizer, revision, categories, counts
    case textField = "text_field", sampleBytes = "sample_bytes", pretokenizer, merges
    case startMerge = "start_merge", extensionOnly = "extension_only", base, jobs
    case presence, proveBounds = "prove_bounds", group, intervals, intervalUnit = "interval_unit", baselines, strict
    case gap, timeLimit = "time_limit", minMergeCount = "min_merge_count"
    case normalize, maxPerStep = "max_per_step", maxPerRound = "max_per_round", maxRounds = "max_rounds"
    case stabilization, intervalReplicates = "interval_replicates", dumpLP = "dump_lp", tolerance
}

extension RequestField {
    /// Where a setting appears in `mixinfer infer --help`; `tuning` ones are hidden from it (docs/cli.md has them).
    package enum Section: Sendable {
        case input, output, solver, tuning, none
    }

    /// What a setting's value is.
    package enum Kind: Sendable {
        case int, double, bool, string
        /// Named lists of names: `{english: [en, web], code: [python, c]}`.
        case groups

        /// The kind in words, for errors: "a whole number".
        package var described: String {
            switch self {
            case .int: return "a whole number"
            case .double: return "a number"
            case .bool: return "true or false"
            case .string: return "a string"
            case .groups: return "a mapping of group names to lists of categories"
            }
        }
    }

    package var kind: Kind {
        switch self {
        case .merges, .sampleBytes, .startMerge, .jobs, .minMergeCount, .maxPerStep, .maxPerRound, .maxRounds,
             .intervalReplicates: return .int
        case .gap, .timeLimit, .stabilization, .tolerance: return .double
        case .extensionOnly, .presence, .proveBounds, .intervals, .baselines, .strict: return .bool
        case .tokenizer, .revision, .categories, .counts, .textField, .pretokenizer, .base, .intervalUnit, .normalize,
             .dumpLP:
            return .string
        case .group: return .groups
        }
    }

    /// The option of `mixinfer infer` that sets this field: `--` and the key with dashes.
    package var flag: String {
        switch self {
        case .tokenizer: return "TOKENIZER"
        case .tolerance: return "the violation tolerance"
        default: return "--" + rawValue.replacingOccurrences(of: "_", with: "-")
        }
    }

    /// Whether a batch manifest may give this setting (for every pair, or in a tokenizer's entry). The tokenizer and
    /// the categories are the manifest's structure; saved counts, threads, LP dumps and the tolerance are not
    /// settings of a pair.
    package var inManifest: Bool {
        ![.tokenizer, .categories, .counts, .jobs, .dumpLP, .tolerance].contains(self)
    }

    package var section: Section {
        switch self {
        case .tokenizer, .revision, .categories, .counts, .textField, .sampleBytes, .pretokenizer, .merges, .startMerge,
             .extensionOnly, .base, .jobs: return .input
        case .presence, .proveBounds, .group, .intervals, .intervalUnit, .baselines, .strict: return .output
        case .gap, .timeLimit, .minMergeCount: return .solver
        case .normalize, .maxPerStep, .maxPerRound, .maxRounds, .stabilization, .intervalReplicates, .dumpLP: return .tuning
        case .tolerance: return .none
        }
    }

    /// What the setting does, as `infer --help` and docs/cli.md say it.
    package var help: String {
        switch self {
        case .tokenizer: return "Tokenizer file, any released BPE format (detected from the content), or a Hub id."
        case .revision: return "Branch, tag or commit of a Hub id (default: main)."
        case .categories: return "Folder with one subfolder (or one text file) per category, or a category manifest "
            + "(.yaml/.json); repeat it to use the categories of several together."
        case .counts: return "Word counts saved by `mixinfer count` / `merge-counts`, instead of --categories."
        case .textField: return "The field of JSON lines, and the column of Parquet files, that holds the text "
            + "(default: text; The Stack: content)."
        case .sampleBytes: return "Most bytes of text read per category (spread over its files)."
        case .pretokenizer: return "Pretokenizer preset to use instead of the one read or detected (needed for "
            + "unknown tiktoken files)."
        case .merges: return "Number of merges to constrain (capped at the tokenizer's list)."
        case .startMerge: return "Constrain only merges from this 0-based index on."
        case .extensionOnly: return "Constrain only the merges after a detected base vocabulary (or the shared prefix "
            + "with --base)."
        case .base: return "With --extension-only: the tokenizer this one extends."
        case .jobs: return "Threads counting words (default: all cores); the counts are the same for any number."
        case .presence: return "Decide which categories are present (the others: not detected, below a bound); "
            + "--no-presence: the paper's LP."
        case .proveBounds: return "Prove the bounds of categories not detected (slower)."
        case .group: return "Report a group's total share: NAME=cat1,cat2,… (repeatable)."
        case .intervals: return "Give each share a 90 % interval: a bootstrap over each sample's documents, "
            + "re-solved 24 times."
        case .intervalUnit: return "What --intervals resamples: document (a text file or 1 MB of a larger one, a JSON "
            + "line, a Parquet row) or file (whole files: where each file is one source)."
        case .baselines: return "Also report the TEE and TC baselines (JSON)."
        case .strict: return "Treat any warning as an error: exit 3, no result."
        case .gap: return "Stop when the total slack at the current shares is provably within this fraction of the "
            + "optimum (0: exact)."
        case .timeLimit: return "Stop the LP after this many seconds, with the best shares found and their certified gap."
        case .minMergeCount: return "Constrain only merges that some category's sample holds at least this many times "
            + "(1: all that occur)."
        case .normalize: return "What counts are divided by before the LP: bytes, pairs, merged or auto (merged after "
            + "a base vocabulary, else pairs for character-level models such as SentencePiece, else bytes); the "
            + "result is a byte share either way."
        case .maxPerStep: return "Lazy generation: most new constraints per merge step per round."
        case .maxPerRound: return "Lazy generation: most new constraints given to GLPK per solve (the most violated "
            + "first)."
        case .maxRounds: return "Most LP rounds (0: replay only, the shares stay uniform)."
        case .stabilization: return "In-out stabilisation: seek constraints at this mix of the best feasible point "
            + "and the LP optimum (0: plain cutting planes)."
        case .intervalReplicates: return "Bootstrap replicates behind --intervals."
        case .dumpLP: return "Write the final LP in CPLEX LP format to this file."
        case .tolerance: return "Relative tolerance of the violation test."
        }
    }
}
