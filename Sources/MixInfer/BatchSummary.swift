import Foundation

/// The results of a batch as a tokenizers × categories table: rendered as CSV, Markdown and an SVG heat map.
package struct BatchSummary: Sendable {
    /// One (tokenizer, category set) pair; `shares` is nil when the pair failed, and `error` then says why.
    package struct Row: Sendable {
        package var tokenizer: String
        package var categorySet: String
        package var shares: [String: Double]?
        /// The groups' totals (`GroupEstimate`), by group name.
        package var groups: [String: Double]
        /// The pair's warnings, "code: message".
        package var warnings: [String]
        /// A failed pair's error message.
        package var error: String?

        package init(tokenizer: String, categorySet: String, shares: [String: Double]?, groups: [String: Double] = [:],
                     warnings: [String] = [], error: String? = nil) {
            self.tokenizer = tokenizer
            self.categorySet = categorySet
            self.shares = shares
            self.groups = groups
            self.warnings = warnings
            self.error = error
        }

        /// The share of a column: a category, or a group as "group:NAME".
        func value(_ column: String) -> Double? {
            column.hasPrefix(BatchSummary.groupPrefix) ? groups[String(column.dropFirst(BatchSummary.groupPrefix.count))]
                : shares?[column]
        }

        /// The codes of the warnings, `;`-separated.
        var warningCodes: String { warnings.map { String($0.prefix { $0 != ":" }) }.joined(separator: ";") }
    }

    package var rows: [Row]

    package init(rows: [Row]) { self.rows = rows }

    /// How a group's column is named, before the group's name.
    static let groupPrefix = "group:"

    /// Every category of any row, sorted, then every group of any row ("group:NAME").
    package var categories: [String] {
        Array(Set(rows.flatMap { $0.shares?.keys.map { $0 } ?? [] })).sorted()
            + Array(Set(rows.flatMap { $0.groups.keys })).sorted().map { Self.groupPrefix + $0 }
    }

    /// `tokenizer,category_set,<categories…>,warnings`, one line per pair (failed cells empty; warning codes
    /// `;`-separated).
    package var csv: String {
        let categories = self.categories
        var text = (["tokenizer", "category_set"] + categories + ["warnings"]).joined(separator: ",") + "\n"
        for row in rows {
            let cells = categories.map { name in row.value(name).map { String(format: "%.4f", $0) } ?? "" }
            text += ([row.tokenizer, row.categorySet] + cells + [row.warningCodes]).joined(separator: ",") + "\n"
        }
        return text
    }

    /// The same table in Markdown; failed pairs say so, and why in a list after the table, before the warnings.
    package var markdown: String {
        let categories = self.categories
        var text = "| tokenizer | set | " + categories.joined(separator: " | ") + " |\n"
        text += "|---|---|" + String(repeating: "---|", count: categories.count) + "\n"
        for row in rows {
            let cells = categories.map { name in row.value(name).map { String(format: "%.4f", $0) } ?? "" }
            let status = row.shares == nil ? " (failed)" : ""
            text += "| \(row.tokenizer)\(status) | \(row.categorySet) | " + cells.joined(separator: " | ") + " |\n"
        }
        let failed = rows.filter { $0.shares == nil }
        if !failed.isEmpty { text += "\nFailed:\n\n" }
        for row in failed { text += "- \(row.tokenizer) × \(row.categorySet): \(row.error ?? "no result")\n" }
        let warned = rows.filter { !$0.warnings.isEmpty }
        if !warned.isEmpty { text += "\nWarnings:\n\n" }
        for row in warned {
            for warning in row.warnings { text += "- \(row.tokenizer) × \(row.categorySet): \(warning)\n" }
        }
        return text
    }
}
