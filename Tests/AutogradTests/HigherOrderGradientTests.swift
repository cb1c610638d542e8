import Autograd
import Tensor
import TestSupport
import XCTest

/// Derivatives of order three: a PINN-style residual through a small tanh MLP (u, ∂u/∂x and ∂²u/∂x² from the graph,
/// then the gradient of the residual loss with respect to the weights), and third-order gradient checks.
final class HigherOrderGradientTests: XCTestCase {
    /// A 1 → 8 → 8 → 1 tanh network's parameters: W₁ [1, 8], b₁ [8], W₂ [8, 8], b₂ [8], W₃ [8, 1], b₃ [1].
    private let weights: [Tensor] = {
        let shapes = [[1, 8], [8], [8, 8], [8], [8, 1], [1]]
        return shapes.enumerated().map { i, shape in
            let n = shape.reduce(1, *)
            let scale = i % 2 == 0 ? 1.6 / Double(shape[0]).squareRoot() : 0.3
            return Tensor.f64(Samples.distinct(n, seed: UInt64(20 + i)).map { $0 * scale }, shape)
        }
    }()
    /// Collocation points [5, 1].
    private let points = Tensor.f64([-0.9, -0.35, 0.1, 0.55, 0.8], [5, 1])

    private static func network(_ x: Variable, _ w: [Variable]) -> Variable {
        let h1 = (x.matmul(w[0]) + w[1]).tanh()  // [n, 8]
        let h2 = (h1.matmul(w[2]) + w[3]).tanh()  // [n, 8]
        return h2.matmul(w[4]) + w[5]  // [n, 1]
    }

    /// u, ∂u/∂x and ∂²u/∂x² at `points` (each [n, 1]); rows are independent, so a seed of ones gives the
    /// pointwise derivatives. Recording is forced on so this also runs inside `checkGradients`' finite differences.
    private static func derivatives(at points: Tensor, _ w: [Variable]) -> (u: Variable, ux: Variable, uxx: Variable) {
        withGradients {
            let x = Variable.leaf(points)
            let ones = Tensor.ones(points.shape, dtype: .float64)
            let u = network(x, w)
            let ux = gradients(of: u, wrt: [x], seed: ones, createGraph: true)[0]
            let uxx = gradients(of: ux, wrt: [x], seed: ones, createGraph: true)[0]
            return (u, ux, uxx)
        }
    }

    /// mean((∂²u/∂x² − f)²) with f = sin(πx): a Poisson residual.
    private static func residualLoss(at points: Tensor, _ w: [Variable]) -> Variable {
        let (_, _, uxx) = derivatives(at: points, w)
        let f = Variable((points * Double.pi).sin())
        return (uxx - f).square().mean()
    }

    func testDerivativesOfTheNetworkMatchFiniteDifferences() {
        let w = weights.map(Variable.init)
        let h = 1e-5
        let (u, ux, uxx) = Self.derivatives(at: points, w)
        let plus = Self.derivatives(at: points + h, w)
        let minus = Self.derivatives(at: points - h, w)
        assertClose(
            ux.value, (plus.u.value - minus.u.value) / (2 * h), relativeTolerance: 1e-8, absoluteTolerance: 1e-8,
            "∂u/∂x")
        assertClose(
            uxx.value, (plus.ux.value - minus.ux.value) / (2 * h), relativeTolerance: 1e-8, absoluteTolerance: 1e-8,
            "∂²u/∂x²")
        XCTAssertEqual(u.shape, [5, 1])
        XCTAssertTrue(uxx.requiresGradient, "∂²u/∂x² must depend on the weights through the graph")
        // Third derivative, from the graph once more.
        let x = Variable.leaf(points)
        let ones = Tensor.ones(points.shape, dtype: .float64)
        let leaves = weights.map { Variable.leaf($0) }
        let first = gradients(of: Self.network(x, leaves), wrt: [x], seed: ones, createGraph: true)[0]
        let second = gradients(of: first, wrt: [x], seed: ones, createGraph: true)[0]
        let third = gradients(of: second, wrt: [x], seed: ones)[0]
        assertClose(
            third.value, (plus.uxx.value - minus.uxx.value) / (2 * h), relativeTolerance: 1e-7, absoluteTolerance: 1e-7,
            "∂³u/∂x³")
    }

    func testResidualLossGradientWithRespectToWeights() {
        let result = checkGradients(at: weights) { [points] w in Self.residualLoss(at: points, w) }
        XCTAssert(result.passed, "\(result)")
        // And the analytic gradient is not trivially zero.
        let leaves = weights.map { Variable.leaf($0) }
        let g = gradients(of: Self.residualLoss(at: points, leaves), wrt: leaves)
        XCTAssertGreaterThan(g.map { $0.value.abs().sum().item() }.reduce(0, +), 1e-3)
    }

    func testResidualLossGradientOnTransposedWeights() {
        // The same network with W₂ held as a transposed view.
        var w = weights
        w[2] = weights[2].transposed().copied().transposed()
        let result = checkGradients(at: w) { [points] w in Self.residualLoss(at: points, w) }
        XCTAssert(result.passed, "\(result)")
    }

    func testThirdOrderChecks() {
        let x = Tensor.f64(Samples.distinct(6, seed: 3), [2, 3])
        let w = Tensor.f64(Samples.distinct(6, seed: 4), [3, 2])
        let checks: [(String, ([Variable]) -> Variable)] = [
            ("tanh(x·w)·Σx", { v in v[0].matmul(v[1]).tanh() * v[0].sum(axes: [1], keepDims: true) }),
            ("softmax(x·w)", { v in v[0].matmul(v[1]).softmax() * v[0].matmul(v[1]) }),
            ("logSumExp·sin", { v in (v[0].logSumExp(axes: [0]) * v[1].sin().sum(axes: [1])) }),
            ("x³/w²", { v in v[0].transposed().pow(3) / (v[1].square() + 1) }),
        ]
        for (name, f) in checks {
            let result = checkGradients(at: [x, w], order: 3, f)
            XCTAssert(result.passed, "\(name): \(result)")
        }
    }
}
