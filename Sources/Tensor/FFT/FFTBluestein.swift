import Foundation

/// Bluestein's chirp-z algorithm: a length-`n` forward DFT for any `n`, as a circular
/// convolution computed with power-of-two FFTs of length `m ≥ 2n − 1`.
///
/// With `jk = (j² + k² − (k − j)²)/2` and the chirp `c[j] = e^(−iπ·j²/n)`:
///
///     X[k] = c[k] · Σ_j (x[j]·c[j]) · conj(c[k − j])
///
/// The sum is the circular convolution of `a = x·c` (zero-padded to `m`) with `b[j] = conj(c[j])`
/// for `|j| < n` (wrapped modulo `m`), evaluated as `IDFT_m(DFT_m(a) · DFT_m(b)) / m`.
/// `DFT_m(b)/m` is precomputed in `Double`; `j²` is reduced modulo `2n` in integers so the chirp
/// angles stay exact for large `n`.
final class FFTBluestein<T: FFTScalar>: Sendable {
    let n: Int
    /// The power-of-two convolution length.
    let m: Int
    /// Elements of `T` needed by `forward`: two length-`m` complex buffers plus the inner plan's.
    let scratchCount: Int
    private let inner: FFTPlan<T>
    /// `c[j]` for `j < n`: `n` real parts, then `n` imaginary parts.
    private let chirp: [T]
    /// `DFT_m(b)[k] / m`: `m` real parts, then `m` imaginary parts.
    private let kernel: [T]

    init(n: Int) {
        self.n = n
        var m = 1
        while m < 2 * n - 1 { m *= 2 }
        self.m = m
        inner = FFTPlan<T>.cached(m)
        scratchCount = 2 * FFTSplitPointer<T>.scratchSize(m) + inner.scratchCount

        let angles = (0..<n).map { j in -Double.pi * Double(j * j % (2 * n)) / Double(n) }
        chirp = angles.map { T(cos($0)) } + angles.map { T(sin($0)) }

        var b = [Double](repeating: 0, count: 2 * m)
        for j in 0..<n {
            b[j] = cos(angles[j])
            b[m + j] = -sin(angles[j])
            if j > 0 {
                b[m - j] = b[j]
                b[2 * m - j] = b[m + j]
            }
        }
        let plan = FFTPlan<Double>.cached(m)
        var spectrum = [Double](repeating: 0, count: 2 * m)
        var scratch = [Double](repeating: 0, count: plan.scratchCount)
        b.withUnsafeMutableBufferPointer { b in
            spectrum.withUnsafeMutableBufferPointer { out in
                scratch.withUnsafeMutableBufferPointer { scratch in
                    plan.transform(
                        FFTSplitPointer(planes: b.baseAddress!, count: m),
                        FFTSplitPointer(planes: out.baseAddress!, count: m),
                        scratch: scratch.baseAddress!, inverse: false)
                }
            }
        }
        kernel = spectrum.map { T($0 / Double(m)) }
    }

    /// Forward DFT of the `n` elements of `x` into `y`; `scratch` holds `scratchCount` elements.
    func forward(_ x: FFTSplitPointer<T>, _ y: FFTSplitPointer<T>, scratch: UnsafeMutablePointer<T>) {
        let n = self.n
        let m = self.m
        let a = FFTSplitPointer(scratch: scratch, count: m)
        let b = FFTSplitPointer(scratch: scratch + FFTSplitPointer<T>.scratchSize(m), count: m)
        let innerScratch = scratch + 2 * FFTSplitPointer<T>.scratchSize(m)
        chirp.withUnsafeBufferPointer { chirp in
            kernel.withUnsafeBufferPointer { kernel in
                let cr = chirp.baseAddress!
                let ci = cr + n
                let kr = kernel.baseAddress!
                let ki = kr + m
                for j in 0..<n {
                    let xr = x.re[j]
                    let xi = x.im[j]
                    a.re[j] = xr * cr[j] - xi * ci[j]
                    a.im[j] = xr * ci[j] + xi * cr[j]
                }
                (a.re + n).update(repeating: 0, count: m - n)
                (a.im + n).update(repeating: 0, count: m - n)
                inner.transform(a, b, scratch: innerScratch, inverse: false)
                for k in 0..<m {
                    let br = b.re[k]
                    let bi = b.im[k]
                    b.re[k] = br * kr[k] - bi * ki[k]
                    b.im[k] = br * ki[k] + bi * kr[k]
                }
                inner.transform(b, a, scratch: innerScratch, inverse: true)
                for k in 0..<n {
                    let ar = a.re[k]
                    let ai = a.im[k]
                    y.re[k] = ar * cr[k] - ai * ci[k]
                    y.im[k] = ar * ci[k] + ai * cr[k]
                }
            }
        }
    }
}
