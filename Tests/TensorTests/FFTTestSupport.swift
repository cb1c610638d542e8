import Foundation
import XCTest

#if canImport(FFTKernels)
    @testable import FFTKernels
#else
    @testable import Tensor
#endif

/// The lengths every transform is checked at: powers of two, 2·3·5-smooth lengths (mixed radix)
/// and lengths with larger prime factors (Bluestein), including primes. 6, 34 and 250 add even
/// real lengths whose half length is odd-radix only or Bluestein.
let fftTestLengths = [1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 17, 31, 34, 64, 97, 100, 128, 243, 250, 1000, 1024, 4096]

/// A deterministic SplitMix64 generator, so failures reproduce.
struct FFTTestRandom {
    var state: UInt64

    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53) * 2 - 1
    }

    mutating func values(_ count: Int) -> [Double] {
        (0..<count).map { _ in next() }
    }
}

/// The DFT `X[k] = Σ_j x[j]·e^(∓2πi·jk/n)` (`+` when `inverse`), directly in O(n²) and in `Double`.
func fftReferenceDFT(re: [Double], im: [Double], inverse: Bool) -> (re: [Double], im: [Double]) {
    let n = re.count
    let sign: Double = inverse ? 1 : -1
    let cosines = (0..<n).map { cos(2 * Double.pi * Double($0) / Double(n)) }
    let sines = (0..<n).map { sign * sin(2 * Double.pi * Double($0) / Double(n)) }
    var outRe = [Double](repeating: 0, count: n)
    var outIm = [Double](repeating: 0, count: n)
    for k in 0..<n {
        var sumRe = 0.0
        var sumIm = 0.0
        for j in 0..<n {
            let index = j * k % n
            sumRe += re[j] * cosines[index] - im[j] * sines[index]
            sumIm += re[j] * sines[index] + im[j] * cosines[index]
        }
        outRe[k] = sumRe
        outIm[k] = sumIm
    }
    return (outRe, outIm)
}

/// The Euclidean norm of all the given values.
func fftNorm(_ arrays: [Double]...) -> Double {
    arrays.reduce(0) { sum, array in array.reduce(sum) { $0 + $1 * $1 } }.squareRoot()
}

/// The error bound for a transform of length `n` whose input has Euclidean norm `norm`.
func fftTolerance<T: BinaryFloatingPoint>(_: T.Type, n: Int, norm: Double) -> Double {
    let relative = T.self == Float.self ? 1e-5 * max(1, log2(Double(n))) : 1e-12
    return relative * max(norm, 1)
}

/// Asserts that `actual` (converted to `Double`) matches `expected` to within `tolerance`.
func fftAssertClose<T: BinaryFloatingPoint>(
    _ actual: [T], _ expected: [Double], tolerance: Double, _ message: @autoclosure () -> String,
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(actual.count, expected.count, message(), file: file, line: line)
    let error = zip(actual, expected).reduce(0.0) { max($0, abs(Double($1.0) - $1.1)) }
    XCTAssertLessThanOrEqual(error, tolerance, message(), file: file, line: line)
}

/// One contiguous complex row through `fftBatched`.
func fftTestComplex<T: FFTScalar>(_ re: [T], _ im: [T], inverse: Bool) -> (re: [T], im: [T]) {
    let n = re.count
    var outRe = [T](repeating: 0, count: n)
    var outIm = [T](repeating: 0, count: n)
    outRe.withUnsafeMutableBufferPointer { outRe in
        outIm.withUnsafeMutableBufferPointer { outIm in
            fftBatched(
                re: re, im: im, outRe: outRe.baseAddress!, outIm: outIm.baseAddress!, n: n, count: 1,
                inputStride: 1, inputDistance: n, outputStride: 1, outputDistance: n, inverse: inverse)
        }
    }
    return (outRe, outIm)
}

/// One contiguous real row through `rfftBatched`.
func fftTestRfft<T: FFTScalar>(_ x: [T]) -> (re: [T], im: [T]) {
    let n = x.count
    let bins = n / 2 + 1
    var re = [T](repeating: 0, count: bins)
    var im = [T](repeating: 0, count: bins)
    re.withUnsafeMutableBufferPointer { re in
        im.withUnsafeMutableBufferPointer { im in
            rfftBatched(
                input: x, outRe: re.baseAddress!, outIm: im.baseAddress!, n: n, count: 1,
                inputStride: 1, inputDistance: n, outputStride: 1, outputDistance: bins)
        }
    }
    return (re, im)
}

/// One contiguous half spectrum through `irfftBatched`.
func fftTestIrfft<T: FFTScalar>(_ re: [T], _ im: [T], n: Int) -> [T] {
    var output = [T](repeating: 0, count: n)
    output.withUnsafeMutableBufferPointer { output in
        irfftBatched(
            re: re, im: im, output: output.baseAddress!, n: n, count: 1,
            inputStride: 1, inputDistance: re.count, outputStride: 1, outputDistance: n)
    }
    return output
}
