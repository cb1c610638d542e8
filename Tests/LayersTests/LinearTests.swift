import Autograd
import Layers
import Tensor
import XCTest

/// Linear: its function and parameter gradients against x·Wᵀ + b, whose derivatives are checked to second order,
/// and the layer's own input derivatives to second order (what a PINN takes).
final class LinearTests: XCTestCase {
    private let x = LayerTesting.values([4, 3], seed: 1, layout: .permuted)
    private let weight = LayerTesting.values([2, 3], seed: 2), bias = LayerTesting.values([2], seed: 3)

    func testInputDerivativesToSecondOrder() {
        let linear = Linear(weight: weight, bias: bias)
        LayerTesting.assertGradients(at: [x], orders: [1, 2]) { v in linear(v[0]).tanh() }
    }

    func testParameterGradientsMatchTheCheckedFormula() {
        let formula: ([Variable]) -> Variable = { v in (v[0].matmul(v[1].transposed()) + v[2]).tanh() }
        LayerTesting.assertGradients(at: [x, weight, bias], orders: [1, 2]) { formula($0) }

        let linear = Linear(weight: weight, bias: bias)
        let y = linear(Variable(x)).tanh()
        let leaves = [Variable(x), Variable.leaf(weight), Variable.leaf(bias)]
        let expected = formula(leaves)
        XCTAssertEqual(y.value.toDoubles(), expected.value.toDoubles())
        y.sum().backward()
        let reference = gradients(of: expected.sum(), wrt: Array(leaves.dropFirst()))
        XCTAssertEqual(linear.weight.gradient?.toDoubles(), reference[0].value.toDoubles())
        XCTAssertEqual(linear.bias?.gradient?.toDoubles(), reference[1].value.toDoubles())
    }
}
