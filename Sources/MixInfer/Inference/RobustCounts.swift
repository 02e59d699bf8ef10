import Foundation

/// Experimental: word counts of a sample made robust to words concentrated in one part.
enum RobustCounts {
    static func combine(_ lanes: [WordCounts], mode: String) -> WordCounts {
        let parts = lanes.filter { $0.bytes > 0 }
        guard parts.count >= 2 else { return WordCounts(summing: lanes) }
        let table = PartTable(parts)
        let g = Double(parts.count)
        var words = WordCounts(bytes: parts.map(\.bytes).reduce(0, +))
        for index in 0..<table.union.count {
            var total: Int64 = 0, top: Int64 = 0, present = 0
            for part in table.counts { let c = part[index]; total += c; top = max(top, c); if c > 0 { present += 1 } }
            let value: Double
            switch mode {
            case "dropmax": value = Double(total - top) * g / (g - 1)
            case "df": value = Double(total) * Double(present - 1) / (g - 1)
            case "sqrt":
                var s = 0.0
                for part in table.counts { s += Double(part[index]).squareRoot() }
                value = s * s / g
            case "cap":
                // each part's count capped at 3× the mean of the other parts... simple: cap at 2x mean over parts
                let mean = Double(total) / g
                var s = 0.0
                for part in table.counts { s += min(Double(part[index]), max(1, 2 * mean)) }
                value = s
            default: value = Double(total)
            }
            let rounded = Int64(value.rounded())
            guard rounded > 0 else { continue }
            words.arena.append(contentsOf: table.union.word(index))
            words.starts.append(words.arena.count)
            words.counts.append(rounded)
        }
        return words
    }
}
