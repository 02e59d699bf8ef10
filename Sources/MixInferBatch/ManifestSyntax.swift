import Foundation
import Yams
import MixInferSupport

/// The two notations a batch manifest may be written in; both decode into the same `ManifestFields`.
enum ManifestSyntax: String, Sendable {
    case json = "JSON"
    case yaml = "YAML"

    /// `.yaml`/`.yml` files are YAML and `.json` files JSON; for any other name the content decides:
    /// text starting with `{` or `[` is JSON, anything else YAML.
    static func of(path: String, data: Data) -> ManifestSyntax {
        switch (path as NSString).pathExtension.lowercased() {
        case "yaml", "yml": return .yaml
        case "json": return .json
        default:
            let first = data.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
            return first == UInt8(ascii: "{") || first == UInt8(ascii: "[") ? .json : .yaml
        }
    }

    /// Decodes the manifest's fields; any failure becomes `ManifestError.malformed` (not JSON/YAML at all)
    /// or `ManifestError.invalid` (a field missing or of the wrong type), with a one-line reason.
    func decode(_ data: Data, path: String) throws -> ManifestFields {
        do {
            let fields: ManifestFields
            switch self {
            case .json: fields = try JSONDecoder().decode(ManifestFields.self, from: data)
            case .yaml:
                guard let text = String(data: data, encoding: .utf8) else { throw YamlError.dataCouldNotBeDecoded(encoding: .utf8) }
                let root = try YAMLDocument.compose(text) ?? Node("")
                fields = try YAMLDecoder().decode(ManifestFields.self, from: root)
            }
            try ManifestKeys.check(data, syntax: self, path: path)
            return fields
        } catch let error as ManifestError {
            throw error
        } catch let error as DecodingError {
            if case let .dataCorrupted(context) = error, context.codingPath.isEmpty {
                throw self == .json ? Self.jsonProblem(data, path: path)
                    : ManifestError.malformed(path: path, syntax: rawValue, reason: Self.reason(context))
            }
            throw ManifestError.invalid(path: path, reason: Self.reason(error))
        } catch {
            throw ManifestError.malformed(path: path, syntax: rawValue, reason: Self.reason(error))
        }
    }

    /// Foundation's `JSONDecoder` reports every syntax error, and a number that does not fit an `Int`, as "not valid
    /// JSON" without a position: `JSONSerialization` tells which it was, and where.
    private static func jsonProblem(_ data: Data, path: String) -> ManifestError {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)
            return .invalid(path: path, reason: "a number in it is not a whole number, or is out of range")
        } catch {
            return .malformed(path: path, syntax: ManifestSyntax.json.rawValue, reason: reason(error))
        }
    }

    /// A field problem in words: which field, and what it should be.
    static func reason(_ error: DecodingError) -> String {
        switch error {
        case let .typeMismatch(type, context):
            return "\(field(context.codingPath)) must be \(expected(type, at: context.codingPath))"
        case let .valueNotFound(type, context):
            return "\(field(context.codingPath)) must be \(expected(type, at: context.codingPath)), not empty"
        case let .keyNotFound(key, context):
            return "\(field(context.codingPath + [key])) is missing"
        case let .dataCorrupted(context):
            return context.codingPath.isEmpty ? reason(context) : "\(field(context.codingPath)): \(reason(context))"
        @unknown default:
            return oneLine("\(error)")
        }
    }

    /// The syntax error under a `dataCorrupted` context (Foundation and Yams both wrap the parser's error).
    private static func reason(_ context: DecodingError.Context) -> String {
        guard let underlying = context.underlyingError else { return oneLine(context.debugDescription) }
        return reason(underlying)
    }

    /// One line for any parser error; YAML errors keep their problem and position, not the source snippet.
    static func reason(_ error: Error) -> String {
        switch error {
        case let error as DecodingError:
            return reason(error)
        case let YamlError.scanner(_, problem, mark, _), let YamlError.parser(_, problem, mark, _),
             let YamlError.composer(_, problem, mark, _):
            return "\(problem) at line \(mark.line), column \(mark.column)"
        case let YamlError.reader(problem, offset, _, _):
            return problem + (offset.map { " at byte \($0)" } ?? "")
        case let error as YAMLDocument.TooLarge:
            return error.description
        case YamlError.dataCouldNotBeDecoded:
            return "not UTF-8 text"
        case let YamlError.duplicatedKeysInMapping(duplicates, context):
            return "key \(duplicates.sorted().joined(separator: ", ")) given twice near line \(context.mark.line)"
        case let error as NSError where error.userInfo[NSDebugDescriptionErrorKey] != nil:
            return oneLine("\(error.userInfo[NSDebugDescriptionErrorKey]!)")
        default:
            return oneLine("\(error)")
        }
    }

    /// `tokenizers[1].merges`, or `the manifest` for the top level.
    static func field(_ path: [CodingKey]) -> String {
        guard !path.isEmpty else { return "the manifest" }
        return path.enumerated().map { position, key in
            key.intValue.map { "[\($0)]" } ?? (position == 0 ? key.stringValue : "." + key.stringValue)
        }.joined()
    }

    /// What a value of `type` looks like to the person writing the manifest.
    private static func expected(_ type: Any.Type, at path: [CodingKey]) -> String {
        if type == ManifestFields.Tokenizer.self { return "a path or a mapping with \"path\"" }
        if type == Int.self { return "a whole number" }
        if type == String.self { return "a string" }
        let name = "\(type)"
        if name.contains("Dictionary") || name.contains("Mapping") || type == ManifestFields.self {
            return path.isEmpty ? "a mapping of fields (\"categories\" or \"category_sets\", \"tokenizers\", …)"
                : "a mapping"
        }
        if name.contains("Array") || name.contains("Sequence") { return "a list" }
        if name.contains("Scalar") { return "a single value, not a list or mapping" }
        return "a \(name)"
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}
