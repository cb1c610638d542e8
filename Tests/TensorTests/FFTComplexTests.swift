import XCTest

#if canImport(FFTKernels)
    @testable import FFTKernels
#else
    @testable import Tensor
#endif

/// Complex transforms of single contiguous rows against the direct DFT.
final class FFTComplexTests: XCTestCase {
    func testForwardAndInverseMatchDFTFloat() {
        checkAgainstDFT(Float.self)
    }

    func testForwardAndInverseMatchDFTDouble() {
        checkAgainstDFT(Double.self)
    }

    func testPlansAreCachedPerLengthAndType() {
        XCTAssertTrue(FFTPlan<Float>.cached(64) === FFTPlan<Float>.cached(64))
        XCTAssertTrue(FFTRealPlan<Double>.cached(97) === FFTRealPlan<Double>.cached(97))
        XCTAssertEqual(FFTPlan<Double>.cached(64).n, 64)
        XCTAssertEqual(FFTRealPlan<Float>.cached(64).n, 64)
    }

    private func checkAgainstDFT<T: FFTScalar>(_: T.Type) {
        var random = FFTTestRandom(state: 1)
        for n in fftTestLengths {
            let re = random.values(n)
            let im = random.values(n)
            let tolerance = fftTolerance(T.self, n: n, norm: fftNorm(re, im))
            for inverse in [false, true] {
                let expected = fftReferenceDFT(re: re, im: im, inverse: inverse)
                let actual = fftTestComplex(re.map { T($0) }, im.map { T($0) }, inverse: inverse)
                let label = "\(T.self) n=\(n) inverse=\(inverse)"
                fftAssertClose(actual.re, expected.re, tolerance: tolerance, "re " + label)
                fftAssertClose(actual.im, expected.im, tolerance: tolerance, "im " + label)
            }
        }
    }
}
