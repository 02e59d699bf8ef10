import Foundation
import MixInferSupport

/// Categories named in a YAML or JSON file instead of a folder tree: each category maps to paths and globs (files,
/// or folders read whole), or to a mapping with `paths` and optional `text_field`, `sample_bytes` and `group`:
///
/// ```yaml
/// fr: ["/data/fineweb2/fra_Latn/*.parquet"]
/// python: {paths: ["stack/python/data/*.parquet"], text_field: content, sample_bytes: 5000000, group: code}
/// en: corpora/en                      # one path: a folder, a file or a glob
/// de: {paths: "hf://datasets/HuggingFaceFW/fineweb-2/data/deu_Latn/train/*.parquet", group: non-English}
/// ```
/// Relative paths are relative to the manifest's folder; `hf://datasets/ORG/NAME[@REVISION]/PATTERN` is matched
/// inside the dataset's snapshot in the local Hub cache (`HubPath`). A pattern that matches nothing is an error.
enum CategoryManifest {
    /// The keys of a category's mapping.
    static let keys = ["paths", "text_field", "sample_bytes", "group"]

    /// One category's entry as written.
    struct Entry {
        var patterns: [String]
        var textField: String?
        var sampleBytes: Int?
        var group: String?
    }

    /// Whether `path` names a category manifest (a file ending in `.yaml`, `.yml` or `.json`) rather than a folder.
    static func isManifest(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { return false }
        return ["yaml", "yml", "json"].contains((path as NSString).pathExtension.lowercased())
    }

    /// The categories the manifest at `path` names, sorted by name; `hf://` patterns are looked up in `hubCache`.
    static func load(_ path: String, hubCache: HubCache = HubCache()) throws -> [Category] {
        func invalid(_ reason: String) -> CorpusError { .unreadable(path: path, reason: "category manifest: " + reason) }
        let entries = try document(path, invalid: invalid)
        let base = (path as NSString).deletingLastPathComponent
        return try entries.keys.sorted().map { name in
            guard !name.isEmpty, !name.contains("/") else { throw invalid("category name '\(name)' is empty or has a slash") }
            let entry = try fields(entries[name]!, name: name, invalid: invalid)
            var files: [String] = [], skipped: [String: Int] = [:]
            for pattern in entry.patterns {
                let matches: [String]
                if HubPath.isHubPath(pattern) {
                    matches = try hubMatches(pattern, category: name, manifest: path, cache: hubCache, invalid: invalid)
                } else {
                    let resolved = pattern.hasPrefix("/") || base.isEmpty ? pattern : (base as NSString).appendingPathComponent(pattern)
                    matches = expand(resolved)
                    guard !matches.isEmpty else { throw invalid("'\(name)': \(pattern) matches no file") }
                }
                try collect(matches, into: &files, skipped: &skipped)
            }
            guard !files.isEmpty else { throw CorpusError.emptyCategory(name: name, path: path) }
            var category = Category(name: name, files: Array(Set(files)).sorted(), textField: entry.textField, skippedFiles: skipped)
            category.sampleBytes = entry.sampleBytes
            category.group = entry.group
            return category
        }
    }

    /// The manifest's mapping of category names to entries.
    private static func document(_ path: String, invalid: (String) -> CorpusError) throws -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CorpusError.notFound(path: path) }
        let document: Any?
        if (path as NSString).pathExtension.lowercased() == "json" {
            document = try? JSONSerialization.jsonObject(with: data)
        } else {
            do { document = try YAMLDocument.load(String(decoding: data, as: UTF8.self)) } catch let error as YAMLDocument.TooLarge {
                throw invalid("\(error)")
            } catch {
                throw invalid("not valid YAML")
            }
        }
        guard let entries = document as? [String: Any], !entries.isEmpty else {
            throw invalid("must be a mapping of category names to paths")
        }
        return entries
    }

    /// Adds the readable files among `matches` (folders read whole) to `files`, and counts the others by kind.
    private static func collect(_ matches: [String], into files: inout [String], skipped: inout [String: Int]) throws {
        for match in matches {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: match, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                let found = try Category.readableFiles(under: match)
                files += found.files
                for (kind, count) in found.skipped { skipped[kind, default: 0] += count }
            } else if Category.isReadable(match) {
                files.append(match)
            } else {
                skipped[CorpusFormat.skippedKind(match), default: 0] += 1
            }
        }
    }

    /// The cached files a `hf://datasets/…` pattern matches in its dataset's snapshot (links whose blob is missing,
    /// as an interrupted download leaves them, are not files). Throws `CorpusError.notInHubCache` with the command
    /// that fetches them when the dataset, its revision or the files are not cached.
    private static func hubMatches(_ pattern: String, category: String, manifest: String, cache: HubCache,
                                   invalid: (String) -> CorpusError) throws -> [String] {
        let hubPath: HubPath
        do { hubPath = try HubPath(pattern) } catch { throw invalid("'\(category)': \(pattern) \(error.reason)") }
        let repository = hubPath.repository
        func missing(_ reason: String) -> CorpusError {
            .notInHubCache(path: manifest, category: category, pattern: pattern, reason: reason,
                           fetch: repository.downloadCommand(revision: hubPath.revision,
                                                             include: hubPath.pattern.isEmpty ? nil : hubPath.pattern))
        }
        let snapshot: String
        do {
            snapshot = try cache.snapshot(of: repository, revision: hubPath.revision)
        } catch {
            throw missing("dataset \(repository.id) " + (error.reason.hasPrefix("not in") ? "is " : "") + error.reason)
        }
        let matches = hubPath.pattern.isEmpty ? [snapshot]
            : expand((snapshot as NSString).appendingPathComponent(hubPath.pattern)).filter { FileManager.default.fileExists(atPath: $0) }
        guard !matches.isEmpty else {
            throw missing("no file of dataset \(repository.id) matching it is in its snapshot \(snapshot)")
        }
        return matches
    }

    /// An entry's paths, text field, byte budget and group.
    private static func fields(_ value: Any, name: String, invalid: (String) -> CorpusError) throws -> Entry {
        if let path = value as? String { return Entry(patterns: [path]) }
        if let paths = value as? [String] { return Entry(patterns: paths) }
        guard let mapping = value as? [String: Any] else {
            throw invalid("'\(name)' must be a path, a list of paths, or a mapping with \"paths\"")
        }
        if let unknown = mapping.keys.sorted().first(where: { !keys.contains($0) }) {
            throw invalid("'\(name)' has an unknown key \"\(unknown)\" (known: \(keys.joined(separator: ", ")))")
        }
        let paths = (mapping["paths"] as? [String]) ?? (mapping["paths"] as? String).map { [$0] }
        guard let paths, !paths.isEmpty else { throw invalid("'\(name)'.paths must be a path or a list of paths") }
        var entry = Entry(patterns: paths, textField: mapping["text_field"] as? String, group: mapping["group"] as? String)
        if mapping["text_field"] != nil && (entry.textField ?? "").isEmpty { throw invalid("'\(name)'.text_field must be a name") }
        if mapping["group"] != nil && (entry.group ?? "").isEmpty { throw invalid("'\(name)'.group must be a name") }
        entry.sampleBytes = mapping["sample_bytes"].flatMap { ($0 as? Int) ?? ($0 as? NSNumber)?.intValue }
        if mapping["sample_bytes"] != nil && !(entry.sampleBytes.map { $0 > 0 } ?? false) {
            throw invalid("'\(name)'.sample_bytes must be a positive whole number")
        }
        return entry
    }

    /// The paths a glob pattern matches (sorted; `*`, `?`, `[…]` in any component), or the path itself if it has
    /// no wildcard and exists.
    static func expand(_ pattern: String) -> [String] {
        guard pattern.contains(where: { "*?[".contains($0) }) else {
            return FileManager.default.fileExists(atPath: pattern) ? [pattern] : []
        }
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }
}
