import Foundation
import MixInferSupport

/// Categories named in a YAML or JSON file instead of a folder tree: each category maps to paths and globs (files,
/// or folders read whole), or to a mapping with `paths` and optional `text_field` and `sample_bytes`:
///
/// ```yaml
/// fr: ["/data/fineweb2/fra_Latn/*.parquet"]
/// python: {paths: ["stack/python/data/*.parquet"], text_field: content, sample_bytes: 5000000}
/// en: corpora/en                      # one path: a folder, a file or a glob
/// ```
/// Relative paths are relative to the manifest's folder. A pattern that matches nothing is an error.
enum CategoryManifest {
    /// Whether `path` names a category manifest (a file ending in `.yaml`, `.yml` or `.json`) rather than a folder.
    static func isManifest(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { return false }
        return ["yaml", "yml", "json"].contains((path as NSString).pathExtension.lowercased())
    }

    /// The categories the manifest at `path` names, sorted by name.
    static func load(_ path: String) throws -> [Category] {
        func invalid(_ reason: String) -> CorpusError { .unreadable(path: path, reason: "category manifest: " + reason) }
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
        let base = (path as NSString).deletingLastPathComponent
        return try entries.keys.sorted().map { name in
            guard !name.isEmpty, !name.contains("/") else { throw invalid("category name '\(name)' is empty or has a slash") }
            let (patterns, field, budget) = try fields(entries[name]!, name: name, invalid: invalid)
            var files: [String] = [], skipped: [String: Int] = [:]
            for pattern in patterns {
                let resolved = pattern.hasPrefix("/") || base.isEmpty ? pattern : (base as NSString).appendingPathComponent(pattern)
                let matches = expand(resolved)
                guard !matches.isEmpty else { throw invalid("'\(name)': \(pattern) matches no file") }
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
            guard !files.isEmpty else { throw CorpusError.emptyCategory(name: name, path: path) }
            var category = Category(name: name, files: Array(Set(files)).sorted(), textField: field, skippedFiles: skipped)
            category.sampleBytes = budget
            return category
        }
    }

    /// An entry's paths, text field and byte budget.
    private static func fields(_ value: Any, name: String, invalid: (String) -> CorpusError) throws
        -> (paths: [String], field: String?, budget: Int?) {
        if let path = value as? String { return ([path], nil, nil) }
        if let paths = value as? [String] { return (paths, nil, nil) }
        guard let mapping = value as? [String: Any] else {
            throw invalid("'\(name)' must be a path, a list of paths, or a mapping with \"paths\"")
        }
        if let unknown = mapping.keys.sorted().first(where: { !["paths", "text_field", "sample_bytes"].contains($0) }) {
            throw invalid("'\(name)' has an unknown key \"\(unknown)\" (known: paths, text_field, sample_bytes)")
        }
        let paths = (mapping["paths"] as? [String]) ?? (mapping["paths"] as? String).map { [$0] }
        guard let paths, !paths.isEmpty else { throw invalid("'\(name)'.paths must be a path or a list of paths") }
        let field = mapping["text_field"] as? String
        if mapping["text_field"] != nil && (field ?? "").isEmpty { throw invalid("'\(name)'.text_field must be a name") }
        let budget = mapping["sample_bytes"].flatMap { ($0 as? Int) ?? ($0 as? NSNumber)?.intValue }
        if mapping["sample_bytes"] != nil && !(budget.map { $0 > 0 } ?? false) {
            throw invalid("'\(name)'.sample_bytes must be a positive whole number")
        }
        return (paths, field, budget)
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
