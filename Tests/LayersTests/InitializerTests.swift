import Layers
import Tensor
import XCTest

/// Initializers: fans, gains, the mean and variance of each scheme, orthogonality.
final class InitializerTests: XCTestCase {
    private func moments(_ t: Tensor) -> (mean: Double, variance: Double) {
        let values = t.toDoubles()
        let mean = values.reduce(0, +) / Double(values.count)
        return (mean, values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count))
    }

    func testFansAndGains() {
        XCTAssertEqual(Fans(shape: [64, 32]), Fans(shape: [64, 32]))
        XCTAssertEqual(Fans(shape: [64, 32]).fanIn, 32)
        XCTAssertEqual(Fans(shape: [16, 4, 3, 5]).fanIn, 60)
        XCTAssertEqual(Fans(shape: [16, 4, 3, 5]).fanOut, 240)
        XCTAssertEqual(Fans(shape: [16, 4, 3])(.fanOut), 48)
        XCTAssertEqual(Nonlinearity.relu.gain, 2.0.squareRoot())
        XCTAssertEqual(Nonlinearity.tanh.gain, 5.0 / 3)
        XCTAssertEqual(Nonlinearity.linear.gain, 1)
        XCTAssertEqual(Nonlinearity.leakyRelu(negativeSlope: 0.2).gain, (2 / 1.04).squareRoot(), accuracy: 1e-15)
    }

    func testVarianceOfEachScheme() {
        let shape = [200, 100, 3]  // fanIn 300, fanOut 600; 60 000 samples
        let fans = Fans(shape: shape)
        let schemes: [(Initializer, mean: Double, variance: Double)] = [
            (.uniform(low: -1, high: 3), 1, 16.0 / 12),
            (.normal(mean: 0.5, standardDeviation: 2), 0.5, 4),
            (.xavierUniform(), 0, 2.0 / Double(fans.fanIn + fans.fanOut)),
            (.xavierNormal(gain: 5.0 / 3), 0, 25.0 / 9 * 2 / Double(fans.fanIn + fans.fanOut)),
            (.kaimingUniform(), 0, 2.0 / Double(fans.fanIn)),
            (.kaimingNormal(mode: .fanOut, nonlinearity: .relu), 0, 2.0 / Double(fans.fanOut)),
            (.kaimingNormal(mode: .fanIn, nonlinearity: .tanh), 0, 25.0 / 9 / Double(fans.fanIn)),
            (.kaimingUniform(mode: .fanIn, nonlinearity: .linear), 0, 1.0 / Double(fans.fanIn)),
        ]
        var generator = RandomGenerator(seed: 5)
        for (scheme, mean, variance) in schemes {
            for dtype in [DType.float32, .float64] {
                let w = scheme.make(shape: shape, dtype: dtype, using: &generator)
                XCTAssertEqual(w.shape, shape)
                XCTAssertEqual(w.dtype, dtype)
                let sample = moments(w)
                // 60 000 samples: the sample mean is within ~4 standard errors, the variance within ~3 %.
                XCTAssertEqual(sample.mean, mean, accuracy: 4 * (variance / 60_000).squareRoot(), "\(scheme)")
                XCTAssertEqual(sample.variance / variance, 1, accuracy: 0.03, "\(scheme)")
            }
        }
        let bound = (6.0 / Double(fans.fanIn + fans.fanOut)).squareRoot()
        XCTAssert(
            Initializer.xavierUniform().make(shape: shape, using: &generator).toDoubles().allSatisfy {
                Swift.abs($0) <= bound
            })
    }

    func testOrthogonalHasOrthonormalRowsOrColumns() {
        var generator = RandomGenerator(seed: 6)
        for (shape, gain) in [([50, 20], 1.0), ([20, 50], 1.0), ([8, 3, 2, 2], 2.0), ([30, 30], 0.5)] {
            for dtype in [DType.float64, .float32] {
                let w = Initializer.orthogonal(gain: gain).make(shape: shape, dtype: dtype, using: &generator)
                XCTAssertEqual(w.shape, shape)
                let matrix = w.cast(to: .float64).reshaped([shape[0], -1]) / gain
                let (rows, columns) = (matrix.shape[0], matrix.shape[1])
                // QᵀQ = I for tall matrices, QQᵀ = I for wide ones.
                let gram = rows >= columns ? matrix.transposed().matmul(matrix) : matrix.matmul(matrix.transposed())
                let identity = Tensor.eye(Swift.min(rows, columns), dtype: .float64)
                XCTAssertLessThan(
                    gram.maxAbsoluteDifference(identity), dtype == .float64 ? 1e-12 : 1e-5, "\(shape) \(dtype)")
            }
        }
        // Sign correction makes the factor unique: the same Gaussian draw gives the same Q.
        var a = RandomGenerator(seed: 7)
        var b = RandomGenerator(seed: 7)
        XCTAssertEqual(
            Initializer.orthogonal().make(shape: [6, 4], dtype: .float64, using: &a).toDoubles(),
            Initializer.orthogonal().make(shape: [6, 4], dtype: .float64, using: &b).toDoubles())
    }

    func testOrthogonalIsSignCorrected() {
        // With Q·diag(sign(diag R)), R's diagonal is positive: Qᵀ·G is upper triangular with a positive diagonal.
        var generator = RandomGenerator(seed: 8)
        var replay = generator
        let q = Initializer.orthogonal().make(shape: [7, 4], dtype: .float64, using: &generator)
        let gaussian = Tensor.normal([7, 4], dtype: .float64, using: &replay)
        let r = q.transposed().matmul(gaussian)
        for i in 0..<4 {
            XCTAssertGreaterThan(r.element(at: [i, i]), 0)
            for j in 0..<i { XCTAssertEqual(r.element(at: [i, j]), 0, accuracy: 1e-12) }
        }
    }
}
