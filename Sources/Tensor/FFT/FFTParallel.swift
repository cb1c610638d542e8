import Foundation

/// The smallest `count·n` (rows × length) for which a batch is split across threads; smaller
/// batches run on the calling thread and pay nothing for threading.
let fftParallelThreshold = 32_768

/// Calls `body` on contiguous row ranges covering `0..<count`, each with its own scratch of
/// `scratchCount` elements (on the stack when it fits).
///
/// Small batches run as one range on the calling thread. When `count·n ≥ fftParallelThreshold`
/// the rows are cut into one contiguous range per core and run with `Parallel.perform`. Every range but the last
/// starts and ends on a multiple of `granule` rows (the lanes take rows eight at a time).
///
/// One range per core rather than more, taken as threads finish them: the same core then writes the same rows
/// of a result from one call to the next, the half `Parallel.forEachChunk` gives the same core in the pass that
/// reads them. With eight ranges taken dynamically (or dealt out in turn, 0, 2, 4, 6 to one thread), cores
/// overwrite and read rows the other core wrote last, which this host makes 3–4× dearer in the seconds it runs
/// the two vCPUs far apart. Measured (`scigrad bench`, binaries alternating, medians): over 30 rounds sorted by
/// the host's mode, [64, 4096] 0.1528 → 0.1336 ms and [64, 1000] 0.0440 → 0.0341 in the slow seconds, 0.1265 →
/// 0.1265 and 0.0315 → 0.0305 in the fast ones (dealt out in turn: 0.1631 and 0.0433 slow); over 40 more rounds
/// of [64, 4096] alone, 0.1270 → 0.1237, faster in 28.
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
    guard Parallel.cores > 1, groups > 1, count * n >= fftParallelThreshold else {
        run(0..<count)
        return
    }
    let ranges = min(groups, Parallel.cores)
    Parallel.perform(iterations: ranges) { range in
        let upper = range == ranges - 1 ? count : granule * (groups * (range + 1) / ranges)
        run(granule * (groups * range / ranges)..<upper)
    }
}
