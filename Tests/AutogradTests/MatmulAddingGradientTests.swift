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

/// `matmul(_:adding:then:)`: first and second order by central differences (tanh, sigmoid; ReLU's kinks make
/// differences unreliable, so its gradients are compared with the unfused ops'), in every layout of the inputs.
final class MatmulAddingThenGradientTests: XCTestCase {
    func testSmoothActivationsInAllLayouts() {
        let cases: [([Int], [Int], [Int], String)] = [
            ([3, 4], [4, 5], [5], "matrices, bias row"),
            ([2, 3, 4], [4, 5], [3, 5], "folded batch"),
            ([2, 3, 4], [2, 4, 5], [2, 1, 5], "batches"),
            ([3, 4], [4, 1], [3, 1], "one column"),
        ]
        for activation in [ProductActivation.tanh, .sigmoid] {
            for (index, (sa, sb, sc, label)) in cases.enumerated() {
                let seed = UInt64(10 * index + 3)
                // Small inputs keep the pre-activations where tanh and the sigmoid are far from flat.
                assertGradientsInAllLayouts(
                    "matmul(adding:then: \(activation)) \(label)",
                    inputs: [
                        (Samples.distinct(sa.reduce(1, *), seed: seed).map { $0 * 0.5 }, sa),
                        (Samples.distinct(sb.reduce(1, *), seed: seed + 1).map { $0 * 0.5 }, sb),
                        (Samples.distinct(sc.reduce(1, *), seed: seed + 2), sc),
                    ]
                ) { v in
                    let y = v[0].matmul(v[1], adding: v[2], then: activation)
                    return (y * y).sum()
                }
            }
        }
    }

    func testEveryActivationMatchesTheUnfusedOps() {
        var random = TestRandom(seed: 95)
        let x = random.tensor([128, 64], dtype: .float64)
        let w = random.tensor([256, 64], dtype: .float64)
        let bias = random.tensor([256], dtype: .float64)
        for activation in ProductActivation.allCases {
            func gradients(fused: Bool) -> [Tensor] {
                let inputs = [x, w, bias].map { Variable.leaf($0) }
                let wt = inputs[1].transposed()
                let z = inputs[0].matmul(wt, adding: inputs[2])
                let unfused: Variable =
                    switch activation {
                    case .tanh: z.tanh()
                    case .sigmoid: z.sigmoid()
                    case .relu: z.relu()
                    }
                let y = fused ? inputs[0].matmul(wt, adding: inputs[2], then: activation) : unfused
                // A gradient of the gradient (second order) through every input.
                let first = Autograd.gradients(of: (y * y).sum(), wrt: inputs, createGraph: true)
                let second = Autograd.gradients(
                    of: first.map { ($0 * $0).sum() }.reduce(Variable(Tensor(scalar: 0.0)), +), wrt: inputs)
                return (first + second).map(\.value)
            }
            for (index, (fused, unfused)) in zip(gradients(fused: true), gradients(fused: false)).enumerated() {
                assertClose(
                    fused, unfused, relativeTolerance: 1e-11, absoluteTolerance: 1e-11,
                    "\(activation) gradient \(index)")
            }
        }
    }
}
