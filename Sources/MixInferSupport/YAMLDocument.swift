import Yams

/// YAML as mixinfer's manifests read it: composed first (an alias then shares its anchor's node instead of copying
/// it), and refused when following the aliases would give more than `nodeLimit` nodes. A ten-line file of nested
/// aliases (a "billion laughs") otherwise expands to gigabytes while it is decoded.
package enum YAMLDocument {
    /// Most nodes a manifest may expand to; a manifest of 117 categories with their paths has a few thousand.
    package static let nodeLimit = 100_000

    /// A document that expands beyond `nodeLimit` nodes.
    package struct TooLarge: Error, CustomStringConvertible {
        package var description: String {
            "expands to more than \(YAMLDocument.nodeLimit) values once its aliases (*name) are followed"
        }
    }

    /// The document's root node (nil for an empty document), checked against `nodeLimit`. Throws the parser's
    /// `YamlError` for text that is not YAML, `TooLarge` for a document that expands too far.
    package static func compose(_ text: String) throws -> Node? {
        guard let root = try Yams.compose(yaml: text) else { return nil }
        var budget = nodeLimit
        guard fits(root, within: &budget) else { throw TooLarge() }
        return root
    }

    /// The document as plain values (`[String: Any]`, `[Any]`, strings, numbers, booleans).
    package static func load(_ text: String) throws -> Any? {
        try compose(text)?.any
    }

    /// Whether `node` has at most `budget` nodes counted with every alias followed; stops counting once over.
    private static func fits(_ node: Node, within budget: inout Int) -> Bool {
        budget -= 1
        guard budget >= 0 else { return false }
        switch node {
        case .scalar, .alias: return true
        case let .sequence(items): return items.allSatisfy { fits($0, within: &budget) }
        case let .mapping(pairs): return pairs.allSatisfy { fits($0.key, within: &budget) && fits($0.value, within: &budget) }
        }
    }
}
