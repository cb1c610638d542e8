import Autograd
import Tensor
import TestSupport
import XCTest

/// Gradient checks on inputs large enough for the kernels' multi-core and BLAS paths (≥ 2¹⁵ elements), along
/// random directions (⟨t, Jᵀc⟩ = ⟨J t, c⟩), on contiguous inputs and views.
final class LargeInputGradientTests: XCTestCase {
    /// A [256, 192] Float64 input (49,152 elements) with values in [−1, 1].
    private static func input(seed: UInt64) -> Tensor {
        Tensor.f64(Samples.distinct(256 * 192, seed: seed), [256, 192])
    }

    private func check(
        _ name: String, at inputs: [Tensor], file: StaticString = #filePath, line: UInt = #line,
        _ f: @escaping ([Variable]) -> Variable
    ) {
        let result = checkGradients(at: inputs, randomDirections: 3, f)
        XCTAssert(result.passed, "\(name): \(result)", file: file, line: line)
    }

    func testElementwiseAndReductions() {
        let x = Self.input(seed: 1)
        let views = [
            ("contiguous", x), ("transposed", x.transposed().copied().transposed()),
            ("flipped", x.flipped(axes: [0]).copied().flipped(axes: [0])),
        ]
        for (name, t) in views {
            check("tanh·exp, \(name)", at: [t]) { v in v[0].tanh() * v[0].exp() }
            check("sum over rows, \(name)", at: [t]) { v in v[0].sin().sum(axes: [0]).square() }
            check("sum over columns, \(name)", at: [t]) { v in v[0].sin().sum(axes: [1]).square() }
            check("full sum, \(name)", at: [t]) { v in v[0].square().sum().sqrt() }
            check("logSumExp and softmax, \(name)", at: [t]) { v in v[0].softmax(axis: 0) * v[0] }
            check("max over columns, \(name)", at: [t]) { v in (v[0] + v[0].square() * 0.3).max(axes: [1]) }
            check("variance, \(name)", at: [t]) { v in v[0].variance(axes: [0]) }
        }
    }

    func testBroadcastingAndMatmul() {
        let x = Self.input(seed: 2)
        let row = Tensor.f64(Samples.distinct(192, seed: 3), [192])
        let w = Tensor.f64(Samples.distinct(192 * 16, seed: 4).map { $0 * 0.1 }, [192, 16])
        check("x·row broadcast", at: [x, row]) { v in v[0] * v[1] + v[1].exp() }
        check("matmul", at: [x, w]) { v in v[0].matmul(v[1]).tanh() }
        check("matmul of a transposed view", at: [x.transposed().copied().transposed(), w]) { v in v[0].matmul(v[1]) }
    }
}
