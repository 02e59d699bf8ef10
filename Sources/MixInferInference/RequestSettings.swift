import MixInferSupport
import MixInferSolve

/// Settings of an inference run by field (`RequestField`), as a manifest gives them for every pair or for one
/// tokenizer; `apply` writes them into a request. The one place where a field meets the request property it sets.
package struct RequestSettings: Sendable, Equatable {
    /// A setting's value as written.
    package enum Value: Sendable, Equatable {
        case int(Int), double(Double), bool(Bool), string(String), groups([String: [String]])
    }

    package private(set) var values: [RequestField: Value] = [:]

    package init(_ values: [RequestField: Value] = [:]) { self.values = values }

    package subscript(field: RequestField) -> Value? {
        get { values[field] }
        set { values[field] = newValue }
    }

    /// The string setting of `field`, if given (a path, a name).
    package func string(_ field: RequestField) -> String? {
        if case let .string(text)? = values[field] { return text }
        return nil
    }

    /// These settings with every one that `other` gives replaced by its.
    package func overridden(by other: RequestSettings) -> RequestSettings {
        RequestSettings(values.merging(other.values) { $1 })
    }

    /// The manifest settings among the keys of `container` (other keys are left to the caller).
    package init(from container: KeyedDecodingContainer<RequestField>) throws {
        for field in container.allKeys where field.inManifest {
            switch field.kind {
            case .int: values[field] = .int(try container.decode(Int.self, forKey: field))
            case .double: values[field] = .double(try container.decode(Double.self, forKey: field))
            case .bool: values[field] = .bool(try container.decode(Bool.self, forKey: field))
            case .string: values[field] = .string(try container.decode(String.self, forKey: field))
            case .groups: values[field] = .groups(try container.decode([String: [String]].self, forKey: field))
            }
        }
    }

    /// Writes the settings given into `request` (the others keep the request's values).
    package func apply(to request: inout InferenceRequest) throws {
        for (field, value) in values.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            try Self.apply(field, value, to: &request)
        }
        if values[.startMerge] != nil || values[.extensionOnly] != nil || values[.base] != nil {
            request.window = try .init(startMerge: int(.startMerge), extensionOnly: bool(.extensionOnly) ?? false,
                                       base: string(.base))
        }
    }

    private func int(_ field: RequestField) -> Int? {
        if case let .int(number)? = values[field] { return number }
        return nil
    }

    private func bool(_ field: RequestField) -> Bool? {
        if case let .bool(flag)? = values[field] { return flag }
        return nil
    }

    /// One setting into its request property; the window's three settings are combined by `apply(to:)`.
    private static func apply(_ field: RequestField, _ value: Value, to request: inout InferenceRequest) throws {
        switch (field, value) {
        case let (.merges, .int(number)): request.merges = number
        case let (.sampleBytes, .int(number)): request.sampleBytes = number
        case let (.textField, .string(name)): request.textField = name
        case let (.jobs, .int(number)): request.jobs = number
        case let (.presence, .bool(flag)): request.presence = flag
        case let (.proveBounds, .bool(flag)): request.proveBounds = flag
        case let (.group, .groups(groups)): request.groups = groups
        case let (.intervals, .bool(flag)): request.intervals = flag
        case let (.intervalUnit, .string(name)): request.intervalUnit = try choice(field, name)
        case let (.intervalReplicates, .int(number)): request.intervalReplicates = number
        case let (.baselines, .bool(flag)): request.baselines = flag
        case let (.strict, .bool(flag)): request.strict = flag
        case let (.gap, .double(fraction)): request.solver.gapTolerance = fraction
        case let (.timeLimit, .double(seconds)): request.solver.timeLimit = seconds
        case let (.minMergeCount, .int(number)): request.solver.minMergeCount = number
        case let (.normalize, .string(name)): request.solver.normalization = try choice(field, name)
        case let (.maxPerStep, .int(number)): request.solver.maxPerStep = number
        case let (.maxPerRound, .int(number)): request.solver.maxPerRound = number
        case let (.maxRounds, .int(number)): request.solver.maxRounds = number
        case let (.stabilization, .double(mix)): request.solver.stabilization = mix
        case let (.dumpLP, .string(path)): request.solver.dumpPath = path
        case let (.tolerance, .double(tolerance)): request.solver.relativeTolerance = tolerance
        case let (.pretokenizer, .string(name)):
            if case let .file(path, _, revision) = request.tokenizer {
                request.tokenizer = .file(path, pretokenizer: name, revision: revision)
            }
        case let (.revision, .string(name)):
            if case let .file(path, pretokenizer, _) = request.tokenizer {
                request.tokenizer = .file(path, pretokenizer: pretokenizer, revision: name)
            }
        case (.startMerge, .int), (.extensionOnly, .bool), (.base, .string): break
        case (.tokenizer, _), (.categories, _), (.counts, _):
            throw InvalidSetting(field, "is not a setting of one pair")
        default:
            throw InvalidSetting(field, "must be \(field.kind.described)")
        }
    }

    /// The case of `T` named `name`, or an error listing the names.
    private static func choice<T: RawRepresentable & CaseIterable>(_ field: RequestField, _ name: String) throws -> T
        where T.RawValue == String {
        guard let value = T(rawValue: name) else {
            throw InvalidSetting(field, "must be one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }
}
