import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

/// Fourier differentiation on periodic grids: exact for trigonometric polynomials, any order, length and layout.
final class SpectralDerivativeTests: XCTestCase {
    func testDerivativesOfSineAreExact() {
        let n = 32
        let x = (0..<n).map { 2 * Double.pi * Double($0) / Double(n) }
        let u = Tensor(x.map { sin($0) }, shape: [n], dtype: .float64)
        let expected: [(Double) -> Double] = [{ cos($0) }, { -sin($0) }, { -cos($0) }, { sin($0) }, { cos($0) }]
        for order in 1...5 {
            let d = SpectralDerivative.derivative(u, order: order, length: 2 * Double.pi)
            assertClose(d, x.map(expected[order - 1]), relativeTolerance: 0, absoluteTolerance: 1e-10, "order \(order)")
        }
    }

    /// u = sin(3·2πx/L) + cos(5·2πx/L) on [0, L), L = 22, odd n, on a batch stored transposed and strided.
    func testScalesWithLengthOnBatchesAndLayouts() {
        let (n, length) = (45, 22.0)
        let k3 = 3 * 2 * Double.pi / length
        let k5 = 5 * 2 * Double.pi / length
        let x = (0..<n).map { length * Double($0) / Double(n) }
        let row = x.map { sin(k3 * $0) + cos(k5 * $0) }
        let third = x.map { -k3 * k3 * k3 * cos(k3 * $0) + k5 * k5 * k5 * sin(k5 * $0) }
        let batch = Tensor(row + row.map { 2 * $0 }, shape: [2, n], dtype: .float64)
        // Rows 0 and 2 of [u, junk, 2u, junk], stored column-major.
        let junk = [Double](repeating: 99, count: n)
        let stored = Tensor(row + junk + row.map { 2 * $0 } + junk, shape: [4, n], dtype: .float64)
            .transposed().contiguous().transposed().sliced(axis: 0, start: 0, step: 2)
        XCTAssertFalse(stored.isContiguous)
        let d = SpectralDerivative.derivative(stored, order: 3, length: length)
        assertClose(d, third + third.map { 2 * $0 }, shape: [2, n], relativeTolerance: 0, absoluteTolerance: 1e-10)
        XCTAssertEqual(SpectralDerivative.derivative(stored, order: 0, length: length).toDoubles(), stored.toDoubles())
        let single = SpectralDerivative.derivative(batch.cast(to: .float32), order: 1, length: length)
        XCTAssertEqual(single.dtype, .float32)
    }

    /// The Nyquist mode cos(πj) has no real odd derivative (dropped) and −(π n/L)²-scaled even ones.
    func testNyquistModeHandling() {
        let n = 8
        let u = Tensor((0..<n).map { $0 % 2 == 0 ? 1.0 : -1.0 }, shape: [n], dtype: .float64)
        let first = SpectralDerivative.derivative(u, order: 1, length: 2 * Double.pi)
        assertClose(first, [Double](repeating: 0, count: n), relativeTolerance: 0, absoluteTolerance: 1e-12)
        let second = SpectralDerivative.derivative(u, order: 2, length: 2 * Double.pi)
        assertClose(second, u.toDoubles().map { -16 * $0 }, relativeTolerance: 0, absoluteTolerance: 1e-11)
    }
}
