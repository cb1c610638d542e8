import Autograd
import Tensor
import TestSupport
import XCTest

@testable import Layers

final class PINNTests: XCTestCase {
    private func points(_ n: Int, _ d: Int) -> Tensor {
        var g = RandomGenerator(seed: 3)
        return Tensor.uniform([n, d], low: -1, high: 1, dtype: .float64, using: &g)
    }

    /// u = sin(x₀)·x₁²: ∇u = (cos x₀·x₁², 2 sin x₀·x₁), Δu = −sin x₀·x₁² + 2 sin x₀, ∂³u/∂x₀∂x₁² = 2 cos x₀.
    func testDerivativesOfAnAnalyticFunction() {
        let x = Variable.leaf(points(5, 2))
        let x0 = x.selected(axis: 1, index: 0)
        let x1 = x.selected(axis: 1, index: 1)
        let u = x0.sin() * x1.square()
        let p = x.value.toDoubles()
        let gradient = InputDerivatives.gradient(of: u, at: x).value.toDoubles()
        let laplacian = InputDerivatives.laplacian(of: u, at: x).value.toDoubles()
        let mixed = InputDerivatives.partial(of: u, at: x, orders: [1, 2]).value.toDoubles()
        for n in 0..<5 {
            let (a, b) = (p[2 * n], p[2 * n + 1])
            XCTAssertEqual(gradient[2 * n], Foundation.cos(a) * b * b, accuracy: 1e-12)
            XCTAssertEqual(gradient[2 * n + 1], 2 * Foundation.sin(a) * b, accuracy: 1e-12)
            XCTAssertEqual(laplacian[n], -Foundation.sin(a) * b * b + 2 * Foundation.sin(a), accuracy: 1e-12)
            XCTAssertEqual(mixed[n], 2 * Foundation.cos(a), accuracy: 1e-12)
        }
    }

    /// Every activation: u, ∇u, Δu and the diagonal ∂²u/∂xᵢ² of the forward pass against reverse mode
    /// (`InputDerivatives`), and the weight gradient of a Laplacian loss through both (third derivatives of σ).
    func testForwardLaplacianMatchesReverseModeForEveryActivation() {
        for activation in ActivationFunction.allCases {
            var g = RandomGenerator(seed: 1)
            let mlp = MLP([3, 8, 8, 1], activation: activation, dtype: .float64, using: &g)
            let x = Variable.leaf(points(5, 3))
            let u = mlp(x)
            let forward = ForwardLaplacian.derivatives(of: mlp, at: x)
            let diagonal = ForwardLaplacian.derivativesWithHessianDiagonal(of: mlp, at: x).hessianDiagonal
            let reverseDiagonal = InputDerivatives.hessianDiagonal(of: u, at: x)
            let label = "\(activation)"
            assertClose(forward.value.value, u.value, relativeTolerance: 1e-12, absoluteTolerance: 1e-12, label)
            assertClose(
                forward.gradient.value.reshaped([5, 3]), InputDerivatives.gradient(of: u, at: x).value,
                relativeTolerance: 1e-10, absoluteTolerance: 1e-12, "\(label): ∇u")
            assertClose(
                forward.laplacian.value.reshaped([5]), InputDerivatives.laplacian(of: u, at: x).value,
                relativeTolerance: 1e-10, absoluteTolerance: 1e-12, "\(label): Δu")
            assertClose(
                diagonal.value, reverseDiagonal.value.reshaped([5, 3, 1]), relativeTolerance: 1e-10,
                absoluteTolerance: 1e-12, "\(label): ∂²u/∂xᵢ²")

            let weights = mlp.parameters().map(\.variable)
            let forwardLoss = forward.laplacian.square().sum() + diagonal.sum()
            let reverseLoss = InputDerivatives.laplacian(of: u, at: x).square().sum() + reverseDiagonal.sum()
            for (a, b) in zip(gradients(of: forwardLoss, wrt: weights), gradients(of: reverseLoss, wrt: weights)) {
                assertClose(a.value, b.value, relativeTolerance: 1e-9, absoluteTolerance: 1e-10, "\(label): ∂/∂θ")
            }
        }
    }

    /// Without recording (inference) the forward Laplacian still gives the values, as constants.
    func testForwardLaplacianWithoutGradients() {
        var g = RandomGenerator(seed: 5)
        let mlp = MLP([2, 6, 1], activation: .gelu, dtype: .float64, using: &g)
        let x = Variable.leaf(points(4, 2))
        let expected = ForwardLaplacian.valueAndLaplacian(of: mlp, at: x).laplacian.value
        let constant = withoutGradients { ForwardLaplacian.valueAndLaplacian(of: mlp, at: Variable(x.value)) }
        XCTAssertFalse(constant.laplacian.requiresGradient)
        assertClose(constant.laplacian.value, expected, relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
    }

    /// The closed forms of tanh and sin equal the derived σ', σ'' (values, and their gradients with respect to z's
    /// inputs, so a loss on the Laplacian trains the same weights either way).
    func testClosedFormActivationDerivativesEqualTheDerivedOnes() {
        let w = Variable.leaf(points(5, 3))
        for function in [ActivationFunction.tanh, .sin] {
            let z = w * 1.5
            let fast = ForwardLaplacian.activationDerivatives(function, at: z)
            let derived = ForwardLaplacian.derivedActivationDerivatives(function, at: z)
            for (a, b) in [(fast.value, derived.value), (fast.first, derived.first), (fast.second, derived.second)] {
                assertClose(a.value, b.value, relativeTolerance: 1e-14, absoluteTolerance: 1e-14, "\(function)")
                let ga = gradients(of: a.square().sum(), wrt: [w])[0]
                let gb = gradients(of: b.square().sum(), wrt: [w])[0]
                assertClose(ga.value, gb.value, relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "\(function)")
            }
        }
    }

    func testSamplersStayInTheirDomains() {
        var g = RandomGenerator(seed: 4)
        let ball = Samplers.ball(count: 500, dimension: 5, radius: 2, dtype: .float64, using: &g)
        XCTAssert(ball.norm(axes: [1]).toDoubles().allSatisfy { $0 <= 2 + 1e-12 })
        let sphere = Samplers.sphere(count: 100, dimension: 3, dtype: .float64, using: &g)
        XCTAssert(sphere.norm(axes: [1]).toDoubles().allSatisfy { Swift.abs($0 - 1) < 1e-12 })
        let boundary = Samplers.boxBoundary(count: 200, low: [0, -1], high: [1, 1], dtype: .float64, using: &g)
            .toDoubles()
        for n in 0..<200 {
            let (a, b) = (boundary[2 * n], boundary[2 * n + 1])
            XCTAssert(a == 0 || a == 1 || b == -1 || b == 1)
        }
    }
}
