import Autograd
import Tensor
import TestSupport
import XCTest

/// First- and second-order gradient checks of the composites built from primitives: softmax, log-softmax, SiLU,
/// clamping and the Kronecker product.
final class CompositeGradientTests: XCTestCase {
    private let values = Samples.distinct(24, in: -2, 2)
    private let shape = [2, 3, 4]
    /// Fixed weights so that a softmax's outputs are not summed to the constant 1.
    private let weights = Variable(Tensor.f64(Samples.distinct(24, in: -1, 1, seed: 5), [2, 3, 4]))

    func testSoftmax() {
        for axis in [-1, 0, 1] {
            assertGradientsInAllLayouts("softmax(axis: \(axis))", inputs: [(values, shape)]) { [weights] v in
                v[0].softmax(axis: axis) * weights
            }
        }
        let row = Tensor.f64(Samples.distinct(4), [4]).expanded(to: [2, 3, 4])
        assertGradients("softmax of an expanded input", at: [row]) { [weights] v in v[0].softmax() * weights }
    }

    func testLogSoftmax() {
        for axis in [-1, 0, 1] {
            assertGradientsInAllLayouts("logSoftmax(axis: \(axis))", inputs: [(values, shape)]) { [weights] v in
                v[0].logSoftmax(axis: axis) * weights
            }
        }
    }

    func testSoftmaxValues() {
        let x = Variable(Tensor.f64([1, 2, 3, 1000, 1001, 1002], [2, 3]))
        let expected = [0.09003057317038046, 0.24472847105479764, 0.6652409557748219]
        assertClose(
            x.softmax().value, Tensor.f64(expected + expected, [2, 3]), relativeTolerance: 1e-10,
            absoluteTolerance: 1e-10, "softmax is shift-invariant and stable")
    }

    func testSilu() {
        assertGradientsInAllLayouts("silu", inputs: [(values, shape)]) { v in v[0].silu() }
    }

    func testClamped() {
        // Values stay well away from the bounds (kinks).
        assertGradientsInAllLayouts("clamped(min:)", inputs: [(values, shape)]) { v in v[0].clamped(min: 0.01).square()
        }
        assertGradientsInAllLayouts("clamped(max:)", inputs: [(values, shape)]) { v in v[0].clamped(max: -0.51).square()
        }
        assertGradientsInAllLayouts("clamped(min:max:)", inputs: [(values, shape)]) { v in
            v[0].clamped(min: -1.01, max: 0.99).sin()
        }
        let x = Variable.leaf(Tensor.f64([-2, -0.5, 0.5, 2], [4]))
        let g = gradients(of: x.clamped(min: -1, max: 1).sum(), wrt: [x])[0]
        XCTAssertEqual(g.value.toDoubles(), [0, 1, 1, 0])
    }

    func testKronecker() {
        assertGradientsInAllLayouts(
            "kronecker [2, 2] ⊗ [2, 3]",
            inputs: [(Samples.distinct(4, seed: 1), [2, 2]), (Samples.distinct(6, seed: 2), [2, 3])]
        ) { v in v[0].kronecker(v[1]) }
        assertGradients("kronecker with itself", at: [Tensor.f64(Samples.distinct(6), [3, 2])]) { v in
            v[0].kronecker(v[0]).sin()
        }
        let k = Variable(Tensor.f64([1, 2, 3, 4], [2, 2])).kronecker(Variable(Tensor.f64([0, 5, 6, 7], [2, 2])))
        XCTAssertEqual(
            k.value.toDoubles(), [0, 5, 0, 10, 6, 7, 12, 14, 0, 15, 0, 20, 18, 21, 24, 28], "kronecker values")
    }
}
