import Autograd
import Foundation
import Tensor
import TestSupport
import XCTest

@testable import Layers

/// Stochastic dimension sampling (SDGD): the restricted second derivatives agree with the full ones, the sample is
/// uniform without replacement, and the Laplacian estimate is unbiased.
final class DimensionSampleTests: XCTestCase {
    private func points(_ n: Int, _ d: Int, seed: UInt64 = 3) -> Tensor {
        var g = RandomGenerator(seed: seed)
        return Tensor.uniform([n, d], low: -1, high: 1, dtype: .float64, using: &g)
    }

    /// The forward Laplacian restricted to a set equals the full diagonal's columns, and so does the reverse-mode
    /// restriction; weight gradients of a loss on the restricted derivatives agree between the two paths.
    func testRestrictedSecondDerivativesEqualTheFullOnes() {
        var g = RandomGenerator(seed: 1)
        let mlp = MLP([6, 10, 10, 1], activation: .tanh, dtype: .float64, using: &g)
        let x = Variable.leaf(points(4, 6))
        let dimensions = [4, 1, 5]
        let full = ForwardLaplacian.derivativesWithHessianDiagonal(of: mlp, at: x)
        let restricted = ForwardLaplacian.derivativesWithHessianDiagonal(of: mlp, at: x, dimensions: dimensions)
        let selection = Tensor(dimensions.map(Int64.init))
        XCTAssertEqual(restricted.hessianDiagonal.shape, [4, 3, 1])
        XCTAssertEqual(restricted.gradient.shape, [4, 3, 1])
        assertClose(restricted.value.value, full.value.value, relativeTolerance: 1e-14, absoluteTolerance: 1e-14)
        assertClose(
            restricted.gradient.value, full.gradient.value.indexSelected(axis: 1, indices: selection),
            relativeTolerance: 1e-12, absoluteTolerance: 1e-13, "∂ᵢu")
        assertClose(
            restricted.hessianDiagonal.value, full.hessianDiagonal.value.indexSelected(axis: 1, indices: selection),
            relativeTolerance: 1e-12, absoluteTolerance: 1e-13, "∂ᵢᵢu")
        let reverse = InputDerivatives.hessianDiagonal(of: mlp(x), at: x, dimensions: dimensions)
        assertClose(
            reverse.value.reshaped([4, 3, 1]), restricted.hessianDiagonal.value, relativeTolerance: 1e-10,
            absoluteTolerance: 1e-12, "reverse mode")
        let weights = mlp.parameters().map(\.variable)
        let forwardLoss = restricted.hessianDiagonal.square().sum() + restricted.gradient.sum()
        let reverseGradient = InputDerivatives.gradient(of: mlp(x), at: x).indexSelected(axis: 1, indices: selection)
        let reverseLoss = reverse.square().sum() + reverseGradient.sum()
        for (a, b) in zip(gradients(of: forwardLoss, wrt: weights), gradients(of: reverseLoss, wrt: weights)) {
            assertClose(a.value, b.value, relativeTolerance: 1e-9, absoluteTolerance: 1e-10, "∂/∂θ")
        }
    }

    /// The restricted derivatives are differentiable in the points, to second order (finite differences, Float64).
    func testRestrictedForwardLaplacianGradientCheck() {
        var g = RandomGenerator(seed: 2)
        let mlp = MLP([4, 6, 1], activation: .tanh, dtype: .float64, using: &g)
        let x = points(3, 4)
        for input in layoutVariants(of: x) {
            let result = checkGradients(at: [input.tensor], order: 2) { v in
                let d = ForwardLaplacian.derivativesWithHessianDiagonal(of: mlp, at: v[0], dimensions: [2, 0])
                return d.hessianDiagonal.sum(axes: [1, 2]) + d.gradient.square().sum(axes: [1, 2])
            }
            XCTAssert(result.passed, "\(input.name): \(result)")
        }
    }

    /// Each dimension lands in the sample with probability k/D; indices are distinct; the same seed draws the same.
    func testSampleIsUniformWithoutReplacement() {
        var g = RandomGenerator(seed: 5)
        let (dimension, count, draws) = (10, 3, 20_000)
        var hits = [Int](repeating: 0, count: dimension)
        for _ in 0..<draws {
            let sample = DimensionSample(dimension: dimension, count: count, using: &g)
            XCTAssertEqual(Set(sample.indices).count, count)
            for i in sample.indices { hits[i] += 1 }
        }
        let p = Double(count) / Double(dimension)
        let standardError = (p * (1 - p) / Double(draws)).squareRoot()
        for (i, h) in hits.enumerated() {
            XCTAssertEqual(Double(h) / Double(draws), p, accuracy: 4 * standardError, "dimension \(i)")
        }
        var a = RandomGenerator(seed: 9)
        var b = RandomGenerator(seed: 9)
        XCTAssertEqual(
            DimensionSample(dimension: 50, count: 7, using: &a), DimensionSample(dimension: 50, count: 7, using: &b))
    }

    /// The mean of (D/k)·Σ_{i∈I} ∂ᵢᵢu over many samples equals Δu within 4 standard errors at every point, and
    /// the full set gives Δu exactly.
    func testLaplacianEstimateIsUnbiased() {
        var g = RandomGenerator(seed: 4)
        let dimension = 8
        let mlp = MLP([dimension, 12, 12, 1], activation: .tanh, dtype: .float64, using: &g)
        let x = Variable(points(5, dimension))
        let full = ForwardLaplacian.derivativesWithHessianDiagonal(of: mlp, at: x).hessianDiagonal
        let exact = ForwardLaplacian.valueAndLaplacian(of: mlp, at: x).laplacian.value.reshaped([5])
        let all = DimensionSample(dimension: dimension, indices: Array(0..<dimension))
        assertClose(
            all.laplacianEstimate(from: full).value.reshaped([5]), exact, relativeTolerance: 1e-12,
            absoluteTolerance: 1e-12, "full set")
        let draws = 4000
        var estimates: [[Double]] = []
        for _ in 0..<draws {
            let sample = DimensionSample(dimension: dimension, count: 3, using: &g)
            let diagonal = ForwardLaplacian.derivativesWithHessianDiagonal(of: mlp, at: x, dimensions: sample.indices)
            estimates.append(sample.laplacianEstimate(from: diagonal.hessianDiagonal).value.toDoubles())
        }
        let reference = exact.toDoubles()
        var spread = 0.0
        for n in 0..<5 {
            let values = estimates.map { $0[n] }
            let mean = values.reduce(0, +) / Double(draws)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws - 1)
            spread = max(spread, variance)
            XCTAssertEqual(mean, reference[n], accuracy: 4 * (variance / Double(draws)).squareRoot(), "point \(n)")
        }
        XCTAssertGreaterThan(spread, 0, "the estimate must vary with the sample")
    }

    func testBadIndicesStopWithAMessage() {
        expectFatalError(containing: "DimensionSample") { _ = DimensionSample(dimension: 4, indices: [1, 1]) }
        expectFatalError(containing: "cannot draw 5 of 4") {
            var g = RandomGenerator(seed: 0)
            _ = DimensionSample(dimension: 4, count: 5, using: &g)
        }
    }
}
