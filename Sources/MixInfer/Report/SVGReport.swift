import Foundation

/// Self-contained SVG charts, readable in any browser: a bar chart of one estimate, a heat map of a batch.
public enum SVGReport {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Horizontal bars, largest share first, with split-half ranges when the estimate has them.
    public static func bars(_ estimate: MixtureEstimate, title: String) -> String {
        let ranked = estimate.ranked
        let labelWidth = 12 + 8 * (ranked.map(\.name.count).max() ?? 4), barWidth = 480.0, row = 26
        let width = max(labelWidth + Int(barWidth) + 90, 24 + 9 * title.count), height = 70 + row * ranked.count
        let halves = estimate.splitHalves.count == 2
            ? Dictionary(uniqueKeysWithValues: estimate.categories.indices.map {
                (estimate.categories[$0], [estimate.splitHalves[0][$0], estimate.splitHalves[1][$0]])
            }) : [:]
        var body = ""
        for (index, item) in ranked.enumerated() {
            let y = 50 + index * row
            let length = max(1, item.share * barWidth)
            body += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 16)\" text-anchor=\"end\">\(escape(item.name))</text>"
            body += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(String(format: "%.1f", length))\" height=\"18\" fill=\"#3b6fb6\"/>"
            if let range = halves[item.name] {
                let (low, high) = (range.min()! * barWidth, range.max()! * barWidth)
                body += "<line x1=\"\(String(format: "%.1f", Double(labelWidth) + low))\" x2=\"\(String(format: "%.1f", Double(labelWidth) + high))\" "
                    + "y1=\"\(y + 12)\" y2=\"\(y + 12)\" stroke=\"#d4442e\" stroke-width=\"3\"/>"
            }
            body += "<text x=\"\(labelWidth + Int(length) + 6)\" y=\"\(y + 16)\">\(String(format: "%.2f%%", item.share * 100))</text>"
        }
        let note = halves.isEmpty ? "" : " — red: range of the two split-half estimates"
        return document(width: width, height: height, title: title,
                        subtitle: "\(estimate.mergesUsed) merges, total slack \(String(format: "%.4g", estimate.solution.objective))\(note)",
                        body: body)
    }

    /// Tokenizers (rows) × categories (columns), cell shade and text = share.
    public static func heatMap(_ outcomes: [BatchRunner.Outcome], title: String) -> String {
        let rows = outcomes.map { "\($0.tokenizer) × \($0.categorySet)" }
        let categories = Array(Set(outcomes.flatMap { (try? $0.result.get())?.keys.map { $0 } ?? [] })).sorted()
        let labelWidth = 16 + 8 * (rows.map(\.count).max() ?? 4), cell = 64, top = 90
        let width = max(labelWidth + cell * categories.count + 20, 24 + 9 * title.count), height = top + 30 * rows.count + 20
        var body = ""
        for (column, name) in categories.enumerated() {
            let x = labelWidth + column * cell + cell / 2
            body += "<text x=\"\(x)\" y=\"\(top - 8)\" text-anchor=\"middle\">\(escape(name))</text>"
        }
        for (index, outcome) in outcomes.enumerated() {
            let y = top + index * 30
            body += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 20)\" text-anchor=\"end\">\(escape(rows[index]))</text>"
            let shares = try? outcome.result.get()
            for (column, name) in categories.enumerated() {
                let x = labelWidth + column * cell
                guard let share = shares?[name] else {
                    body += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell - 2)\" height=\"28\" fill=\"#eeeeee\"/>"
                    continue
                }
                let light = Int(250 - 190 * min(1, share.squareRoot()))
                body += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell - 2)\" height=\"28\" fill=\"rgb(\(light),\(light + 5 > 255 ? 255 : light + 5),255)\"/>"
                body += "<text x=\"\(x + cell / 2)\" y=\"\(y + 19)\" text-anchor=\"middle\" fill=\"\(share > 0.3 ? "white" : "black")\">"
                    + String(format: "%.1f", share * 100) + "</text>"
            }
        }
        return document(width: width, height: height, title: title, subtitle: "share of training bytes, %", body: body)
    }

    static func document(width: Int, height: Int, title: String, subtitle: String, body: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" \
        font-family="DejaVu Sans, Arial, sans-serif" font-size="13">
        <rect width="100%" height="100%" fill="white"/>
        <text x="12" y="22" font-size="16" font-weight="bold">\(escape(title))</text>
        <text x="12" y="40" fill="#555">\(escape(subtitle))</text>
        \(body)
        </svg>

        """
    }
}
