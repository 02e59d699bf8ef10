import Foundation

/// One candidate category: a name and the text files that sample it.
public struct Category: Sendable, Hashable {
    public var name: String
    public var files: [String]

    public init(name: String, files: [String]) {
        self.name = name
        self.files = files
    }

    /// File extensions read as text (each optionally followed by `.gz`).
    static let textExtensions: Set<String> = ["txt", "text", "jsonl", "md"]

    /// Whether `path` names a file mixinfer reads.
    static func isReadable(_ path: String) -> Bool {
        var name = (path as NSString).lastPathComponent.lowercased()
        if name.hasPrefix(".") { return false }
        if name.hasSuffix(".gz") { name = String(name.dropLast(3)) }
        return textExtensions.contains((name as NSString).pathExtension)
    }

    /// A file name without its text and `.gz` extensions: `en.txt.gz` → `en`.
    static func baseName(_ path: String) -> String {
        var name = (path as NSString).lastPathComponent
        if name.lowercased().hasSuffix(".gz") { name = String(name.dropLast(3)) }
        return (name as NSString).deletingPathExtension
    }

    /// Discovers categories in `directory`: each subfolder (all readable files below it) or each readable
    /// file directly inside is one category, named by the folder or file name. Sorted by name.
    public static func discover(in directory: String) throws -> [Category] {
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
                let files = try readableFiles(under: path)
                guard !files.isEmpty else { throw CorpusError.emptyCategory(name: entry, path: path) }
                category = Category(name: entry, files: files)
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

    /// All readable files below `directory`, sorted by path.
    static func readableFiles(under directory: String) throws -> [String] {
        let directory = (directory as NSString).resolvingSymlinksInPath
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            throw CorpusError.unreadable(path: directory, reason: "cannot list directory")
        }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let path = (directory as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
               isReadable(path), !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                files.append(path)
            }
        }
        return files.sorted()
    }

    /// The files at positions ≡ `index` (mod `count`) in sorted order: one shard of a counting job array.
    public func shard(_ index: Int, of count: Int) -> Category {
        Category(name: name, files: files.enumerated().filter { $0.offset % count == index }.map(\.element))
    }

    /// Splits each category's files in two disjoint halves by position in sorted order (even / odd),
    /// so a tokenizer can be trained on one half and inferred from the other.
    public func halves() -> (even: Category, odd: Category) {
        let even = files.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        let odd = files.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        return (Category(name: name, files: even), Category(name: name, files: odd))
    }
}
