import XCTest

#if canImport(FFTKernels)
    @testable import FFTKernels
#else
    @testable import Tensor
#endif

/// Strided, batched, in-place and multi-threaded layouts, checked row by row against single
/// contiguous transforms (themselves checked against the DFT elsewhere).
final class FFTBatchedTests: XCTestCase {
    func testComplexColumnsIntoPaddedRows() {
        checkComplexLayout(Float.self, n: 12, count: 5)
        checkComplexLayout(Double.self, n: 17, count: 3)
        checkComplexLayout(Float.self, n: 1000, count: 40)  // count·n ≥ 32768: split across threads
    }

    func testRealColumnsIntoPaddedRowsAndBack() {
        checkRealLayout(Float.self, n: 16, count: 4)
        checkRealLayout(Double.self, n: 15, count: 3)
        checkRealLayout(Double.self, n: 4096, count: 9)  // split across threads
    }

    /// Float rows of stride 1 go through the lanes eight at a time and the rest one by one: every row equals its own
    /// single-row transform, for halves with a remainder modulo 8, leftover rows, and a batch split across threads;
    /// halves 2, 6, 8, 32 and 2048 end with the radix-2 pass the lanes fuse into their last step (2: that pass alone).
    func testFloatRowsThroughTheLanesEqualSingleRows() {
        for (n, count) in [(2, 9), (4, 8), (12, 8), (16, 8), (64, 8), (250, 11), (1000, 19), (4096, 16)] {
            var random = FFTTestRandom(state: UInt64(n))
            let x = random.values(n * count).map { Float($0) }
            let bins = n / 2 + 1
            var re = [Float](repeating: 0, count: bins * count)
            var im = re
            var back = [Float](repeating: 0, count: n * count)
            re.withUnsafeMutableBufferPointer { re in
                im.withUnsafeMutableBufferPointer { im in
                    rfftBatched(
                        input: x, outRe: re.baseAddress!, outIm: im.baseAddress!, n: n, count: count,
                        inputStride: 1, inputDistance: n, outputStride: 1, outputDistance: bins)
                    back.withUnsafeMutableBufferPointer { back in
                        irfftBatched(
                            re: re.baseAddress!, im: im.baseAddress!, output: back.baseAddress!, n: n, count: count,
                            inputStride: 1, inputDistance: bins, outputStride: 1, outputDistance: n)
                    }
                }
            }
            for r in 0..<count {
                let row = Array(x[r * n..<(r + 1) * n])
                let expected = fftTestRfft(row)
                let tolerance = fftTolerance(Float.self, n: n, norm: fftNorm(row.map { Double($0) }))
                let message = "n=\(n) row \(r) of \(count)"
                fftAssertClose(
                    Array(re[r * bins..<(r + 1) * bins]), expected.re.map { Double($0) }, tolerance: tolerance, message)
                fftAssertClose(
                    Array(im[r * bins..<(r + 1) * bins]), expected.im.map { Double($0) }, tolerance: tolerance, message)
                let expectedBack = fftTestIrfft(expected.re, expected.im, n: n)
                fftAssertClose(
                    Array(back[r * n..<(r + 1) * n]), expectedBack.map { Double($0) }, tolerance: tolerance * Double(n),
                    message)
            }
        }
    }

    func testInPlaceComplexBatch() {
        var random = FFTTestRandom(state: 5)
        let n = 64
        let count = 3
        var re = random.values(n * count).map { Float($0) }
        var im = random.values(n * count).map { Float($0) }
        let expected = (0..<count).map { r in
            fftTestComplex(Array(re[r * n..<(r + 1) * n]), Array(im[r * n..<(r + 1) * n]), inverse: true)
        }
        re.withUnsafeMutableBufferPointer { re in
            im.withUnsafeMutableBufferPointer { im in
                fftBatched(
                    re: re.baseAddress!, im: im.baseAddress!, outRe: re.baseAddress!, outIm: im.baseAddress!,
                    n: n, count: count, inputStride: 1, inputDistance: n, outputStride: 1, outputDistance: n,
                    inverse: true)
            }
        }
        for r in 0..<count {
            XCTAssertEqual(Array(re[r * n..<(r + 1) * n]), expected[r].re, "row \(r)")
            XCTAssertEqual(Array(im[r * n..<(r + 1) * n]), expected[r].im, "row \(r)")
        }
    }

    func testNegativeStridesReadRowsBackwards() {
        let x: [Double] = [1, 2, 3, 4, 5, 6]
        var re = [Double](repeating: 0, count: 4)
        var im = [Double](repeating: 0, count: 4)
        x.withUnsafeBufferPointer { x in
            re.withUnsafeMutableBufferPointer { re in
                im.withUnsafeMutableBufferPointer { im in
                    // Row r is x[5 − 3r], x[4 − 3r], x[3 − 3r]; bins go to slots 3 − 2k... of row r.
                    rfftBatched(
                        input: x.baseAddress! + 5, outRe: re.baseAddress! + 1, outIm: im.baseAddress! + 1,
                        n: 3, count: 2, inputStride: -1, inputDistance: -3, outputStride: -1, outputDistance: 2)
                }
            }
        }
        let row0 = fftTestRfft([6, 5, 4] as [Double])
        let row1 = fftTestRfft([3, 2, 1] as [Double])
        XCTAssertEqual(re, [row0.re[1], row0.re[0], row1.re[1], row1.re[0]])
        XCTAssertEqual(im, [row0.im[1], row0.im[0], row1.im[1], row1.im[0]])
    }

    /// Input rows are the columns of an `[n, count]` row-major array (stride `count`, distance 1);
    /// output rows have stride 2 and a gap of 3 elements between rows.
    private func checkComplexLayout<T: FFTScalar>(_: T.Type, n: Int, count: Int) {
        var random = FFTTestRandom(state: 6)
        let re = random.values(n * count).map { T($0) }
        let im = random.values(n * count).map { T($0) }
        let outDistance = 2 * n + 3
        var outRe = [T](repeating: 0, count: outDistance * count)
        var outIm = outRe
        outRe.withUnsafeMutableBufferPointer { outRe in
            outIm.withUnsafeMutableBufferPointer { outIm in
                fftBatched(
                    re: re, im: im, outRe: outRe.baseAddress!, outIm: outIm.baseAddress!, n: n, count: count,
                    inputStride: count, inputDistance: 1, outputStride: 2, outputDistance: outDistance,
                    inverse: false)
            }
        }
        for r in 0..<count {
            let column = (0..<n).map { r + $0 * count }
            let expected = fftTestComplex(column.map { re[$0] }, column.map { im[$0] }, inverse: false)
            let slots = (0..<n).map { r * outDistance + 2 * $0 }
            XCTAssertEqual(slots.map { outRe[$0] }, expected.re, "\(T.self) n=\(n) row \(r)")
            XCTAssertEqual(slots.map { outIm[$0] }, expected.im, "\(T.self) n=\(n) row \(r)")
        }
    }

    /// rfft of the columns of an `[n, count]` array into bins with stride 3, then irfft of those
    /// strided bins into the columns of another `[n, count]` array.
    private func checkRealLayout<T: FFTScalar>(_: T.Type, n: Int, count: Int) {
        var random = FFTTestRandom(state: 7)
        let x = random.values(n * count).map { T($0) }
        let bins = n / 2 + 1
        let binDistance = 3 * bins
        var re = [T](repeating: 0, count: binDistance * count)
        var im = re
        var back = [T](repeating: 0, count: n * count)
        re.withUnsafeMutableBufferPointer { re in
            im.withUnsafeMutableBufferPointer { im in
                rfftBatched(
                    input: x, outRe: re.baseAddress!, outIm: im.baseAddress!, n: n, count: count,
                    inputStride: count, inputDistance: 1, outputStride: 3, outputDistance: binDistance)
                back.withUnsafeMutableBufferPointer { back in
                    irfftBatched(
                        re: re.baseAddress!, im: im.baseAddress!, output: back.baseAddress!, n: n, count: count,
                        inputStride: 3, inputDistance: binDistance, outputStride: count, outputDistance: 1)
                }
            }
        }
        for r in 0..<count {
            let column = (0..<n).map { r + $0 * count }
            let expected = fftTestRfft(column.map { x[$0] })
            let slots = (0..<bins).map { r * binDistance + 3 * $0 }
            XCTAssertEqual(slots.map { re[$0] }, expected.re, "\(T.self) n=\(n) row \(r)")
            XCTAssertEqual(slots.map { im[$0] }, expected.im, "\(T.self) n=\(n) row \(r)")
            XCTAssertEqual(
                column.map { back[$0] }, fftTestIrfft(expected.re, expected.im, n: n), "\(T.self) n=\(n) row \(r)")
        }
    }
}
