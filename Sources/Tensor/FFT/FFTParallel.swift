import Foundation

/// The smallest `count·n` (rows × length) for which a batch is split across threads; smaller
/// batches run on the calling thread and pay nothing for threading.
let fftParallelThreshold = 32_768

/// The number of cores the batch splitting uses.
let fftCoreCount = Parallel.cores

/// A value carrying raw pointers into a `@Sendable` closure. The batched entry points hand each
/// row range to exactly one thread, which is what makes sharing the pointers safe.
struct FFTUnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Calls `body` on contiguous row ranges covering `0..<count`, each with its own scratch of
/// `scratchCount` elements (on the stack when it fits).
///
/// Small batches run as one range on the calling thread. When `count·n ≥ fftParallelThreshold`
/// the rows are cut into up to four ranges per core and run with `Parallel.perform`. Every range but the last
/// starts and ends on a multiple of `granule` rows (the lanes take rows eight at a time).
@inline(__always)
func fftForEachRowRange<T>(
    count: Int, n: Int, scratchCount: Int, granule: Int = 1,
    _ body: @Sendable (Range<Int>, UnsafeMutablePointer<T>) -> Void
) {
    @Sendable func run(_ rows: Range<Int>) {
        withUnsafeTemporaryAllocation(of: T.self, capacity: scratchCount) { scratch in
            body(rows, scratch.baseAddress!)
        }
    }
    let groups = count / granule
    guard fftCoreCount > 1, groups > 1, count * n >= fftParallelThreshold else {
        run(0..<count)
        return
    }
    let ranges = min(groups, 4 * fftCoreCount)
    Parallel.perform(iterations: ranges) { range in
        let upper = range == ranges - 1 ? count : granule * (groups * (range + 1) / ranges)
        run(granule * (groups * range / ranges)..<upper)
    }
}
