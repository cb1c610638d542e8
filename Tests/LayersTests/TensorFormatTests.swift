import Foundation
import Layers
import Tensor
import XCTest

/// Mode products, the truncated HOSVD and Chebyshev interpolation against naive loops and closed forms.
final class TensorFormatTests: XCTestCase {
    func testModeProductMatchesLoopsOnAPermutedTensor() {
        var generator = RandomGenerator(seed: 1)
        // A non-contiguous [3, 4, 5] view.
        let x = Tensor.normal([5, 3, 4], dtype: .float64, using: &generator).permuted([1, 2, 0])
        XCTAssertEqual(x.shape, [3, 4, 5])
        let values = x.contiguous().toDoubles()
        for mode in 0..<3 {
            let u = Tensor.normal([2, x.shape[mode]], dtype: .float64, using: &generator)
            let uValues = u.toDoubles()
            let product = x.modeProduct(u, mode: mode)
            var shape = x.shape
            shape[mode] = 2
            XCTAssertEqual(product.shape, shape)
            let result = product.toDoubles()
            for a in 0..<shape[0] {
                for b in 0..<shape[1] {
                    for c in 0..<shape[2] {
                        var expected = 0.0
                        for i in 0..<x.shape[mode] {
                            var index = [a, b, c]
                            let j = index[mode]
                            index[mode] = i
                            expected +=
                                uValues[j * x.shape[mode] + i] * values[(index[0] * 4 + index[1]) * 5 + index[2]]
                        }
                        XCTAssertEqual(result[(a * shape[1] + b) * shape[2] + c], expected, accuracy: 1e-12)
                    }
                }
            }
        }
    }

    /// A tensor of multilinear rank (2, 3, 2) is recovered with exactly those ranks; a random one meets the bound
    /// ‖X − X̂‖ ≤ ε‖X‖ with smaller ranks.
    func testTruncatedHOSVDRecoversRanksAndMeetsItsBound() throws {
        var generator = RandomGenerator(seed: 2)
        let core = Tensor.normal([2, 3, 2], dtype: .float64, using: &generator)
        let x = core.modeProduct(Tensor.normal([5, 2], dtype: .float64, using: &generator), mode: 0)
            .modeProduct(Tensor.normal([6, 3], dtype: .float64, using: &generator), mode: 1)
            .modeProduct(Tensor.normal([4, 2], dtype: .float64, using: &generator), mode: 2)
        let tucker = try TuckerDecomposition.truncatedHOSVD(x, tolerance: 1e-6)
        XCTAssertEqual(tucker.ranks, [2, 3, 2])
        XCTAssertEqual(tucker.storage, 12 + 10 + 18 + 8)
        XCTAssertLessThan((tucker.reconstructed() - x).norm().item() / x.norm().item(), 1e-12)
        let noise = Tensor.normal([6, 5, 4], dtype: .float64, using: &generator)
        let loose = try TuckerDecomposition.truncatedHOSVD(noise, tolerance: 0.5)
        XCTAssertLessThanOrEqual((loose.reconstructed() - noise).norm().item(), 0.5 * noise.norm().item())
        XCTAssertLessThan(loose.ranks.reduce(1, *), 120)
        for factor in loose.factors {
            let gram = factor.transposed(0, 1).matmul(factor)
            XCTAssertLessThan((gram - Tensor.eye(factor.shape[1], dtype: .float64)).abs().max().item(), 1e-12)
        }
    }

    /// T₃'s values give the coefficient vector e₃; a 3-D function of low degree is interpolated exactly, and an
    /// analytic one to rounding.
    func testChebyshevInterpolation() {
        let basis = ChebyshevBasis(count: 8)
        let t3 = basis.nodes.map { 4 * $0 * $0 * $0 - 3 * $0 }
        let coefficients = basis.coefficientMatrix.matmul(Tensor(t3, shape: [8, 1], dtype: .float64)).toDoubles()
        for (k, c) in coefficients.enumerated() { XCTAssertEqual(c, k == 3 ? 1 : 0, accuracy: 1e-14) }
        XCTAssertEqual(basis.values(at: 0.3)[4], cos(4 * acos(0.3)), accuracy: 1e-14)
        let fine = ChebyshevBasis(count: 20)
        let nodes = fine.nodes
        func f(_ x: Double, _ y: Double, _ z: Double) -> Double { exp(x) * cos(2 * y) * (1 + z * z) }
        var values: [Double] = []
        for a in nodes { for b in nodes { for c in nodes { values.append(f(a, b, c)) } } }
        let c = fine.coefficients3D(Tensor(values, shape: [20, 20, 20], dtype: .float64))
        for point in [(0.3, -0.7, 0.9), (-0.95, 0.1, -0.4)] {
            let value = c.modeProduct(Tensor(fine.values(at: point.0), shape: [1, 20], dtype: .float64), mode: 0)
                .modeProduct(Tensor(fine.values(at: point.1), shape: [1, 20], dtype: .float64), mode: 1)
                .modeProduct(Tensor(fine.values(at: point.2), shape: [1, 20], dtype: .float64), mode: 2).item()
            XCTAssertEqual(value, f(point.0, point.1, point.2), accuracy: 1e-12)
        }
    }
}
