import Foundation

/// A batch of inferences: several tokenizers against one or more category sets (JSON manifest).
///
/// ```json
/// {"category_sets": {"languages": "corpora/languages", "code": "corpora/code"},
///  "tokenizers": [{"name": "claude", "path": "tok/claude.json", "merges": 3000},
///                 {"path": "tok/custom.tiktoken", "pretokenizer": "cl100k", "start_merge": 100000}],
///  "merges": 3000, "sample_bytes": 10000000}
/// ```
/// `"categories": "DIR"` is short for one set named `default`. Relative paths are relative to the manifest.
public struct BatchManifest: Sendable {
    public struct Entry: Sendable {
        public var name: String
        public var path: String
        public var merges: Int?
        public var firstStep: Int?
        public var pretokenizer: String?
    }

    public var categorySets: [(name: String, directory: String)]
    public var tokenizers: [Entry]
    public var merges: Int
    public var sampleBytes: Int

    public static func load(_ path: String) throws -> BatchManifest {
        guard let data = FileManager.default.contents(atPath: path) else { throw CorpusError.notFound(path: path) }
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw CorpusError.unreadable(path: path, reason: "manifest is not a JSON object")
        }
        let base = (path as NSString).deletingLastPathComponent
        func resolve(_ p: String) -> String { p.hasPrefix("/") || base.isEmpty ? p : (base as NSString).appendingPathComponent(p) }
        func fail(_ reason: String) -> CorpusError { .unreadable(path: path, reason: reason) }
        var sets: [(String, String)] = []
        if let single = root["categories"] {
            guard let directory = single as? String else { throw fail("\"categories\" must be a folder path") }
            sets.append(("default", resolve(directory)))
        }
        if let many = root["category_sets"] {
            guard let object = many as? [String: Any] else { throw fail("\"category_sets\" must map names to folders") }
            for name in object.keys.sorted() {
                guard let directory = object[name] as? String else { throw fail("category set \(name) must be a folder path") }
                sets.append((name, resolve(directory)))
            }
        }
        guard !sets.isEmpty else { throw fail("no \"categories\" or \"category_sets\"") }
        guard let list = root["tokenizers"] as? [Any], !list.isEmpty else { throw fail("\"tokenizers\" must be a non-empty list") }
        var entries: [Entry] = []
        for (index, item) in list.enumerated() {
            let object: [String: Any]
            if let text = item as? String { object = ["path": text] } else if let dict = item as? [String: Any] { object = dict } else {
                throw fail("tokenizer #\(index + 1) must be a path or an object")
            }
            guard let tokenizerPath = object["path"] as? String else { throw fail("tokenizer #\(index + 1) has no \"path\"") }
            let name = object["name"] as? String ?? Category.baseName(tokenizerPath)
            guard !name.isEmpty, !name.contains("/"), !entries.contains(where: { $0.name == name }) else {
                throw fail("tokenizer name '\(name)' is empty, has a slash, or is used twice")
            }
            for key in ["merges", "start_merge"] where object[key] != nil && !(object[key] is NSNumber) {
                throw fail("tokenizer '\(name)': \"\(key)\" must be a number")
            }
            if object["pretokenizer"] != nil && !(object["pretokenizer"] is String) {
                throw fail("tokenizer '\(name)': \"pretokenizer\" must be a preset name")
            }
            entries.append(Entry(name: name, path: resolve(tokenizerPath), merges: (object["merges"] as? NSNumber)?.intValue,
                                 firstStep: (object["start_merge"] as? NSNumber)?.intValue,
                                 pretokenizer: object["pretokenizer"] as? String))
        }
        for key in ["merges", "sample_bytes"] where root[key] != nil && !(root[key] is NSNumber) {
            throw fail("\"\(key)\" must be a number")
        }
        return BatchManifest(categorySets: sets, tokenizers: entries,
                             merges: (root["merges"] as? NSNumber)?.intValue ?? 3000,
                             sampleBytes: (root["sample_bytes"] as? NSNumber)?.intValue ?? 10_000_000)
    }
}
