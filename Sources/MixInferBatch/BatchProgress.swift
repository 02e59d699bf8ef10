import Foundation
import MixInferSupport

/// Pairs finished in a batch and the time taken: the ETA of the rest from the mean time per pair computed.
/// Pairs whose result was kept from an earlier run take no time and do not count towards the mean.
/// With several jobs at once the mean is the time between two finished pairs, which is what the ETA needs.
/// Safe from any thread: pairs are recorded, and their lines written, one at a time.
final class BatchProgress: @unchecked Sendable {
    let total: Int
    private var finished = 0
    private var computed = 0
    private let lock = NSLock()

    init(total: Int) { self.total = total }

    /// Records one finished pair, `elapsed` seconds after the batch started, and hands `write` the count, the mean
    /// and the ETA: "3 of 8 done, 41s per pair, ETA 3m25s".
    func record(skipped: Bool, elapsed: Double, _ write: (String) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        finished += 1
        if !skipped { computed += 1 }
        var text = "\(finished) of \(total) done"
        let estimate = ProgressEstimate(done: computed, total: computed + total - finished, elapsed: elapsed)
        if finished < total, let rate = estimate.rate, let remaining = estimate.remaining {
            text += ", " + ProgressEstimate.duration(1 / rate) + " per pair, ETA " + ProgressEstimate.duration(remaining)
        }
        write(text)
    }
}
