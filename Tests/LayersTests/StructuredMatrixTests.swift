import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

/// Toeplitz and Hankel matrices: the entries from their coefficients, products by gather and by FFT against the
/// dense product on every input layout, derivatives to second order, and the layer built on them.
final class StructuredMatrixTests: XCTestCase {
    /// The m×n matrix of c written out entry by entry.
    private func naiveDense(_ structure: StructuredMatrix, _ c: [Double], rows m: Int, columns n: Int) -> [Double] {
        var entries: [Double] = []
        for i in 0..<m {
            for j in 0..<n { entries.append(structure == .toeplitz ? c[i - j + n - 1] : c[i + j]) }
        }
        return entries
    }

    func testDenseMatrixHasTheStructure() {
        let c = (0..<6).map(Double.init)
        let toeplitz = StructuredMatrix.toeplitz.dense(
            Variable(Tensor(c, shape: [6], dtype: .float64)), rows: 2, columns: 5)
        // T_ij = c_{i − j + 4}: the first row runs c_4 … c_0, the second c_5 … c_1.
        assertClose(
            toeplitz.value, [4, 3, 2, 1, 0, 5, 4, 3, 2, 1], shape: [2, 5], relativeTolerance: 0, absoluteTolerance: 0)
        let hankel = StructuredMatrix.hankel.dense(
            Variable(Tensor(c, shape: [6], dtype: .float64)), rows: 2, columns: 5)
        assertClose(
            hankel.value, [0, 1, 2, 3, 4, 1, 2, 3, 4, 5], shape: [2, 5], relativeTolerance: 0, absoluteTolerance: 0)
    }

    /// Both methods equal the naive dense product y = x·Aᵀ for tall, wide and square matrices and every layout of x.
    func testProductsEqualTheDenseMatrixProduct() {
        for structure in StructuredMatrix.allCases {
            for (m, n) in [(5, 7), (7, 4), (6, 6), (1, 3)] {
                let c = LayerTesting.values([m + n - 1], seed: 0.3)
                let a = naiveDense(structure, c.toDoubles(), rows: m, columns: n)
                for layout in layoutNames {
                    let x = layoutVariant(layout, of: LayerTesting.values([3, n], seed: 1.1))
                    let xs = x.toDoubles()
                    var expected: [Double] = []
                    for b in 0..<3 {
                        for i in 0..<m { expected.append((0..<n).reduce(0.0) { $0 + a[i * n + $1] * xs[b * n + $1] }) }
                    }
                    for method in StructuredMatrix.ProductMethod.allCases {
                        let y = structure.apply(Variable(x), coefficients: Variable(c), rows: m, method: method)
                        assertClose(
                            y.value, expected, shape: [3, m], relativeTolerance: 1e-12, absoluteTolerance: 1e-12,
                            "\(structure) \(method) \(m)×\(n) \(layout)")
                    }
                }
            }
        }
    }

    func testProductsOnBatchesOfAnyRankAndInFloat32() {
        let c = LayerTesting.values([9], seed: 2, dtype: .float32)
        let x = LayerTesting.values([2, 3, 5], seed: 3, dtype: .float32)
        for structure in StructuredMatrix.allCases {
            let gathered = structure.apply(Variable(x), coefficients: Variable(c), rows: 5, method: .gather)
            let transformed = structure.apply(Variable(x), coefficients: Variable(c), rows: 5, method: .fft)
            XCTAssertEqual(transformed.shape, [2, 3, 5])
            XCTAssertEqual(transformed.dtype, .float32)
            assertClose(transformed.value, gathered.value, relativeTolerance: 1e-5, absoluteTolerance: 1e-5)
        }
    }

    /// Gradients in x and c, first and second order, with x permuted, strided, flipped, expanded and transposed.
    func testGradientsToSecondOrderOnNonContiguousInputs() {
        let c = LayerTesting.values([6], seed: 0.7)
        for structure in StructuredMatrix.allCases {
            for method in StructuredMatrix.ProductMethod.allCases {
                for layout in layoutNames {
                    let x = layoutVariant(layout, of: LayerTesting.values([2, 4], seed: 1.3))
                    assertGradients("\(structure) \(method) \(layout)", at: [x, c], orders: [1, 2]) { v in
                        // A nonlinearity after the product makes the second derivative in (x, c) non-trivial.
                        let y = structure.apply(v[0], coefficients: v[1], rows: 3, method: method)
                        return (y * y).sum()
                    }
                }
                let expanded = LayerTesting.values([1, 4], seed: 1.5).expanded(to: [3, 4])
                assertGradients("\(structure) \(method) expanded", at: [expanded, c], orders: [1, 2]) {
                    v in structure.apply(v[0], coefficients: v[1], rows: 3, method: method).sin().sum()
                }
                let transposed = LayerTesting.values([4, 2], seed: 1.7).transposed()
                assertGradients("\(structure) \(method) transposed", at: [transposed, c], orders: [1, 2]) {
                    v in structure.apply(v[0], coefficients: v[1], rows: 3, method: method).tanh()
                }
            }
        }
    }

    func testLayerEqualsLinearWithItsDenseWeight() {
        var generator = RandomGenerator(seed: 5)
        for structure in StructuredMatrix.allCases {
            for method in StructuredMatrix.ProductMethod.allCases {
                let layer = StructuredLinear(
                    6, 4, structure: structure, method: method, dtype: .float64, using: &generator)
                XCTAssertEqual(layer.parameterCount, 9 + 4)
                let dense = Linear(weight: layer.weight.value, bias: layer.bias!.value)
                let x = Variable(layoutVariant("stepped", of: LayerTesting.values([5, 6], seed: 4)))
                assertClose(layer(x).value, dense(x).value, relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
                layer(x).square().sum().backward()
                XCTAssertEqual(layer.coefficients.gradient?.shape, [9])
            }
        }
        let paperSize = StructuredLinear(64, 64, structure: .hankel, using: &generator)
        XCTAssertEqual(paperSize.coefficients.value.shape, [127])
    }

    func testBadShapesStopWithTheirNames() {
        expectFatalError(containing: "StructuredMatrix.apply (toeplitz): a 3×4 matrix needs coefficients [6], got [5]")
        {
            _ = StructuredMatrix.toeplitz.apply(
                Variable(Tensor.zeros([2, 4], dtype: .float64)),
                coefficients: Variable(Tensor.zeros([5], dtype: .float64)),
                rows: 3, method: .fft)
        }
        expectFatalError(containing: "StructuredLinear (hankel): input float64 [2, 5] must end in 4") {
            var generator = RandomGenerator(seed: 0)
            let layer = StructuredLinear(4, 3, structure: .hankel, dtype: .float64, using: &generator)
            _ = layer(Variable(Tensor.zeros([2, 5], dtype: .float64)))
        }
    }
}
