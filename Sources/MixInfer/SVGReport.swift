import Foundation
import MixInferInference

/// Self-contained SVG charts, readable in any browser: a bar chart of one estimate, a heat map of a batch.
package enum SVGReport {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Horizontal bars, largest share first: the detected categories, then the groups' totals in another colour;
    /// 90 % intervals as error bars when the estimate has them. Value labels sit right of the bar and its error bar.
    package static func bars(_ estimate: MixtureEstimate, title: String) -> String {
        let items = estimate.ranked.filter(\.detected).map { ($0.name, $0.share, $0.interval, "#3b6fb6") }
            + estimate.groups.sorted { $0.share > $1.share }.map { ("Σ " + $0.name, $0.share, $0.interval, "#d98b2b") }
        let labelWidth = 12 + 8 * (items.map(\.0.count).max() ?? 4), barWidth = 480.0, row = 26, top = 78
        let width = max(labelWidth + Int(barWidth) + 110, 24 + 9 * title.count), height = top + 12 + row * items.count
        let highest = items.map { max($0.1, $0.2?.high ?? 0) }.max() ?? 1
        let axis = min(1, max(0.1, (highest * 10).rounded(.up) / 10))
        let x = { (share: Double) in Double(labelWidth) + share / axis * barWidth }
        let f = { (value: Double) in String(format: "%.1f", value) }
        var body = axisMarks(axis: axis, x: x, top: top, bottom: top + row * items.count)
        for (index, (name, share, interval, fill)) in items.enumerated() {
            let y = top + index * row
            body += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 16)\" text-anchor=\"end\">\(escape(name))</text>"
            body += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(f(max(1, x(share) - Double(labelWidth))))\" "
                + "height=\"16\" fill=\"\(fill)\"/>"
            var right = x(share)
            if let interval {
                let (low, high) = (x(interval.low), x(interval.high))
                body += "<path d=\"M\(f(low)) \(y + 12) H\(f(high)) M\(f(low)) \(y + 7) V\(y + 17) M\(f(high)) \(y + 7) V\(y + 17)\" "
                    + "stroke=\"#222\" stroke-width=\"1.5\" fill=\"none\"/>"
                right = max(right, high)
            }
            body += "<text x=\"\(f(right + 6))\" y=\"\(y + 16)\">\(String(format: "%.2f%%", share * 100))</text>"
        }
        var notes: [String] = []
        if items.contains(where: { $0.2 != nil }) { notes.append("black: 90 % intervals") }
        if !estimate.groups.isEmpty { notes.append("orange: groups") }
        let absent = estimate.categories.filter { !$0.detected }.count
        if absent > 0 { notes.append("\(absent) not detected") }
        let subtitle = "\(estimate.mergesUsed) merges, total slack \(String(format: "%.4g", estimate.solution.objective))"
            + (notes.isEmpty ? "" : " — " + notes.joined(separator: "; "))
        return document(width: width, height: height, title: title, subtitle: subtitle, body: body)
    }

    /// The axis above the bars: a line with ticks and percent labels, and faint grid lines down to `bottom`.
    static func axisMarks(axis: Double, x: (Double) -> Double, top: Int, bottom: Int) -> String {
        let step = axis <= 0.2 ? 0.05 : axis <= 0.5 ? 0.1 : 0.25
        var body = "<line x1=\"\(String(format: "%.1f", x(0)))\" x2=\"\(String(format: "%.1f", x(axis)))\" y1=\"\(top - 4)\" "
            + "y2=\"\(top - 4)\" stroke=\"#888\"/>"
        var tick = 0.0
        while tick <= axis + 1e-9 {
            let position = String(format: "%.1f", x(tick))
            body += "<line x1=\"\(position)\" x2=\"\(position)\" y1=\"\(top - 8)\" y2=\"\(bottom)\" stroke=\"#ddd\"/>"
            body += "<text x=\"\(position)\" y=\"\(top - 12)\" text-anchor=\"middle\" fill=\"#555\" font-size=\"11\">"
                + String(format: "%.0f%%", tick * 100) + "</text>"
            tick += step
        }
        return body
    }

    /// Tokenizers (rows) × categories (columns), cell shade and text = share.
    package static func heatMap(_ summary: BatchSummary, title: String) -> String {
        let outcomes = summary.rows
        let rows = outcomes.map { "\($0.tokenizer) × \($0.categorySet)" }
        let categories = summary.categories
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
            let shares = outcome.shares
            for (column, name) in categories.enumerated() {
                let x = labelWidth + column * cell
                guard shares != nil, let share = outcome.value(name) else {
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
