import Autograd
import Foundation
import Tensor
import XCTest

@testable import Layers

/// The pieces of weak-form physics losses: Wendland's test functions, the weak-form quadrature, and MultiONet's
/// gradient in its query point.
final class WeakFormTests: XCTestCase {
    /// φ(0) = 1, φ(1) = 0, φ′(1) = 0 (compact support with a smooth edge), and φ′(r)/r against central differences.
    func testWendlandValuesAndDerivatives() {
        for smoothness in [WendlandFunction.Smoothness.c2, .c4] {
            for dimension in [1, 2, 3] {
                let phi = WendlandFunction(dimension: dimension, smoothness: smoothness)
                XCTAssertEqual(phi.value(0), 1, accuracy: 1e-15)
                XCTAssertEqual(phi.value(1), 0)
                XCTAssertEqual(phi.value(1.5), 0)
                XCTAssertEqual(phi.derivativeOverRadius(1 - 1e-9), 0, accuracy: 1e-6)
                for r in [0.05, 0.3, 0.5, 0.9] {
                    let h = 1e-6
                    let difference = (phi.value(r + h) - phi.value(r - h)) / (2 * h)
                    XCTAssertEqual(
                        phi.derivativeOverRadius(r) * r, difference, accuracy: 1e-7,
                        "\(smoothness) \(dimension)-D r \(r)")
                }
            }
        }
        // The 1-D closed forms.
        XCTAssertEqual(WendlandFunction(dimension: 1).value(0.4), pow(0.6, 3) * 2.2, accuracy: 1e-15)
        XCTAssertEqual(
            WendlandFunction(dimension: 1, smoothness: .c4).value(0.4), pow(0.6, 5) * (8 * 0.16 + 3), accuracy: 1e-15)
    }

    /// u = sin(πx) solves −u″ = π² sin(πx): its weak residuals vanish (to quadrature accuracy); with the source off by
    /// 10% they do not. The flux is given as u′ = π cos(πx), no second derivative.
    func testResidualsVanishForTheExactSolution() {
        let quadrature = WeakFormQuadrature.uniform(count: 20, radius: 0.05, nodesPerSupport: 16, dtype: .float64)
        XCTAssertEqual(quadrature.points.count, 320)
        XCTAssertEqual(quadrature.centers.first!, 0.05, accuracy: 1e-15)
        XCTAssertEqual(quadrature.centers.last!, 0.95, accuracy: 1e-15)
        let x = quadrature.points
        let flux = Variable(Tensor(x.map { Double.pi * cos(Double.pi * $0) }, shape: [1, x.count], dtype: .float64))
        let source = Tensor(
            x.map { Double.pi * Double.pi * sin(Double.pi * $0) }, shape: [1, x.count], dtype: .float64)
        let residuals = quadrature.residuals(flux: flux, source: Variable(source)).value.toDoubles()
        XCTAssertEqual(residuals.count, 20)
        XCTAssertLessThan(residuals.map(abs).max()!, 1e-9)
        let wrong = quadrature.residuals(flux: flux, source: Variable(source * 1.1)).value.toDoubles()
        XCTAssertGreaterThan(wrong.map(abs).max()!, 1e-3)
    }

    /// ∫φ_k = R·∫φ over [−1, 1] and ∫φ_k′ = 0, from the quadrature's own weights.
    func testQuadratureIntegratesTheTestFunctions() {
        let quadrature = WeakFormQuadrature(centers: [0.3, 0.6], radius: 0.1, nodesPerSupport: 16, dtype: .float64)
        let integrals = (quadrature.weights * quadrature.testValues).sum(axes: [1]).toDoubles()
        let slopes = (quadrature.weights * quadrature.testDerivatives).sum(axes: [1]).toDoubles()
        // ∫_{−1}^{1} (1 − |s|)³(3|s| + 1) ds = 2·∫_0^1 t³(4 − 3t) dt = 0.8.
        for k in 0..<2 {
            XCTAssertEqual(integrals[k], 0.1 * 0.8, accuracy: 1e-6)
            XCTAssertEqual(slopes[k], 0, accuracy: 1e-9)
        }
    }

    /// MultiONet's forward gradient against reverse mode, and the weight gradient of a loss on it against double
    /// backward through reverse mode, at two points in 2-D.
    func testMultiONetGradientMatchesReverseMode() {
        var generator = RandomGenerator(seed: 5)
        let net = MultiONet(
            branchSizes: [4, 6, 6, 6], trunkSizes: [2, 5, 6, 6], summedLayers: 2, dtype: .float64, using: &generator)
        let sensors = Variable(Tensor.normal([3, 4], dtype: .float64, using: &generator))
        let pointValues = Tensor.uniform([5, 2], dtype: .float64, using: &generator)
        let (value, gradient) = net.valueAndGradient(sensors, Variable(pointValues))
        XCTAssertEqual(gradient.shape, [3, 5, 2])
        assertClose(value.value, net(sensors, Variable(pointValues)).value, tolerance: 1e-13)
        var reverse: [Tensor] = []
        for b in 0..<3 {
            let points = Variable.leaf(pointValues)
            let u = net(sensors.narrowed(axis: 0, start: b, length: 1), points).reshaped([5])
            reverse.append(InputDerivatives.gradient(of: u, at: points).value)
        }
        assertClose(gradient.value, Tensor.stacked(reverse, axis: 0), tolerance: 1e-12)
        // Weight gradients of Σ(∂G/∂y₀)² both ways.
        net.zeroGradients()
        gradient.selected(axis: 2, index: 0).square().sum().backward()
        let forwardWeights = net.parameters().map { $0.gradient?.toDoubles() }
        net.zeroGradients()
        var loss: Variable?
        for b in 0..<3 {
            let points = Variable.leaf(pointValues)
            let u = net(sensors.narrowed(axis: 0, start: b, length: 1), points).reshaped([5])
            let term = InputDerivatives.gradient(of: u, at: points).selected(axis: 1, index: 0).square().sum()
            loss = loss.map { $0 + term } ?? term
        }
        loss!.backward()
        // An absent gradient is zero (the output bias does not reach ∂G/∂y).
        for (index, parameter) in net.parameters().enumerated() {
            let count = parameter.variable.value.count
            let forward = forwardWeights[index] ?? Array(repeating: 0, count: count)
            let reverse = parameter.gradient?.toDoubles() ?? Array(repeating: 0, count: count)
            XCTAssertLessThan(zip(forward, reverse).map { abs($0 - $1) }.max()!, 1e-11, "parameter \(index)")
        }
    }

    private func assertClose(_ a: Tensor, _ b: Tensor, tolerance: Double, line: UInt = #line) {
        XCTAssertEqual(a.shape, b.shape, line: line)
        let difference = zip(a.toDoubles(), b.toDoubles()).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThan(difference, tolerance, line: line)
    }
}
