import Autograd
import Layers
import Tensor
import TestSupport
import XCTest

/// LayerNorm against its formula, and its derivatives to second order.
final class LayerNormTests: XCTestCase {
    /// y = (x − μ)/√(σ² + ε)·γ + β over the last `width` elements of each row, by loops.
    private func reference(_ x: Tensor, width: Int, weight: [Double]?, bias: [Double]?, epsilon: Double) -> [Double] {
        let values = x.toDoubles()
        var result: [Double] = []
        for start in stride(from: 0, to: values.count, by: width) {
            let row = values[start..<start + width]
            let mean = row.reduce(0, +) / Double(width)
            let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(width)
            for (i, v) in row.enumerated() {
                result.append((v - mean) / (variance + epsilon).squareRoot() * (weight?[i] ?? 1) + (bias?[i] ?? 0))
            }
        }
        return result
    }

    func testMatchesTheFormula() {
        for layout in layoutNames {
            let norm = LayerNorm(normalizedShape: [3, 4], epsilon: 1e-3, dtype: .float64)
            norm.weight!.assign(LayerTesting.values([3, 4], seed: 1))
            norm.bias!.assign(LayerTesting.values([3, 4], seed: 2))
            let x = layoutVariant(layout, of: LayerTesting.values([2, 5, 3, 4], seed: 3))
            assertClose(
                norm(Variable(x)).value,
                reference(
                    x, width: 12, weight: norm.weight!.value.toDoubles(), bias: norm.bias!.value.toDoubles(),
                    epsilon: 1e-3), shape: x.shape, relativeTolerance: 1e-13, absoluteTolerance: 1e-13, "\(layout)")
        }
        let plain = LayerNorm(normalizedShape: [6], elementwiseAffine: false)
        XCTAssertTrue(plain.parameters().isEmpty)
        let x = LayerTesting.values([4, 6], seed: 4, dtype: .float32)
        assertClose(
            plain(Variable(x)).value, reference(x, width: 6, weight: nil, bias: nil, epsilon: 1e-5),
            relativeTolerance: 1e-5, absoluteTolerance: 1e-5)
    }

    func testDerivativesToSecondOrder() {
        let norm = LayerNorm(normalizedShape: [5], dtype: .float64)
        let x = layoutVariant("flipped", of: LayerTesting.values([3, 5], seed: 5))
        assertGradients(at: [x, LayerTesting.values([5], seed: 6), LayerTesting.values([5], seed: 7)], orders: [1, 2]) {
            v in norm(v[0], weight: v[1], bias: v[2])
        }
        assertGradients(at: [x], orders: [1, 2]) { v in norm(v[0]).tanh() }
    }
}
