import XCTest

#if canImport(FFTKernels)
    @testable import FFTKernels
#else
    @testable import Tensor
#endif

/// Real transforms of single contiguous rows against the direct DFT.
final class FFTRealTests: XCTestCase {
    func testRfftMatchesDFTFloat() {
        checkRfft(Float.self)
    }

    func testRfftMatchesDFTDouble() {
        checkRfft(Double.self)
    }

    func testIrfftInvertsRfftFloat() {
        checkRoundTrip(Float.self)
    }

    func testIrfftInvertsRfftDouble() {
        checkRoundTrip(Double.self)
    }

    func testIrfftMatchesDFTFloat() {
        checkIrfft(Float.self)
    }

    func testIrfftMatchesDFTDouble() {
        checkIrfft(Double.self)
    }

    func testOddLengthIrfft() {
        // n = 5 from the bins X0 = 1, X1 = 2 − i, X2 = 0.5i; by hand:
        // x[j] = X0 + 2·Re(X1·e^(2πij/5)) + 2·Re(X2·e^(4πij/5)).
        let expected = (0..<5).map { j -> Double in
            let a1 = 2 * Double.pi * Double(j) / 5
            let a2 = 2 * a1
            return 1 + 2 * (2 * cos(a1) + sin(a1)) + 2 * (-0.5 * sin(a2))
        }
        let output = fftTestIrfft([1, 2, 0] as [Double], [0, -1, 0.5], n: 5)
        fftAssertClose(output, expected, tolerance: 1e-12, "odd irfft n=5")
    }

    private func checkRfft<T: FFTScalar>(_: T.Type) {
        var random = FFTTestRandom(state: 2)
        for n in fftTestLengths {
            let x = random.values(n)
            let expected = fftReferenceDFT(re: x, im: [Double](repeating: 0, count: n), inverse: false)
            let bins = n / 2 + 1
            let actual = fftTestRfft(x.map { T($0) })
            let tolerance = fftTolerance(T.self, n: n, norm: fftNorm(x))
            fftAssertClose(actual.re, Array(expected.re[..<bins]), tolerance: tolerance, "re \(T.self) n=\(n)")
            fftAssertClose(actual.im, Array(expected.im[..<bins]), tolerance: tolerance, "im \(T.self) n=\(n)")
            XCTAssertEqual(actual.im[0], 0, "DC imaginary part \(T.self) n=\(n)")
            if n % 2 == 0 {
                XCTAssertEqual(actual.im[n / 2], 0, "Nyquist imaginary part \(T.self) n=\(n)")
            }
        }
    }

    private func checkRoundTrip<T: FFTScalar>(_: T.Type) {
        var random = FFTTestRandom(state: 3)
        for n in fftTestLengths {
            let x = random.values(n)
            let spectrum = fftTestRfft(x.map { T($0) })
            let back = fftTestIrfft(spectrum.re, spectrum.im, n: n).map { $0 / T(n) }
            fftAssertClose(back, x, tolerance: fftTolerance(T.self, n: n, norm: fftNorm(x)), "\(T.self) n=\(n)")
        }
    }

    /// irfft of arbitrary bins (including nonzero imaginary parts at DC and Nyquist, which must be
    /// ignored) against the inverse DFT of the Hermitian spectrum they define.
    private func checkIrfft<T: FFTScalar>(_: T.Type) {
        var random = FFTTestRandom(state: 4)
        for n in fftTestLengths {
            let bins = n / 2 + 1
            let re = random.values(bins)
            let im = random.values(bins)
            var fullRe = [Double](repeating: 0, count: n)
            var fullIm = [Double](repeating: 0, count: n)
            for k in 0..<bins {
                fullRe[k] = re[k]
                fullIm[k] = k == 0 || 2 * k == n ? 0 : im[k]
                if k > 0 {
                    fullRe[n - k] = fullRe[k]
                    fullIm[n - k] = -fullIm[k]
                }
            }
            let expected = fftReferenceDFT(re: fullRe, im: fullIm, inverse: true).re
            let actual = fftTestIrfft(re.map { T($0) }, im.map { T($0) }, n: n)
            let tolerance = fftTolerance(T.self, n: n, norm: fftNorm(fullRe, fullIm))
            fftAssertClose(actual, expected, tolerance: tolerance, "\(T.self) n=\(n)")
        }
    }
}
