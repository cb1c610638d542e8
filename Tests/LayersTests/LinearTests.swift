import Autograd
import Layers
import Tensor
import TestSupport
import XCTest

/// Linear: its function and parameter gradients against x·Wᵀ + b, whose derivatives are checked to second order,
/// and the layer's own input derivatives to second order (what a PINN takes).
final class LinearTests: XCTestCase {
    private let x = layoutVariant("permuted", of: LayerTesting.values([4, 3], seed: 1))
    private let weight = LayerTesting.values([2, 3], seed: 2), bias = LayerTesting.values([2], seed: 3)

    func testInputDerivativesToSecondOrder() {
        let linear = Linear(weight: weight, bias: bias)
        assertGradients(at: [x], orders: [1, 2]) { v in linear(v[0]).tanh() }
    }

    func testParameterGradientsMatchTheCheckedFormula() {
        let formula: ([Variable]) -> Variable = { v in (v[0].matmul(v[1].transposed()) + v[2]).tanh() }
        assertGradients(at: [x, weight, bias], orders: [1, 2]) { formula($0) }

        let linear = Linear(weight: weight, bias: bias)
        let y = linear(Variable(x)).tanh()
        let leaves = [Variable(x), Variable.leaf(weight), Variable.leaf(bias)]
        let expected = formula(leaves)
        // The layer adds its bias inside the product (BLAS accumulates onto it): equal up to the order of rounding.
        assertClose(y.value, expected.value, relativeTolerance: 1e-14, absoluteTolerance: 1e-15)
        y.sum().backward()
        let reference = gradients(of: expected.sum(), wrt: Array(leaves.dropFirst()))
        assertClose(linear.weight.gradient!, reference[0].value, relativeTolerance: 1e-14, absoluteTolerance: 1e-15)
        assertClose(linear.bias!.gradient!, reference[1].value, relativeTolerance: 1e-14, absoluteTolerance: 1e-15)
    }

    /// `MLP(weights:biases:activation:)` holds the given tensors and computes W₂·σ(W₁x + b₁) (+ no b₂).
    func testMLPFromGivenWeights() {
        let w1 = LayerTesting.values([4, 3], seed: 4)
        let b1 = LayerTesting.values([4], seed: 5)
        let w2 = LayerTesting.values([2, 4], seed: 6)
        let mlp = MLP(weights: [w1, w2], biases: [b1, nil], activation: .tanh)
        XCTAssertEqual(mlp.layers.map(\.inputDimensions), [3, 4])
        XCTAssertEqual(mlp.layers.map(\.outputDimensions), [4, 2])
        XCTAssertNil(mlp.layers[1].bias)
        let input = Variable(x)
        let expected = (input.matmul(Variable(w1).transposed()) + Variable(b1)).tanh().matmul(Variable(w2).transposed())
        assertClose(mlp(input).value, expected.value, relativeTolerance: 1e-14, absoluteTolerance: 1e-14)
        XCTAssertEqual(mlp.parameters().count, 3)
    }

    /// `linear(x, then: f)` (one fused op for tanh, sigmoid and ReLU) equals `f(linear(x))` for every activation, with
    /// and without a bias, in its value, its parameter gradients and its input derivatives to second order.
    func testThenAnActivationMatchesTheLayerFollowedByIt() {
        for activation in ActivationFunction.allCases {
            for withBias in [true, false] {
                let label = "\(activation), bias \(withBias)"
                let fused = Linear(weight: weight, bias: withBias ? bias : nil)
                let plain = Linear(weight: weight, bias: withBias ? bias : nil)
                let y = fused(Variable(x), then: activation)
                let expected = activation(plain(Variable(x)))
                assertClose(y.value, expected.value, relativeTolerance: 1e-14, absoluteTolerance: 1e-15, label)
                y.square().sum().backward()
                expected.square().sum().backward()
                assertClose(
                    fused.weight.gradient!, plain.weight.gradient!, relativeTolerance: 1e-13, absoluteTolerance: 1e-14,
                    label)
                if withBias {
                    assertClose(
                        fused.bias!.gradient!, plain.bias!.gradient!, relativeTolerance: 1e-13,
                        absoluteTolerance: 1e-14, label)
                }
            }
            if activation != .relu {
                let linear = Linear(weight: weight, bias: bias)
                assertGradients(at: [x], orders: [1, 2]) { v in linear(v[0], then: activation) }
            }
        }
    }

    /// A dtype mismatch stops with a message naming the layer and both dtypes; so do mismatched given weights.
    func testMismatchesNameTheLayer() {
        let linear = Linear(weight: weight, bias: bias)
        expectFatalError(containing: "Linear: input is float32 but the layer is float64") {
            _ = linear(Variable(Tensor.ones([1, 3])))
        }
        expectFatalError(containing: "MLP: weight 0 [2, 3] does not feed weight 1 [2, 3]") {
            _ = MLP(weights: [weight, weight])
        }
        expectFatalError(containing: "Linear: bias float32 [2] for weight float64 [2, 3]") {
            _ = Linear(weight: weight, bias: Tensor.ones([2]))
        }
    }
}
