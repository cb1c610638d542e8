import Autograd
import Foundation
import Tensor
import TestSupport
import XCTest

/// First- and second-order checks of rfft, irfft, fft and ifft for even, odd and prime lengths, every
/// normalization, padding/truncation and a non-last axis.
final class FFTGradientTests: XCTestCase {
    private func values(_ shape: [Int], _ seed: Double) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor((0..<n).map { Foundation.sin(Double($0) * 0.9 + seed) }, shape: shape)
    }

    private func assertPasses(
        _ inputs: [Tensor], file: StaticString = #filePath, line: UInt = #line,
        _ f: @escaping ([Variable]) -> Variable
    ) {
        for order in [1, 2] {
            let result = checkGradients(at: inputs, order: order) { v in
                let y = f(v)
                return y * y.sin()  // a non-linear readout so second derivatives are non-trivial
            }
            XCTAssert(result.passed, "\(result)", file: file, line: line)
        }
    }

    func testRealTransforms() {
        for n in [6, 7, 5] {
            for normalization in [FFTNormalization.backward, .orthonormal, .forward] {
                assertPasses([values([2, n], 0.3)]) { v in
                    let z = FFT.rfft(v[0], normalization: normalization)
                    return z.real + z.imaginary * 0.7
                }
                let bins = n / 2 + 1
                assertPasses([values([2, bins], 0.1), values([2, bins], 0.5)]) { v in
                    FFT.irfft(ComplexVariable(real: v[0], imaginary: v[1]), length: n, normalization: normalization)
                }
            }
        }
    }

    func testPaddingTruncationAndAxis() {
        assertPasses([values([5, 3], 0.2)]) { v in FFT.rfft(v[0], axis: 0, length: 8).imaginary }
        assertPasses([values([3, 9], 0.4)]) { v in FFT.rfft(v[0], length: 4).real }
    }

    func testComplexTransforms() {
        for n in [4, 5] {
            for normalization in [FFTNormalization.backward, .orthonormal] {
                assertPasses([values([2, n], 0.1), values([2, n], 0.9)]) { v in
                    let z = ComplexVariable(real: v[0], imaginary: v[1])
                    let y = FFT.fft(z, normalization: normalization)
                    let w = FFT.ifft(z, axis: 1, normalization: normalization)
                    return y.real * 0.5 + y.imaginary + w.real * w.imaginary
                }
            }
        }
    }

    /// The FFT convolution of S4 (causal, length 2L) against a direct convolution, with gradients.
    func testFFTConvolutionMatchesDirectConvolution() {
        let l = 6
        let u = values([1, l], 0.2)
        let k = values([1, l], 0.7)
        let convolve: ([Variable]) -> Variable = { v in
            let uf = FFT.rfft(v[0], length: 2 * l)
            let kf = FFT.rfft(v[1], length: 2 * l)
            return FFT.irfft(uf * kf, length: 2 * l).narrowed(axis: 1, start: 0, length: l)
        }
        let y = convolve([Variable(u), Variable(k)]).value.toDoubles()
        let (us, ks) = (u.toDoubles(), k.toDoubles())
        for t in 0..<l {
            let direct = (0...t).reduce(0.0) { $0 + us[$1] * ks[t - $1] }
            XCTAssertEqual(y[t], direct, accuracy: 1e-12)
        }
        assertPasses([u, k], convolve)
    }
}
