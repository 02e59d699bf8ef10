import CShim
import MixInferSupport

/// A compiled PCRE2 regular expression (UTF + Unicode properties, JIT-compiled when possible).
/// Immutable and shareable across threads; matching needs a per-thread `RegexMatcher`.
package final class CompiledRegex: @unchecked Sendable {
    let handle: OpaquePointer
    package let pattern: String

    package init(_ pattern: String) throws {
        var error = [CChar](repeating: 0, count: 256)
        let utf8 = Array(pattern.utf8)
        let compiled = utf8.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) {
                mi_regex_compile($0, buffer.count, &error, error.count)
            }
        }
        guard let compiled else {
            let reason = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw PretokenizerError.badRegex(pattern: pattern, reason: reason)
        }
        handle = compiled
        self.pattern = pattern
    }

    deinit { mi_regex_free(handle) }
}

/// Per-thread match state for one `CompiledRegex`.
package final class RegexMatcher {
    private let regex: CompiledRegex
    private let handle: OpaquePointer

    package init(_ regex: CompiledRegex) {
        self.regex = regex
        guard let matcher = mi_matcher_create(regex.handle) else {
            fatalError("PCRE2 could not allocate match data (out of memory)")
        }
        handle = matcher
    }

    deinit { mi_matcher_free(handle) }

    /// The first match in `subject[start...]` as byte offsets, or nil. `subject` must be valid UTF-8.
    @inline(__always)
    package func firstMatch(in subject: UnsafeBufferPointer<UInt8>, from start: Int) throws -> Range<Int>? {
        if subject.isEmpty || start >= subject.count { return nil }
        var lower = 0, upper = 0
        let rc = mi_regex_find(handle, subject.baseAddress, subject.count, start, &lower, &upper)
        if rc == 1 { return lower..<upper }
        if rc == 0 { return nil }
        throw PretokenizerError.matchFailed(code: Int(rc))
    }
}
