import Foundation
import MixInferSupport
import MixInferCorpus

/// A source shift for `evaluate --shift`: each category's documents are split by the source they came from, so
/// that the tokenizer is trained on some sources and inferred from the others (not on alternate files of the same
/// sources). The sources come from `documents.tsv` (file, byte offset, bytes, source, label per document), which
/// `scripts/build-corpora` writes next to the category folders; a source is a package, or a top directory or help
/// module within one.
package struct SourceSplit: Sendable {
    /// One category's sources on the training side and on the inference side.
    package struct Sides: Sendable, Equatable {
        package var category: String
        package var training: [String]
        package var inference: [String]
    }

    /// Per category, in the order given.
    package var sides: [Sides]
    /// Categories left out because their documents come from fewer than two sources.
    package var leftOut: [String] = []
    /// Each category rewritten under the scratch folder as two: the training side's documents (dealt in turn into
    /// 000.txt and 002.txt) and the inference side's (into 001.txt and 003.txt, or with `filePerSource` into one
    /// file per source, so that a bootstrap over files resamples sources).
    package var halves: [(training: Category, inference: Category)]

    /// The table's file name, in the folder that holds the category folders.
    package static let tableName = "documents.tsv"

    /// Splits every category's sources into two sides of about equal bytes (largest source first, each to the
    /// side with fewer bytes so far; ties to training) and writes both sides' documents under `scratch`.
    /// With `leavingOut`, a category of one source is left out (and listed) instead of an error.
    package static func make(_ categories: [Category], scratch: String, leavingOut: Bool = false,
                             filePerSource: Bool = false) throws -> SourceSplit {
        var tables: [String: DocumentTable] = [:]
        var split = SourceSplit(sides: [], halves: [])
        for category in categories {
            var table = ""
            let documents = try category.files.flatMap { file -> [DocumentTable.Row] in
                let (root, key) = Self.location(of: file)
                table = (root as NSString).appendingPathComponent(tableName)
                if tables[table] == nil { tables[table] = try DocumentTable(path: table) }
                return tables[table]!.rows[key] ?? []
            }
            if leavingOut && Set(documents.map(\.source)).count == 1 {
                split.leftOut.append(category.name)
                continue
            }
            let sides = try assign(documents, category: category.name, table: table)
            split.sides.append(sides)
            split.halves.append(try write(category, documents: documents, sides: sides, scratch: scratch,
                                          filePerSource: filePerSource))
        }
        return split
    }

    /// The folder holding the category folders and the file's key in its table ("category/000.txt"), after
    /// resolving symbolic links (sets of categories are often folders of links into one corpus).
    static func location(of file: String) -> (root: String, key: String) {
        let resolved = URL(fileURLWithPath: file).resolvingSymlinksInPath()
        let folder = resolved.deletingLastPathComponent()
        return (folder.deletingLastPathComponent().path, folder.lastPathComponent + "/" + resolved.lastPathComponent)
    }

    static func assign(_ documents: [DocumentTable.Row], category: String, table: String) throws -> Sides {
        var bytes: [String: Int] = [:]
        for document in documents { bytes[document.source, default: 0] += document.length }
        guard bytes.count >= 2 else {
            let what = bytes.keys.first.map { "one source only (\($0))" } ?? "no documents"
            throw CorpusError.unreadable(path: table, reason: "category '\(category)' has \(what): a source shift needs two or more")
        }
        var sides = Sides(category: category, training: [], inference: [])
        var (trainingBytes, inferenceBytes) = (0, 0)
        for source in bytes.keys.sorted(by: { (bytes[$0]!, $1) > (bytes[$1]!, $0) }) {
            if trainingBytes <= inferenceBytes {
                sides.training.append(source)
                trainingBytes += bytes[source]!
            } else {
                sides.inference.append(source)
                inferenceBytes += bytes[source]!
            }
        }
        return sides
    }

    /// Writes 000.txt/002.txt (training documents, dealt in turn) and 001.txt/003.txt (inference documents), or
    /// with `filePerSource` s000.txt, s001.txt, … (the inference side's sources in the order of `sides`).
    static func write(_ category: Category, documents: [DocumentTable.Row], sides: Sides, scratch: String,
                      filePerSource: Bool) throws -> (training: Category, inference: Category) {
        let folder = (scratch as NSString).appendingPathComponent(category.name)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let training = Set(sides.training)
        let sourceFile = Dictionary(uniqueKeysWithValues: sides.inference.enumerated().map { ($0.element, $0.offset) })
        var parts = (training: [Data(), Data()], inference: [Data](repeating: Data(), count: filePerSource ? sides.inference.count : 2))
        var dealt = (training: 0, inference: 0)
        var contents: [String: Data] = [:]
        for document in documents {
            if contents[document.file] == nil {
                guard let data = FileManager.default.contents(atPath: document.file) else {
                    throw CorpusError.unreadable(path: document.file, reason: "cannot read file")
                }
                contents[document.file] = data
            }
            let data = contents[document.file]!
            guard document.offset + document.length <= data.count else {
                throw CorpusError.unreadable(path: document.file, reason: "documents.tsv places a document at bytes "
                    + "\(document.offset)..<\(document.offset + document.length), past the file's end (\(data.count) bytes)")
            }
            let text = data[data.startIndex + document.offset ..< data.startIndex + document.offset + document.length]
            let add = { (part: inout Data) in part.append(text); part.append(0x0A) }
            if training.contains(document.source) {
                add(&parts.training[dealt.training % 2])
                dealt.training += 1
            } else {
                add(&parts.inference[filePerSource ? sourceFile[document.source]! : dealt.inference % 2])
                dealt.inference += 1
            }
        }
        func written(_ data: Data, _ name: String) throws -> String {
            let path = (folder as NSString).appendingPathComponent(name)
            guard FileManager.default.createFile(atPath: path, contents: data) else {
                throw CorpusError.unreadable(path: path, reason: "cannot write the source-split sample")
            }
            return path
        }
        var (trainingSide, inferenceSide) = (category, category)
        trainingSide.files = try [written(parts.training[0], "000.txt"), written(parts.training[1], "002.txt")]
        inferenceSide.files = try parts.inference.enumerated().map { index, data in
            try written(data, filePerSource ? String(format: "s%03d.txt", index) : String(format: "%03d.txt", 2 * index + 1))
        }
        return (trainingSide, inferenceSide)
    }
}

/// `documents.tsv`: where each document of a built corpus lies and which source it came from.
struct DocumentTable {
    struct Row {
        /// Absolute path of the file holding the document.
        var file: String
        var offset: Int
        var length: Int
        var source: String
    }

    /// Rows by file key ("category/000.txt"), in the table's order.
    var rows: [String: [Row]] = [:]

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw CorpusError.unreadable(path: path, reason: "cannot read the table of document sources that --shift needs "
                + "(scripts/build-corpora writes it next to the category folders)")
        }
        let root = (path as NSString).deletingLastPathComponent
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where number > 0 && !line.isEmpty {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 4, let offset = Int(fields[1]), let length = Int(fields[2]), offset >= 0, length >= 0 else {
                throw CorpusError.unreadable(path: path, reason: "line \(number + 1): expected file, offset, bytes, source and label separated by tabs")
            }
            let key = String(fields[0])
            rows[key, default: []].append(Row(file: (root as NSString).appendingPathComponent(key), offset: offset,
                                              length: length, source: String(fields[3])))
        }
    }
}
