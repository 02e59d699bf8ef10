import ArgumentParser
import MixInfer

extension NameSpecification {
    /// The option that sets `field`: its flag in the settings table (`RequestField.flag`).
    static func setting(_ field: RequestField) -> NameSpecification { .customLong(String(field.flag.dropFirst(2))) }
}

extension ArgumentHelp {
    /// `field`'s help from the settings table; tuning knobs are hidden from `--help` (docs/cli.md lists them).
    static func setting(_ field: RequestField, discussion: String = "") -> ArgumentHelp {
        ArgumentHelp(field.help, discussion: discussion, visibility: field.section == .tuning ? .hidden : .default)
    }
}

extension ReportFormat: ExpressibleByArgument {}
extension CountNormalization: ExpressibleByArgument {}
extension IntervalUnit: ExpressibleByArgument {}

/// What a run reads: the tokenizer, the categories (or saved counts), and how much of them.
struct InputOptions: ParsableArguments {
    @Argument(help: .setting(.tokenizer, discussion: TokenizerHelp.formats))
    var tokenizer: String

    @Option(name: .setting(.revision), help: .setting(.revision))
    var revision: String?

    @Option(name: .setting(.categories), help: .setting(.categories, discussion: CorpusHelp.files))
    var categories: [String] = []

    @Option(name: .setting(.counts), help: .setting(.counts))
    var counts: String?

    @Option(name: .setting(.textField), help: .setting(.textField))
    var textField: String?

    @Option(name: .setting(.sampleBytes), help: .setting(.sampleBytes))
    var sampleBytes = InferenceDefaults.sampleBytes

    @Option(name: .setting(.pretokenizer), help: .setting(.pretokenizer))
    var pretokenizer: String?

    @Option(name: .setting(.merges), help: .setting(.merges))
    var merges = InferenceDefaults.merges

    @Option(name: .setting(.startMerge), help: .setting(.startMerge))
    var startMerge: Int?

    @Flag(name: .setting(.extensionOnly), help: .setting(.extensionOnly))
    var extensionOnly = false

    @Option(name: .setting(.base), help: .setting(.base))
    var base: String?

    @Option(name: .setting(.jobs), help: .setting(.jobs))
    var jobs: Int?

    /// The request these options describe, with the library's defaults for everything else.
    func request() throws -> InferenceRequest {
        let source: InferenceRequest.CategorySource
        switch (categories.count, counts) {
        case (1, nil): source = .folder(categories[0])
        case (2..., nil): source = .folders(categories)
        case let (0, path?): source = .counts(path)
        default: throw UsageError.invalid("give --categories DIR (one or more) or --counts FILE, not both")
        }
        var request = InferenceRequest(tokenizer: .file(tokenizer, pretokenizer: pretokenizer, revision: revision),
                                       categories: source)
        request.textField = textField
        request.sampleBytes = sampleBytes
        request.merges = merges
        request.window = try .init(startMerge: startMerge, extensionOnly: extensionOnly, base: base)
        request.jobs = jobs ?? InferenceDefaults.jobs
        return request
    }
}

/// What a run computes besides the shares, and how strict it is.
struct EstimateOptions: ParsableArguments {
    @Flag(name: .setting(.presence), inversion: .prefixedNo, help: .setting(.presence))
    var presence = InferenceDefaults.presence

    @Flag(name: .setting(.proveBounds), help: .setting(.proveBounds))
    var proveBounds = false

    @Option(name: .setting(.group), help: .setting(.group))
    var group: [String] = []

    @Flag(name: .setting(.intervals), help: .setting(.intervals))
    var intervals = false

    @Option(name: .setting(.intervalUnit), help: .setting(.intervalUnit))
    var intervalUnit = InferenceDefaults.intervalUnit

    @Option(name: .setting(.intervalReplicates), help: .setting(.intervalReplicates))
    var intervalReplicates = InferenceDefaults.intervalReplicates

    @Flag(name: .setting(.baselines), help: .setting(.baselines))
    var baselines = false

    @Flag(name: .setting(.strict), help: .setting(.strict))
    var strict = false

    func apply(to request: inout InferenceRequest) throws {
        request.presence = presence
        request.proveBounds = proveBounds
        request.groups = try Self.groups(group)
        request.intervals = intervals
        request.intervalUnit = intervalUnit
        request.intervalReplicates = intervalReplicates
        request.baselines = baselines
        request.strict = strict
    }

    /// `--group NAME=a,b,c` options as named lists of categories.
    static func groups(_ options: [String]) throws -> [String: [String]] {
        var groups: [String: [String]] = [:]
        for option in options {
            let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            let members = parts.count == 2 ? parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } : []
            guard parts.count == 2, !parts[0].isEmpty, !members.isEmpty, !members.contains(""), groups[parts[0]] == nil else {
                throw InvalidSetting(.group, "must be NAME=category,category,… with a name used once, not '\(option)'")
            }
            groups[parts[0]] = members
        }
        return groups
    }
}

/// How the LP is solved: the stopping rules a user sets, and the tuning knobs (hidden, measured defaults).
struct SolverFlags: ParsableArguments {
    @Option(name: .setting(.gap), help: .setting(.gap))
    var gap = SolverOptions().gapTolerance

    @Option(name: .setting(.timeLimit), help: .setting(.timeLimit))
    var timeLimit: Double?

    @Option(name: .setting(.minMergeCount), help: .setting(.minMergeCount))
    var minMergeCount = SolverOptions().minMergeCount

    @Option(name: .setting(.normalize), help: .setting(.normalize))
    var normalize = SolverOptions().normalization

    @Option(name: .setting(.maxPerStep), help: .setting(.maxPerStep))
    var maxPerStep = SolverOptions().maxPerStep

    @Option(name: .setting(.maxPerRound), help: .setting(.maxPerRound))
    var maxPerRound = SolverOptions().maxPerRound

    @Option(name: .setting(.maxRounds), help: .setting(.maxRounds))
    var maxRounds = SolverOptions().maxRounds

    @Option(name: .setting(.stabilization), help: .setting(.stabilization))
    var stabilization = SolverOptions().stabilization

    @Option(name: .setting(.dumpLP), help: .setting(.dumpLP))
    var dumpLp: String?

    func apply(to solver: inout SolverOptions) {
        solver.gapTolerance = gap
        solver.timeLimit = timeLimit
        solver.minMergeCount = minMergeCount
        solver.normalization = normalize
        solver.maxPerStep = maxPerStep
        solver.maxPerRound = maxPerRound
        solver.maxRounds = maxRounds
        solver.stabilization = stabilization
        solver.dumpPath = dumpLp
    }
}
