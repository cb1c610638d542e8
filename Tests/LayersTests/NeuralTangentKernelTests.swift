import Autograd
import Layers
import Tensor
import XCTest

final class NeuralTangentKernelTests: XCTestCase {
    func testStructuredKernelEqualsJacobianProduct() {
        for activation in [ActivationFunction.tanh, .relu, .sin] {
            var g = RandomGenerator(seed: 5)
            let mlp = MLP([3, 7, 5, 1], activation: activation, dtype: .float64, using: &g)
            let x = Tensor.normal([6, 3], dtype: .float64, using: &g)
            let fast = NeuralTangentKernel.empirical(of: mlp, at: x)
            let reference = NeuralTangentKernel.byJacobian(of: { mlp($0) }, parameters: mlp.parameters(), at: x)
            XCTAssert(fast.allClose(reference, relativeTolerance: 1e-10, absoluteTolerance: 1e-10), "\(activation)")
        }
    }
}

/// The NTK parameterization: its kernel weighs each parameter by its learning-rate scale, it is the kernel of one
/// SGD step, and it converges to the ReLU arc-cosine limit as the width grows.
final class NTKParameterizationTests: XCTestCase {
    func testScaledKernelEqualsScaledJacobianProduct() {
        var g = RandomGenerator(seed: 11)
        let mlp = MLP.ntkParameterized([2, 9, 6, 1], biasScale: 0.3, using: &g)
        XCTAssertEqual(mlp.layers[1].weight.learningRateScale, 1.0 / 9, accuracy: 1e-15)
        XCTAssertEqual(mlp.layers[1].bias!.learningRateScale, 0.09, accuracy: 1e-15)
        let x = Tensor.normal([5, 2], dtype: .float64, using: &g)
        let fast = NeuralTangentKernel.empirical(of: mlp, at: x.transposed().contiguous().transposed())
        let reference = NeuralTangentKernel.byJacobian(of: { mlp($0) }, parameters: mlp.parameters(), at: x)
        XCTAssert(fast.allClose(reference, relativeTolerance: 1e-10, absoluteTolerance: 1e-10))
    }

    /// One SGD step of rate η on ½Σ(f(X) − y)² moves f at any x by −η·Θ(x, X)(f(X) − y) + O(η²).
    func testKernelPredictsOneGradientStep() {
        var g = RandomGenerator(seed: 12)
        let mlp = MLP.ntkParameterized([2, 30, 30, 1], using: &g)
        let x = Tensor.normal([4, 2], dtype: .float64, using: &g)
        let y = Tensor([1.0, -1, 0.5, 0], shape: [4, 1])
        let probe = Tensor.normal([3, 2], dtype: .float64, using: &g)
        let all = Tensor.concatenated([x, probe], axis: 0)
        let kernel = NeuralTangentKernel.empirical(of: mlp, at: all).narrowed(axis: 1, start: 0, length: 4)
        let before = mlp(Variable(all)).value
        let residual = mlp(Variable(x)).value - y
        let rate = 1e-4
        (0.5 * (mlp(Variable(x)) - Variable(y)).square().sum()).backward()
        SGD(parameters: mlp.parameters(), learningRate: rate).step()
        let change = mlp(Variable(all)).value - before
        let predicted = kernel.matmul(residual) * -rate
        XCTAssert(
            change.allClose(predicted, relativeTolerance: 1e-3, absoluteTolerance: 1e-9), "\(change) vs \(predicted)")
    }

    /// One layer: Θ_∞ = x·x′/D + β². Two layers: the arc-cosine formula against a Monte Carlo average.
    func testReLULimitMatchesDefinitions() {
        var g = RandomGenerator(seed: 13)
        let x = Tensor.normal([3, 2], dtype: .float64, using: &g)
        let y = Tensor.normal([2, 2], dtype: .float64, using: &g)
        let one = NeuralTangentKernel.reluLimit(x, y, layers: 1, biasScale: 0.5)
        XCTAssert(one.allClose(x.matmul(y.transposed()) / 2 + 0.25, relativeTolerance: 1e-14, absoluteTolerance: 1e-14))
        // Θ⁽²⁾ = Θ⁽¹⁾·E[σ′(u)σ′(v)] + E[σ(u)σ(v)] + β² with (u, v) = W̃(x, x′)/√D + β·b̃ (shared W̃ row, b̃).
        let samples = 400_000
        let w = Tensor.normal([samples, 2], dtype: .float64, using: &g)
        let b = Tensor.normal([samples, 1], dtype: .float64, using: &g)
        let u = (w.matmul(x.transposed()) / 2.0.squareRoot() + b * 0.5)  // [S, 3]
        let v = (w.matmul(y.transposed()) / 2.0.squareRoot() + b * 0.5)  // [S, 2]
        let products = u.relu().transposed().matmul(v.relu()) / Double(samples)
        let slopes = (u.relu().sign()).transposed().matmul(v.relu().sign()) / Double(samples)
        let monteCarlo = one * slopes + products + 0.25
        let two = NeuralTangentKernel.reluLimit(x, y, layers: 2, biasScale: 0.5)
        XCTAssert(two.allClose(monteCarlo, relativeTolerance: 0.02, absoluteTolerance: 0.01), "\(two) vs \(monteCarlo)")
    }

    /// A wide depth-4 ReLU net's kernel is within a few percent of the limit (deviation ∝ width^−½).
    func testWideNetworkApproachesTheLimit() {
        var g = RandomGenerator(seed: 14)
        let angles = Tensor.linspace(0, 6, count: 8, dtype: .float64)
        let circle = Tensor.stacked([angles.cos(), angles.sin()], axis: 1)
        let limit = NeuralTangentKernel.reluLimit(circle, circle, layers: 4, biasScale: 0.1)
        let mlp = MLP.ntkParameterized([2, 1500, 1500, 1500, 1], biasScale: 0.1, using: &g)
        let deviation = (NeuralTangentKernel.empirical(of: mlp, at: circle) - limit).norm().item() / limit.norm().item()
        XCTAssertLessThan(deviation, 0.15)
    }
}
