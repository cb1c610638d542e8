import Autograd
import Tensor
import TestSupport
import XCTest

/// First- and second-order gradient checks of the reductions over several axis sets, with and without `keepDims`,
/// on contiguous inputs and views.
final class ReductionGradientTests: XCTestCase {
    private let shape = [2, 3, 4]
    private let axisSets: [[Int]?] = [nil, [0], [1], [-1], [0, 2], [1, 2], [0, 1, 2]]

    /// Checks `op(x, axes, keepDims)` for every axis set and both `keepDims`, in every layout.
    private func check(
        _ name: String, values: [Double], file: StaticString = #filePath, line: UInt = #line,
        _ op: @escaping (Variable, [Int]?, Bool) -> Variable
    ) {
        for axes in axisSets {
            for keepDims in [false, true] {
                let label = "\(name)(axes: \(axes.map { "\($0)" } ?? "nil"), keepDims: \(keepDims))"
                assertGradientsInAllLayouts(label, inputs: [(values, shape)], file: file, line: line) { v in
                    op(v[0], axes, keepDims)
                }
            }
        }
    }

    private let anywhere = Samples.distinct(24, in: -1.5, 1.5)
    private let nonzero = Samples.awayFromZero(24, magnitude: 1.3)

    func testSum() { check("sum", values: anywhere) { $0.sum(axes: $1, keepDims: $2).square() } }
    func testMean() { check("mean", values: anywhere) { $0.mean(axes: $1, keepDims: $2).square() } }
    // x + 0.3x² is increasing on the samples, so distinct inputs give distinct (tie-free) values.
    func testMax() { check("max", values: anywhere) { ($0 + $0.square() * 0.3).max(axes: $1, keepDims: $2) } }
    func testMin() { check("min", values: anywhere) { ($0 + $0.square() * 0.3).min(axes: $1, keepDims: $2) } }
    func testLogSumExp() { check("logSumExp", values: anywhere) { ($0 * 2).logSumExp(axes: $1, keepDims: $2) } }
    func testProduct() { check("product", values: nonzero) { $0.product(axes: $1, keepDims: $2) } }

    func testVariance() {
        for correction in [0, 1] {
            check("variance(correction: \(correction))", values: anywhere) {
                $0.variance(axes: $1, correction: correction, keepDims: $2)
            }
        }
    }

    func testStandardDeviation() {
        for correction in [0, 1] {
            // Reductions over a single element have zero spread, where the square root has no derivative.
            check("standardDeviation(correction: \(correction))", values: anywhere) { x, axes, keepDims in
                (x + x.square()).standardDeviation(axes: axes, correction: correction, keepDims: keepDims)
            }
        }
    }

    func testNorms() {
        for p in [1.0, 2.0, 3.0, .infinity] {
            check("norm(\(p))", values: nonzero) { $0.norm(p, axes: $1, keepDims: $2) }
        }
    }

    func testCumulativeSum() {
        for axis in [0, 1, 2, -1] {
            assertGradientsInAllLayouts("cumulativeSum(axis: \(axis))", inputs: [(anywhere, shape)]) { v in
                v[0].cumulativeSum(axis: axis).square()
            }
        }
    }

    func testSingleAxisConveniences() {
        assertGradientsInAllLayouts("sum(axis:)/mean(axis:)", inputs: [(anywhere, shape)]) { v in
            v[0].sum(axis: 1).square() + v[0].mean(axis: 1, keepDims: false).exp()
        }
    }

    func testSummedToShape() {
        for target in [[3, 1], [4], [1, 4], [1, 1], [], [2, 1, 4], [2, 3, 4]] {
            assertGradientsInAllLayouts("summed(toShape: \(target))", inputs: [(anywhere, shape)]) { v in
                v[0].summed(toShape: target).square()
            }
        }
    }

    /// Reductions over a broadcast (stride-0) input: every copy of an element contributes.
    func testExpandedInput() {
        let x = Tensor.f64(Samples.distinct(4), [1, 4]).expanded(to: [3, 4])
        for axes in [nil, [0], [1]] as [[Int]?] {
            assertGradients("sum over expanded \(String(describing: axes))", at: [x]) { v in
                v[0].sum(axes: axes).square()
            }
            assertGradients("mean over expanded \(String(describing: axes))", at: [x]) { v in
                v[0].mean(axes: axes).exp()
            }
            assertGradients("logSumExp over expanded \(String(describing: axes))", at: [x]) { v in
                v[0].logSumExp(axes: axes)
            }
            assertGradients("variance over expanded \(String(describing: axes))", at: [x]) { v in
                (v[0] * v[0].cos()).variance(axes: axes, correction: 0)
            }
        }
        assertGradients("max along the kept axis of an expanded input", at: [x]) { v in v[0].max(axes: [1]) }
        assertGradients("cumulativeSum along the expanded axis", at: [x]) { v in v[0].cumulativeSum(axis: 0).square() }
    }

    /// Where several elements attain the maximum, the gradient is shared equally among them.
    func testTiesShareTheGradient() {
        let x = Variable.leaf(Tensor.f64([1, 3, 3, 2, 0, 0], [2, 3]))
        assertClose(
            gradients(of: x.max(), wrt: [x])[0].value, Tensor.f64([0, 0.5, 0.5, 0, 0, 0], [2, 3]),
            relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "max")
        let expected = Tensor.f64([1, 0, 0, 0, 0.5, 0.5], [2, 3])
        assertClose(
            gradients(of: x.min(axes: [1]).sum(), wrt: [x])[0].value, expected, relativeTolerance: 1e-10,
            absoluteTolerance: 1e-10, "min")
    }

    /// At 0 the 2-norm has no derivative; its gradient there is documented as 0 (the subgradient PyTorch uses too),
    /// and must not be NaN, so that x/‖x‖-style normalizations survive an all-zero row.
    func testTwoNormAtZero() {
        let x = Variable.leaf(Tensor.f64([0, 0, 0, 3, 4, 0], [2, 3]))
        let g = gradients(of: x.norm(axes: [1]).sum(), wrt: [x])[0]
        assertClose(
            g.value, Tensor.f64([0, 0, 0, 0.6, 0.8, 0], [2, 3]), relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
            "∂‖x‖/∂x with a zero row")
        XCTAssertEqual(x.norm(axes: [1]).value.toDoubles(), [0, 5])
        assertGradients("norm away from 0 after the fix", at: [Tensor.f64(Samples.awayFromZero(6), [2, 3])]) { v in
            v[0].norm(axes: [1])
        }
    }

    /// Π at zeros, where g·y/x is 0/0: one zero in a slice (its gradient is the product of the others, the rest 0),
    /// two zeros (first derivatives all 0, second derivatives not) and three; first and second order, every layout.
    func testProductAtZeros() {
        var oneZero = nonzero
        var twoZeros = nonzero
        var threeZeros = nonzero
        oneZero[5] = 0
        for i in [1, 2, 13] { twoZeros[i] = 0 }  // two zeros in x[0, 0, :] and in x[:, 0, 1]
        for i in [0, 4, 8, 20] { threeZeros[i] = 0 }  // three zeros in x[0, :, 0]
        for (name, values) in [("one zero", oneZero), ("two zeros", twoZeros), ("three zeros", threeZeros)] {
            check("product with \(name)", values: values) { $0.product(axes: $1, keepDims: $2) }
        }
        // ∂Π/∂x at x = (0, 2, 3) is (6, 0, 0), and ∂²Π/∂x₀∂x₁ = 3.
        let x = Variable.leaf(Tensor.f64([0, 2, 3], [3]))
        let g = gradients(of: x.product(), wrt: [x], createGraph: true)[0]
        assertClose(
            g.value, Tensor.f64([6, 0, 0], [3]), relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "∂Π at one zero")
        let h = gradients(of: g.selected(axis: 0, index: 0), wrt: [x])[0]
        assertClose(
            h.value, Tensor.f64([0, 3, 2], [3]), relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
            "∂²Π/∂x₀∂x at one zero")
    }

    /// Values against `Tensor`'s reductions, including repeated and negative axes.
    func testValuesMatchTensorReductions() {
        let t = Tensor.f64(anywhere, shape)
        let x = Variable(t)
        for axes in [[0], [-1], [0, 2], [2, 0], [1, -2], [0, 0]] {
            assertClose(
                x.mean(axes: axes).value, t.mean(axes: axes), relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
                "mean(axes: \(axes))")
            assertClose(
                x.variance(axes: axes).value, t.variance(axes: axes), relativeTolerance: 1e-10,
                absoluteTolerance: 1e-10, "variance(axes: \(axes))")
            assertClose(
                x.sum(axes: axes).value, t.sum(axes: axes), relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
                "sum(axes: \(axes))")
            assertClose(
                x.norm(3, axes: axes).value, t.norm(3, axes: axes), relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
                "norm(3, axes: \(axes))")
        }
    }
}
