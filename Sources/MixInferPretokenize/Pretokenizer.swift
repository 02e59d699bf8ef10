/// A pretokenizer compiled from its spec: regexes compiled once, shareable across threads.
/// Call `makeSession()` on each thread that splits text.
package final class Pretokenizer: @unchecked Sendable {
    enum Step {
        case prefixSpace
        case split(CompiledRegex, SplitBehavior, invert: Bool)
        case digits(individual: Bool)
        case metaspace(replacement: [UInt8], prepend: MetaspacePrepend, splitter: CompiledRegex?)
    }

    let steps: [Step]
    package let spec: PretokenizerSpec

    package init(_ spec: PretokenizerSpec) throws {
        self.spec = spec
        steps = try Pretokenizer.compile(spec)
    }

    private static func compile(_ spec: PretokenizerSpec) throws -> [Step] {
        switch spec {
        case .none:
            return []
        case let .byteLevel(addPrefixSpace, useRegex):
            var steps: [Step] = addPrefixSpace ? [.prefixSpace] : []
            if useRegex { steps.append(.split(try CompiledRegex(PretokenizerPresets.gpt2), .isolated, invert: false)) }
            return steps
        case let .split(.regex(pattern), behavior, invert):
            return [.split(try CompiledRegex(pattern), behavior, invert: invert)]
        case let .split(.literal(text), behavior, invert):
            return [.split(try CompiledRegex(escapedLiteral(text)), behavior, invert: invert)]
        case let .digits(individual):
            return [.digits(individual: individual)]
        case .whitespaceSplit:
            return [.split(try CompiledRegex(#"\s+"#), .removed, invert: false)]
        case let .sequence(parts):
            return try parts.flatMap(compile)
        case let .metaspace(replacement, scheme, split):
            return [.metaspace(replacement: Array(replacement.utf8), prepend: scheme,
                               splitter: split ? try CompiledRegex(escapedLiteral(replacement)) : nil)]
        }
    }

    /// A PCRE2 pattern that matches `text` literally.
    static func escapedLiteral(_ text: String) -> String {
        text.isEmpty ? "(?!)" : "\\Q" + text.replacingOccurrences(of: "\\E", with: "\\E\\\\E\\Q") + "\\E"
    }

    /// Per-thread splitting state.
    package func makeSession() -> PretokenizerSession { PretokenizerSession(self) }
}

/// Splits documents into pretokens. Not thread-safe: one session per thread.
package final class PretokenizerSession {
    private let pretokenizer: Pretokenizer
    private var matchers: [Int: RegexMatcher] = [:]
    private var arena: [UInt8] = []
    private var segments: [Range<Int>] = []
    private var nextSegments: [Range<Int>] = []
    private var parts: [(range: Range<Int>, delimiter: Bool)] = []

    init(_ pretokenizer: Pretokenizer) {
        self.pretokenizer = pretokenizer
        for (index, step) in pretokenizer.steps.enumerated() {
            if case let .split(regex, _, _) = step { matchers[index] = RegexMatcher(regex) }
            if case let .metaspace(_, _, splitter?) = step { matchers[index] = RegexMatcher(splitter) }
        }
    }

    /// Calls `body` with each pretoken of `text` (valid UTF-8), in order. Empty pieces are skipped.
    package func forEachPiece(of text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) throws {
        let steps = pretokenizer.steps
        if steps.count == 1, case let .split(_, .isolated, invert) = steps[0], !invert {
            try isolatedSplit(text, matcher: matchers[0]!, body)
            return
        }
        arena.removeAll(keepingCapacity: true)
        arena.append(contentsOf: text)
        segments.removeAll(keepingCapacity: true)
        segments.append(0..<arena.count)
        for (index, step) in steps.enumerated() {
            nextSegments.removeAll(keepingCapacity: true)
            for (position, segment) in segments.enumerated() where !segment.isEmpty {
                try apply(step, index: index, to: segment, first: position == 0)
            }
            swap(&segments, &nextSegments)
        }
        arena.withUnsafeBufferPointer { buffer in
            for segment in segments where !segment.isEmpty {
                body(UnsafeBufferPointer(rebasing: buffer[segment]))
            }
        }
    }

    /// Convenience for tests and small inputs: the pretokens of a string as byte arrays.
    package func pieces(of text: String) throws -> [[UInt8]] {
        var result: [[UInt8]] = []
        var bytes = Array(text.utf8)
        try bytes.withUnsafeMutableBufferPointer { buffer in
            try forEachPiece(of: UnsafeBufferPointer(buffer)) { result.append(Array($0)) }
        }
        return result
    }

    private func isolatedSplit(_ text: UnsafeBufferPointer<UInt8>, matcher: RegexMatcher,
                               _ body: (UnsafeBufferPointer<UInt8>) -> Void) throws {
        var position = 0, searchFrom = 0
        while let match = try matcher.firstMatch(in: text, from: searchFrom) {
            if match.isEmpty {
                searchFrom = nextCharacterBoundary(text, after: match.lowerBound)
                continue
            }
            if match.lowerBound > position { body(UnsafeBufferPointer(rebasing: text[position..<match.lowerBound])) }
            body(UnsafeBufferPointer(rebasing: text[match]))
            position = match.upperBound
            searchFrom = position
        }
        if position < text.count { body(UnsafeBufferPointer(rebasing: text[position...])) }
    }

    private func apply(_ step: Pretokenizer.Step, index: Int, to segment: Range<Int>, first: Bool) throws {
        switch step {
        case let .metaspace(replacement, prepend, splitter):
            let start = arena.count
            // HF replaces spaces first, then prepends unless the piece already starts with the replacement.
            let startsWithReplacement = arena[segment.lowerBound] == 0x20 || arena[segment].starts(with: replacement)
            if !startsWithReplacement && (prepend == .always || (prepend == .first && first)) {
                arena.append(contentsOf: replacement)
            }
            for position in segment {
                if arena[position] == 0x20 { arena.append(contentsOf: replacement) } else { arena.append(arena[position]) }
            }
            let rewritten = start..<arena.count
            if splitter != nil, let matcher = matchers[index] {
                try collectMatches(matcher, in: rewritten, invert: false)
                emit(behavior: .mergedWithNext)
            } else {
                nextSegments.append(rewritten)
            }
        case .prefixSpace:
            if arena[segment.lowerBound] == 0x20 {
                nextSegments.append(segment)
            } else {
                let start = arena.count
                arena.append(0x20)
                arena.append(contentsOf: arena[segment])
                nextSegments.append(start..<arena.count)
            }
        case let .split(_, behavior, invert):
            try collectMatches(matchers[index]!, in: segment, invert: invert)
            emit(behavior: behavior)
        case let .digits(individual):
            collectDigits(in: segment, individual: individual)
            emit(behavior: individual ? .isolated : .contiguous)
        }
    }

    /// Fills `parts` with alternating gaps and matches of `segment`, flagged as delimiters.
    private func collectMatches(_ matcher: RegexMatcher, in segment: Range<Int>, invert: Bool) throws {
        parts.removeAll(keepingCapacity: true)
        try arena.withUnsafeBufferPointer { whole in
            let text = UnsafeBufferPointer(rebasing: whole[segment])
            let base = segment.lowerBound
            var position = 0, searchFrom = 0
            while let match = try matcher.firstMatch(in: text, from: searchFrom) {
                if match.isEmpty {
                    searchFrom = nextCharacterBoundary(text, after: match.lowerBound)
                    continue
                }
                if match.lowerBound > position {
                    parts.append((base + position..<base + match.lowerBound, invert))
                }
                parts.append((base + match.lowerBound..<base + match.upperBound, !invert))
                position = match.upperBound
                searchFrom = position
            }
            if position < text.count { parts.append((base + position..<base + text.count, invert)) }
        }
    }

    private func collectDigits(in segment: Range<Int>, individual: Bool) {
        parts.removeAll(keepingCapacity: true)
        var start = segment.lowerBound
        for index in segment {
            let isDigit = (0x30...0x39).contains(arena[index])
            if isDigit {
                if index > start { parts.append((start..<index, false)) }
                parts.append((index..<index + 1, true))
                start = index + 1
            }
        }
        if start < segment.upperBound { parts.append((start..<segment.upperBound, false)) }
    }

    /// Turns `parts` into pieces following HF's SplitDelimiterBehavior rules.
    private func emit(behavior: SplitBehavior) {
        var previousIsDelimiter = false
        var havePrevious = false
        for (range, delimiter) in parts {
            switch behavior {
            case .isolated:
                nextSegments.append(range)
            case .removed:
                if !delimiter { nextSegments.append(range) }
            case .mergedWithPrevious:
                if delimiter && havePrevious && !previousIsDelimiter {
                    extendLast(to: range.upperBound)
                    previousIsDelimiter = true
                } else {
                    nextSegments.append(range)
                    previousIsDelimiter = delimiter
                }
            case .mergedWithNext:
                if !delimiter && havePrevious && previousIsDelimiter {
                    extendLast(to: range.upperBound)
                    previousIsDelimiter = false
                } else {
                    nextSegments.append(range)
                    previousIsDelimiter = delimiter
                }
            case .contiguous:
                if delimiter && havePrevious && previousIsDelimiter {
                    extendLast(to: range.upperBound)
                } else {
                    nextSegments.append(range)
                }
                previousIsDelimiter = delimiter
            }
            havePrevious = true
        }
    }

    private func extendLast(to upper: Int) {
        let last = nextSegments.removeLast()
        nextSegments.append(last.lowerBound..<upper)
    }
}

/// Offset of the next UTF-8 character start after `index` (skips continuation bytes).
@inline(__always)
func nextCharacterBoundary(_ text: UnsafeBufferPointer<UInt8>, after index: Int) -> Int {
    var next = index + 1
    while next < text.count && text[next] & 0xC0 == 0x80 { next += 1 }
    return next
}
