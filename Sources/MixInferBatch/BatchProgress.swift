import Foundation
import MixInferSupport

/// Pairs finished in a batch and the time taken: the ETA of the rest from the mean time per pair computed.
/// Pairs whose result was kept from an earlier run take no time and do not count towards the mean.
/// With several jobs at once the mean is the time between two finished pairs, which is what the ETA needs.
/// Safe from any thread: pairs are recorded, and their events sent, one at a time.
final class BatchProgress: @unchecked Sendable {
    let total: Int
    private var finished = 0
    private var computed = 0
    private let lock = NSLock()

    init(total: Int) { self.total = total }

    /// Records one finished pair, `elapsed` seconds after the batch started, and hands `send` a `batch` event: the
    /// pairs finished of all, the time since the start and the ETA of the rest (nil before a pair was computed).
    func record(skipped: Bool, elapsed: Double, _ send: (ProgressEvent) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        finished += 1
        if !skipped { computed += 1 }
        let estimate = ProgressEstimate(done: computed, total: computed + total - finished, elapsed: elapsed)
        var event = ProgressEvent(.batch, done: finished, total: total, unit: .count("pairs"), elapsed: elapsed,
                                  remaining: finished < total ? estimate.remaining : 0)
        event.finished = finished == total
        send(event)
    }
}
