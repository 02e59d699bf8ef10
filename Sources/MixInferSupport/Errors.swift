/// Every error mixinfer throws conforms to this: a human sentence that names the input and the reason.
/// The CLI prints `description` as a single line and exits non-zero.
public protocol MixInferError: Error, CustomStringConvertible {}

/// Problems reading or interpreting a tokenizer file.
public enum TokenizerError: MixInferError, Equatable {
    case unreadable(path: String, reason: String)
    case malformed(path: String, reason: String)
    case unsupportedModel(path: String, reason: String)
    case unknownFormat(path: String)
    /// A Hub id whose tokenizer file is not in the local Hub cache: `reason` says what is missing, `fetch` is the
    /// command that fetches only the tokenizer files.
    case notInHubCache(id: String, reason: String, fetch: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): cannot read tokenizer: \(reason)"
        case let .malformed(path, reason): return "\(path): malformed tokenizer: \(reason)"
        case let .unsupportedModel(path, reason): return "\(path): unsupported tokenizer: \(reason)"
        case let .unknownFormat(path): return "\(path): not a tokenizer format mixinfer knows (expected HF tokenizer.json, tiktoken, SentencePiece .model, Tekken JSON, GGUF or merges.txt)"
        case let .notInHubCache(id, reason, fetch):
            return "\(id): \(reason); fetch only its tokenizer with `\(fetch)` (\(HubRepository.gatedNote))"
        }
    }
}

/// Problems with the category corpora.
public enum CorpusError: MixInferError, Equatable {
    case notFound(path: String)
    case notADirectory(path: String)
    case noCategories(path: String)
    case emptyCategory(name: String, path: String)
    case unreadable(path: String, reason: String)
    case duplicateCategory(name: String, path: String)
    /// A category whose text has no two initial symbols side by side within a word: no merge can act on it.
    case nothingToMerge(name: String, bytes: Int)
    /// The files a category manifest names by Hub path (`hf://datasets/…`) are not in the local Hub cache: `path` is
    /// the manifest, `pattern` the Hub path, `reason` what is missing, `fetch` the command that fetches them.
    case notInHubCache(path: String, category: String, pattern: String, reason: String, fetch: String)

    public var description: String {
        switch self {
        case let .notFound(path): return "\(path): no such file or directory"
        case let .notADirectory(path): return "\(path): not a directory of categories"
        case let .noCategories(path): return "\(path): no categories found (expected one subfolder or one .txt/.jsonl[.gz] file per category)"
        case let .emptyCategory(name, path): return "\(path): category '\(name)' has no text"
        case let .unreadable(path, reason): return "\(path): \(reason)"
        case let .duplicateCategory(name, path): return "\(path): category '\(name)' is defined twice"
        case let .nothingToMerge(name, bytes):
            return "category '\(name)': its \(bytes)-byte sample has no two symbols side by side within a word, so no merge "
                + "acts on it; give it more text"
        case let .notInHubCache(path, category, pattern, reason, fetch):
            return "\(path): '\(category)': \(pattern): \(reason) (the Hub cache is what is searched, not the "
                + "Arrow cache of the `datasets` library); fetch the files with `\(fetch)` (\(HubRepository.gatedNote))"
        }
    }
}

/// Problems in the pretokenizer specification (regexes, unknown components).
public enum PretokenizerError: MixInferError, Equatable {
    case badRegex(pattern: String, reason: String)
    case unsupported(component: String)
    case matchFailed(code: Int)

    public var description: String {
        switch self {
        case let .badRegex(pattern, reason): return "pretokenizer regex does not compile (\(reason)): \(pattern)"
        case let .unsupported(component): return "unsupported pretokenizer component: \(component)"
        case let .matchFailed(code): return "regex matching failed with PCRE2 error \(code)"
        }
    }
}

/// Problems solving the linear program.
public enum SolverError: MixInferError, Equatable {
    case glpk(reason: String)
    case noCategories
    case invalidInput(reason: String)

    public var description: String {
        switch self {
        case let .glpk(reason): return "LP solver (GLPK) failed: \(reason)"
        case .noCategories: return "nothing to solve: no categories"
        case let .invalidInput(reason): return "invalid solver input: \(reason)"
        }
    }
}

/// Problems with arguments given by a caller (CLI or script).
public enum UsageError: MixInferError, Equatable {
    case invalid(String)
    public var description: String {
        switch self {
        case let .invalid(message): return message
        }
    }
}

/// A setting of an inference run that cannot be used: `field` says which, `reason` what it must be.
/// The library names the field as a manifest does; the CLI names the option instead.
public struct InvalidSetting: MixInferError, Equatable {
    public var field: RequestField
    public var reason: String

    public init(_ field: RequestField, _ reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field.rawValue) \(reason)" }

    /// The message with the field spelled by `name` (a CLI option, a quoted manifest key).
    package func described(naming name: (RequestField) -> String) -> String { "\(name(field)) \(reason)" }
}
