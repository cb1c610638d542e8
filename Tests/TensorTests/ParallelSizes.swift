@testable import Tensor

/// Shapes for the tests that must take the kernels' parallel paths, derived from `Parallel.threshold` (in
/// element-operations) so that they keep doing so when the threshold is tuned. Prime sides make the chunk
/// boundaries fall inside rows of the strided walks.
enum ParallelSizes {
    /// An odd element count above the threshold of a cost-1 kernel.
    static let count = Parallel.threshold + 17
    /// `[331, p]`, p the smallest prime that gives at least `count` elements.
    static let matrix = [331, prime(atLeast: (count + 330) / 331)]
    /// `[47, 53, q]`, q the smallest prime that gives at least `count` elements.
    static let cube = [47, 53, prime(atLeast: (count + 47 * 53 - 1) / (47 * 53))]

    static func prime(atLeast n: Int) -> Int {
        var p = Swift.max(n, 2)
        while (2..<p).contains(where: { $0 * $0 <= p && p % $0 == 0 }) { p += 1 }
        return p
    }
}
