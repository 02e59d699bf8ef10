import Foundation
import MixInferSupport

/// One candidate category: a name and the files that sample it.
public struct Category: Sendable, Hashable {
    public var name: String
    public var files: [String]
    /// The field holding the text in JSON lines and the column in Parquet files; nil means `"text"`
    /// (The Stack, say, uses `"content"`).
    package var textField: String?
    /// Files below the category's folder that `discover` did not read, counted by kind: the lowercased
    /// extension, "no extension", or "dataset card" for a `README.md`. Hidden files are not counted.
    package var skippedFiles: [String: Int]
    /// Most bytes read from this category, when its category manifest says so (else the run's budget).
    package var sampleBytes: Int?
    /// The group its category manifest puts it in (`code`, `non-English`, …), for totals by group; nil: none.
    package var group: String?

    public init(name: String, files: [String], textField: String? = nil, skippedFiles: [String: Int] = [:]) {
        self.name = name
        self.files = files
        self.textField = textField
        self.skippedFiles = skippedFiles
    }

    /// This category reading `field` unless it names its own text field.
    package func reading(textField field: String?) -> Category {
        var category = self
        if category.textField == nil { category.textField = field }
        return category
    }

    /// The bytes read from this category when a run reads at most `budget` per category.
    package func budget(within budget: Int) -> Int { min(budget, sampleBytes ?? budget) }

    /// The text field read when `textField` is nil.
    package static let defaultTextField = "text"

    /// Whether `path` names a file mixinfer reads as a sample: text (`.txt`, `.text`, `.md`), JSON lines
    /// (`.jsonl`, or `.json` when compressed), each optionally `.gz` or `.zst`, or `.parquet`.
    /// Hidden files and dataset cards (`README.md`) are not samples.
    static func isReadable(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        if name.hasPrefix(".") || CorpusFormat.isDatasetCard(path) { return false }
        return CorpusFormat(path: path) != nil
    }

    /// A file name without its format and compression extensions: `en.txt.gz` → `en`, `fr.jsonl.zst` → `fr`.
    package static func baseName(_ path: String) -> String {
        CorpusFormat(path: path)?.baseName ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// Discovers categories in `directory`: each subfolder (all readable files below it) or each readable
    /// file directly inside is one category, named by the folder or file name. Sorted by name.
    /// A `.yaml`/`.yml`/`.json` file instead of a folder is a category manifest (`CategoryManifest`).
    public static func discover(in directory: String) throws -> [Category] {
        if CategoryManifest.isManifest(directory) { return try CategoryManifest.load(directory) }
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw CorpusError.notFound(path: directory)
        }
        guard isDirectory.boolValue else { throw CorpusError.notADirectory(path: directory) }
        let entries: [String]
        do {
            entries = try manager.contentsOfDirectory(atPath: directory).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw CorpusError.unreadable(path: directory, reason: "cannot list directory")
        }
        var categories: [String: Category] = [:]
        for entry in entries {
            let path = (directory as NSString).appendingPathComponent(entry)
            var entryIsDirectory: ObjCBool = false
            _ = manager.fileExists(atPath: path, isDirectory: &entryIsDirectory)
            let category: Category
            if entryIsDirectory.boolValue {
                let (files, skipped) = try readableFiles(under: path)
                guard !files.isEmpty else { throw CorpusError.emptyCategory(name: entry, path: path) }
                category = Category(name: entry, files: files, skippedFiles: skipped)
            } else if isReadable(path) {
                category = Category(name: baseName(path), files: [path])
            } else {
                continue
            }
            guard categories[category.name] == nil else {
                throw CorpusError.duplicateCategory(name: category.name, path: path)
            }
            categories[category.name] = category
        }
        guard !categories.isEmpty else { throw CorpusError.noCategories(path: directory) }
        return categories.values.sorted { $0.name < $1.name }
    }

    /// All readable files below `directory`, sorted by path, and the other (not hidden) files counted by kind.
    static func readableFiles(under directory: String) throws -> (files: [String], skipped: [String: Int]) {
        let directory = (directory as NSString).resolvingSymlinksInPath
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            throw CorpusError.unreadable(path: directory, reason: "cannot list directory")
        }
        var files: [String] = []
        var skipped: [String: Int] = [:]
        while let relative = enumerator.nextObject() as? String {
            let path = (directory as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            if isReadable(path) {
                files.append(path)
            } else {
                skipped[CorpusFormat.skippedKind(path), default: 0] += 1
            }
        }
        return (files.sorted(), skipped)
    }

    /// The files at positions ≡ `index` (mod `count`) in sorted order: one shard of a counting job array.
    package func shard(_ index: Int, of count: Int) -> Category {
        var shard = self
        shard.files = files.enumerated().filter { $0.offset % count == index }.map(\.element)
        return shard
    }

    /// Splits each category's files in two disjoint halves by position in sorted order (even / odd),
    /// so a tokenizer can be trained on one half and inferred from the other.
    package func halves() -> (even: Category, odd: Category) {
        let even = files.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        let odd = files.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        var (first, second) = (self, self)
        first.files = even
        second.files = odd
        return (first, second)
    }
}
