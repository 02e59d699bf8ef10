import Dispatch
import Foundation

/// `body(0..<count)` run concurrently (one task per index); results in index order.
package func concurrentMap<Value>(_ count: Int, _ body: (Int) -> Value) -> [Value] {
    let results = ParallelResults<Value>(count: count)
    withoutActuallyEscaping(body) { body in
        let work = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: count) { index in results.set(index, work.value(index)) }
    }
    return results.values()
}

/// `concurrentMap` of a body that can throw: every index runs, then the first error (in index order) is thrown.
package func concurrentTryMap<Value>(_ count: Int, _ body: (Int) throws -> Value) throws -> [Value] {
    try concurrentMap(count) { index in Result { try body(index) } }.map { try $0.get() }
}

/// Wraps a value for hand-off to concurrent code that only reads it or writes disjoint slots.
package struct UncheckedSendable<Value>: @unchecked Sendable {
    package var value: Value
    package init(_ value: Value) { self.value = value }
}

/// Collects per-index results from concurrent work.
package final class ParallelResults<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    package init(count: Int) { slots = Array(repeating: nil, count: count) }

    package func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    /// All values; every index must have been set.
    package func values() -> [Value] { slots.map { $0! } }
}
