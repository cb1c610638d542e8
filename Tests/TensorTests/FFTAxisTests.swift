import Foundation
import Tensor
import TestSupport
import XCTest

/// `FFT` on tensors: axes, padding/truncation, normalizations, against a direct DFT in Double.
final class FFTAxisTests: XCTestCase {
    private func values(_ shape: [Int]) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor((0..<n).map { Foundation.sin(Double($0) * 1.3) + 0.1 * Double($0 % 5) }, shape: shape)
    }

    /// Direct DFT of the rows of `x` along its last axis after resizing to `n`: (re, im), n bins.
    private func directDFT(_ re: [Double], _ im: [Double], n: Int, inverse: Bool) -> ([Double], [Double]) {
        var outRe = [Double](repeating: 0, count: n)
        var outIm = outRe
        let sign = inverse ? 1.0 : -1.0
        for k in 0..<n {
            for j in 0..<n where j < re.count {
                let angle = sign * 2 * Double.pi * Double(j * k) / Double(n)
                outRe[k] += re[j] * Foundation.cos(angle) - im[j] * Foundation.sin(angle)
                outIm[k] += re[j] * Foundation.sin(angle) + im[j] * Foundation.cos(angle)
            }
        }
        return (outRe, outIm)
    }

    func testRealTransformAlongEachAxisWithPaddingAndTruncation() {
        let x = values([3, 5, 4])
        for axis in 0..<3 {
            for length in [nil, 3, 7] as [Int?] {
                let z = FFT.rfft(x, axis: axis, length: length)
                let n = length ?? x.shape[axis]
                XCTAssertEqual(z.real.shape[axis], n / 2 + 1)
                // Check one line along `axis`.
                let line = x.permuted([axis] + (0..<3).filter { $0 != axis }).contiguous()[TensorIndex.all, 1, 2]
                    .toDoubles()
                let (re, im) = directDFT(line, [Double](repeating: 0, count: line.count), n: n, inverse: false)
                let gotRe = z.real.permuted([axis] + (0..<3).filter { $0 != axis }).contiguous()[TensorIndex.all, 1, 2]
                    .toDoubles()
                let gotIm = z.imaginary.permuted([axis] + (0..<3).filter { $0 != axis }).contiguous()[
                    TensorIndex.all, 1, 2
                ].toDoubles()
                for k in 0..<(n / 2 + 1) {
                    XCTAssertEqual(gotRe[k], re[k], accuracy: 1e-10)
                    XCTAssertEqual(gotIm[k], im[k], accuracy: 1e-10)
                }
            }
        }
    }

    func testRoundTripsAndNormalizations() {
        let x = values([2, 9])
        for normalization in [FFTNormalization.backward, .orthonormal, .forward] {
            let back = FFT.irfft(FFT.rfft(x, normalization: normalization), length: 9, normalization: normalization)
            XCTAssert(back.allClose(x, absoluteTolerance: 1e-12), "\(normalization)")
            let z = ComplexTensor(real: x, imaginary: values([2, 9]).flipped(axes: [1]))
            let w = FFT.ifft(FFT.fft(z, normalization: normalization), normalization: normalization)
            XCTAssert(
                w.real.allClose(z.real, absoluteTolerance: 1e-12)
                    && w.imaginary.allClose(z.imaginary, absoluteTolerance: 1e-12))
        }
        // Orthonormal transforms preserve the 2-norm (Parseval).
        let z = ComplexTensor(real: x, imaginary: Tensor.zeros(like: x))
        let y = FFT.fft(z, normalization: .orthonormal)
        XCTAssertEqual((y.real.square() + y.imaginary.square()).sum().item(), x.square().sum().item(), accuracy: 1e-10)
    }

    func testComplexTransformOfStridedInputMatchesDirectDFT() {
        let re = values([6, 4]).transposed()
        let im = values([4, 6]).flipped(axes: [1])
        let y = FFT.fft(ComplexTensor(real: re, imaginary: im), axis: 1)
        for row in 0..<4 {
            let (dr, di) = directDFT(re[row].toDoubles(), im[row].toDoubles(), n: 6, inverse: false)
            assertClose(y.real[row].toDoubles(), dr, relativeTolerance: 0, absoluteTolerance: 1e-10)
            assertClose(y.imaginary[row].toDoubles(), di, relativeTolerance: 0, absoluteTolerance: 1e-10)
        }
    }

    func testFloat32MatchesFloat64() {
        let x = values([4, 1000])
        let single = FFT.rfft(x.cast(to: .float32)).real.cast(to: .float64)
        XCTAssert(single.allClose(FFT.rfft(x).real, relativeTolerance: 1e-4, absoluteTolerance: 1e-3))
    }
}
