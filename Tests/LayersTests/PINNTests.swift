import Autograd
import Layers
import Tensor
import XCTest

final class PINNTests: XCTestCase {
    private func points(_ n: Int, _ d: Int) -> Tensor {
        var g = RandomGenerator(seed: 3)
        return Tensor.uniform([n, d], low: -1, high: 1, dtype: .float64, using: &g)
    }

    /// u = sin(x₀)·x₁²: ∇u = (cos x₀·x₁², 2 sin x₀·x₁), Δu = −sin x₀·x₁² + 2 sin x₀, ∂³u/∂x₀∂x₁² = 2 cos x₀.
    func testDerivativesOfAnAnalyticFunction() {
        let x = Variable.leaf(points(5, 2))
        let x0 = x.selected(axis: 1, index: 0), x1 = x.selected(axis: 1, index: 1)
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

    func testForwardLaplacianMatchesReverseMode() {
        for activation in [ActivationFunction.tanh, .sin, .sigmoid, .softplus] {
            var g = RandomGenerator(seed: 1)
            let mlp = MLP([3, 16, 16, 1], activation: activation, dtype: .float64, using: &g)
            let x = Variable.leaf(points(7, 3))
            let (u, lap) = ForwardLaplacian.valueAndLaplacian(of: mlp, at: x)
            let reference = InputDerivatives.laplacian(of: mlp(x), at: x)
            XCTAssert(u.value.allClose(mlp(x).value, relativeTolerance: 1e-12, absoluteTolerance: 1e-12))
            XCTAssert(lap.value.reshaped([-1]).allClose(reference.value, relativeTolerance: 1e-10, absoluteTolerance: 1e-10), "\(activation)")
        }
    }

    /// The weight gradient of a Laplacian loss is the same through the forward Laplacian as through two reverse
    /// passes (both differentiate the exact Δu).
    func testForwardLaplacianWeightGradientsMatchReverseMode() {
        var g = RandomGenerator(seed: 2)
        let mlp = MLP([2, 8, 8, 1], activation: .tanh, dtype: .float64, using: &g)
        let x = Variable.leaf(points(6, 2))
        let weights = mlp.parameters().map(\.variable)
        let forward = ForwardLaplacian.valueAndLaplacian(of: mlp, at: x).laplacian.square().sum()
        let reverse = InputDerivatives.laplacian(of: mlp(x), at: x).square().sum()
        let a = gradients(of: forward, wrt: weights), b = gradients(of: reverse, wrt: weights)
        for (ga, gb) in zip(a, b) {
            XCTAssert(ga.value.allClose(gb.value, relativeTolerance: 1e-9, absoluteTolerance: 1e-10))
        }
    }

    func testSamplersStayInTheirDomains() {
        var g = RandomGenerator(seed: 4)
        let ball = Samplers.ball(count: 500, dimension: 5, radius: 2, dtype: .float64, using: &g)
        XCTAssert(ball.norm(axes: [1]).toDoubles().allSatisfy { $0 <= 2 + 1e-12 })
        let sphere = Samplers.sphere(count: 100, dimension: 3, dtype: .float64, using: &g)
        XCTAssert(sphere.norm(axes: [1]).toDoubles().allSatisfy { Swift.abs($0 - 1) < 1e-12 })
        let boundary = Samplers.boxBoundary(count: 200, low: [0, -1], high: [1, 1], dtype: .float64, using: &g).toDoubles()
        for n in 0..<200 {
            let (a, b) = (boundary[2 * n], boundary[2 * n + 1])
            XCTAssert(a == 0 || a == 1 || b == -1 || b == 1)
        }
    }
}
