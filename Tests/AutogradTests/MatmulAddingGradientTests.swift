import Autograd
import Tensor
import TestSupport
import XCTest

/// First- and second-order gradient checks of `matmul(_:adding:)` (Float64, central differences) in every layout of
/// its three inputs, with broadcast batches and a broadcast addend (whose gradient the engine sums back).
final class MatmulAddingGradientTests: XCTestCase {
    func testMatmulAddingInAllLayouts() {
        let cases: [([Int], [Int], [Int], String)] = [
            ([3, 4], [4, 5], [3, 5], "matrices, full addend"),
            ([3, 4], [4, 5], [5], "matrices, bias row"),
            ([2, 3, 4], [4, 5], [5], "folded batch, bias row"),
            ([2, 3, 4], [2, 4, 5], [2, 1, 5], "batches, broadcast addend"),
            ([3, 4], [4, 1], [3, 1], "one column"),
            ([3, 4], [4, 5], [2, 3, 5], "an addend that enlarges the result"),
            ([2, 3, 4], [4, 5], [2, 2, 3, 5], "folded batch, enlarged by the addend"),
        ]
        for (index, (sa, sb, sc, label)) in cases.enumerated() {
            let seed = UInt64(10 * index)
            assertGradientsInAllLayouts(
                "matmul(adding:) \(label)",
                inputs: [
                    (Samples.distinct(sa.reduce(1, *), seed: seed), sa),
                    (Samples.distinct(sb.reduce(1, *), seed: seed + 1), sb),
                    (Samples.distinct(sc.reduce(1, *), seed: seed + 2), sc),
                ]
            ) { v in
                // Products of the output make the second derivatives through every input nonzero.
                let y = v[0].matmul(v[1], adding: v[2])
                return (y * y).sum()
            }
        }
    }
}
