import Foundation

/// A reusable plan for the DFT of a real sequence of length `n ≥ 1` and its inverse.
///
/// Forward (rfft): `X[k] = Σ_{j<n} x[j]·e^(−2πi·jk/n)` for the `n/2 + 1` bins `k ≤ n/2` (the
/// others follow from `X[n−k] = conj(X[k])`). Inverse (irfft): the unnormalized real sequence
/// `x[j] = Σ_{k<n} X[k]·e^(+2πi·jk/n)` of the Hermitian spectrum those bins define, so
/// `irfft(rfft(x)) = n·x`. As in NumPy, the imaginary parts of bin 0 and (for even `n`) bin
/// `n/2` are ignored.
///
/// Even `n = 2h` packs the real sequence into `z[j] = x[2j] + i·x[2j+1]` and runs one length-`h`
/// complex FFT. With `Z = DFT_h(z)`, `E[k] = (Z[k] + conj Z[h−k])/2` and
/// `O[k] = −i·(Z[k] − conj Z[h−k])/2` are the DFTs of the even and odd samples, and
/// `X[k] = E[k] + w^k·O[k]` with `w = e^(−2πi/n)`. Since `E[h−k] = conj E[k]`,
/// `O[h−k] = conj O[k]` and `w^(h−k) = −conj w^k`, bins `k` and `h−k` share one evaluation.
/// The inverse runs these steps backwards:
/// `2·Z[k] = (X[k] + conj X[h−k]) + i·w^(−k)·(X[k] − conj X[h−k])`.
/// Odd `n` runs the length-`n` complex FFT on the real data (or on the full Hermitian spectrum).
final class FFTRealPlan<T: FFTScalar>: Sendable {
    /// The real sequence length.
    let n: Int
    /// The number of complex bins, `n/2 + 1`.
    let bins: Int
    /// How many elements of `T` the `scratch` argument of `forward`/`inverse` must provide.
    let scratchCount: Int
    let complex: FFTPlan<T>
    /// For even `n = 2h`: `w^k` for `k ≤ h/2`, as `h/2 + 1` real parts then as many imaginary parts.
    private let twiddles: [T]

    /// The shared plan for length `n`.
    static func cached(_ n: Int) -> FFTRealPlan {
        FFTPlanCache.shared.plan(n) { FFTRealPlan(n: $0) }
    }

    init(n: Int) {
        precondition(n >= 1, "FFT length must be at least 1")
        self.n = n
        bins = n / 2 + 1
        if n % 2 == 0 {
            let h = n / 2
            complex = FFTPlan<T>.cached(h)
            let angles = (0...h / 2).map { -2 * Double.pi * Double($0) / Double(n) }
            twiddles = angles.map { T(cos($0)) } + angles.map { T(sin($0)) }
            scratchCount = 2 * FFTSplitPointer<T>.scratchSize(h) + complex.scratchCount
        } else {
            complex = FFTPlan<T>.cached(n)
            twiddles = []
            scratchCount = 2 * FFTSplitPointer<T>.scratchSize(n) + complex.scratchCount
        }
    }

    /// rfft of the `n` contiguous reals at `input` into the `bins` elements of `output`.
    /// `scratch` holds `scratchCount` elements and overlaps neither argument.
    func forward(_ input: UnsafePointer<T>, _ output: FFTSplitPointer<T>, scratch: UnsafeMutablePointer<T>) {
        if n % 2 != 0 {
            let x = FFTSplitPointer(scratch: scratch, count: n)
            let z = FFTSplitPointer(scratch: scratch + FFTSplitPointer<T>.scratchSize(n), count: n)
            x.re.update(from: input, count: n)
            x.im.update(repeating: 0, count: n)
            complex.transform(x, z, scratch: scratch + 2 * FFTSplitPointer<T>.scratchSize(n), inverse: false)
            output.re.update(from: z.re, count: bins)
            output.im.update(from: z.im, count: bins)
            output.im[0] = 0  // exact for real input; the transform leaves rounding noise
            return
        }
        let h = n / 2
        let packed = FFTSplitPointer(scratch: scratch, count: h)
        let z = FFTSplitPointer(scratch: scratch + FFTSplitPointer<T>.scratchSize(h), count: h)
        for j in 0..<h {
            packed.re[j] = input[2 &* j]
            packed.im[j] = input[2 &* j &+ 1]
        }
        complex.transform(packed, z, scratch: scratch + 2 * FFTSplitPointer<T>.scratchSize(h), inverse: false)
        halfSpectrum(of: z, into: output, work: packed)
    }

    /// Whether `forwardLanes` and `inverseLanes` can run: `n` is even and `n/2` has no prime factor above 5.
    var hasLanes: Bool { n % 2 == 0 && complex.hasLanes }

    /// How many lane vectors the `scratch` argument of `forwardLanes` and `inverseLanes` must provide.
    var laneScratchCount: Int {
        3 * FFTSplitPointer<FFTLanes>.scratchSize(n / 2) + FFTSplitPointer<FFTLanes>.scratchSize(bins)
    }

    /// The spectrum X (`bins` elements) of the even-length real sequence whose packed pairs
    /// `z[j] = x[2j] + i·x[2j+1]` have the length-h DFT `Z` (the type's comment gives the algebra); `work` holds
    /// `h` free elements. For one sequence (`E = T`) or one per lane.
    @inline(__always)
    func halfSpectrum<E: FFTElement>(
        of z: FFTSplitPointer<E>, into output: FFTSplitPointer<E>, work high: FFTSplitPointer<E>
    ) where E.Scalar == T {
        let h = n / 2
        output.re[0] = z.re[0] + z.im[0]
        output.im[0] = .zero
        output.re[h] = z.re[0] - z.im[0]
        output.im[h] = .zero
        // The X[h−k] go through `high` in forward order, so every loop has one store direction per array and
        // vectorizes.
        withTwiddles { wr, wi in
            for k in 1..<(h / 2 &+ 1) {
                let x = fftSpectrumPair(z.re[k], z.im[k], z.re[h &- k], z.im[h &- k], wr[k], wi[k])
                output.re[k] = x.lowRe
                output.im[k] = x.lowIm
                high.re[k] = x.highRe
                high.im[k] = x.highIm
            }
        }
        fftReverseCopy(high, into: output, pairsBelow: h)
    }

    /// `body(re, im)` with the real and imaginary parts of `w^k`, `k ≤ h/2` (even `n` only).
    @inline(__always)
    func withTwiddles<R>(_ body: (UnsafePointer<T>, UnsafePointer<T>) -> R) -> R {
        twiddles.withUnsafeBufferPointer { table in body(table.baseAddress!, table.baseAddress! + table.count / 2) }
    }

    /// irfft of the `bins` elements of `spectrum` into the `n` contiguous reals at `output`.
    /// `spectrum` is only read; `scratch` holds `scratchCount` elements and overlaps neither argument.
    func inverse(_ spectrum: FFTSplitPointer<T>, _ output: UnsafeMutablePointer<T>, scratch: UnsafeMutablePointer<T>) {
        if n % 2 != 0 {
            let x = FFTSplitPointer(scratch: scratch, count: n)
            let z = FFTSplitPointer(scratch: scratch + FFTSplitPointer<T>.scratchSize(n), count: n)
            x.re[0] = spectrum.re[0]
            x.im[0] = 0
            for k in 1..<bins {
                let r = spectrum.re[k]
                let i = spectrum.im[k]
                x.re[k] = r
                x.im[k] = i
                x.re[n &- k] = r
                x.im[n &- k] = -i
            }
            complex.transform(x, z, scratch: scratch + 2 * FFTSplitPointer<T>.scratchSize(n), inverse: true)
            output.update(from: z.re, count: n)
            return
        }
        let h = n / 2
        let packed = FFTSplitPointer(scratch: scratch, count: h)
        let z = FFTSplitPointer(scratch: scratch + FFTSplitPointer<T>.scratchSize(h), count: h)
        packedPairs(of: spectrum, into: packed, work: z)
        complex.transform(packed, z, scratch: scratch + 2 * FFTSplitPointer<T>.scratchSize(h), inverse: true)
        for j in 0..<h {
            output[2 &* j] = z.re[j]
            output[2 &* j &+ 1] = z.im[j]
        }
    }

    /// The length-h spectrum `2·Z` of the pairs `z[j] = x[2j] + i·x[2j+1]` of the even-length real sequence whose
    /// spectrum is `spectrum` (`bins` elements, only read); `work` holds `h` free elements. For one sequence
    /// (`E = T`) or one per lane.
    @inline(__always)
    func packedPairs<E: FFTElement>(
        of spectrum: FFTSplitPointer<E>, into packed: FFTSplitPointer<E>, work high: FFTSplitPointer<E>
    ) where E.Scalar == T {
        let h = n / 2
        let first = spectrum.re[0]
        let last = spectrum.re[h]
        packed.re[0] = first + last
        packed.im[0] = first - last
        // Bins k and h − k from one evaluation: with A = X[k] + conj X[h−k],
        // D = X[k] − conj X[h−k] and T = w^(−k)·D, 2·Z[k] = A + i·T and 2·Z[h−k] = conj(A − i·T).
        // The Z[h−k] go through `high` in forward order (see `halfSpectrum`).
        withTwiddles { wr, wi in
            for k in 1..<(h / 2 &+ 1) {
                let ar = spectrum.re[k]
                let ai = spectrum.im[k]
                let br = spectrum.re[h &- k]
                let bi = spectrum.im[h &- k]
                let sumr = ar + br
                let sumi = ai - bi
                let difr = ar - br
                let difi = ai + bi
                let tr = wr[k] * difr + wi[k] * difi
                let ti = wr[k] * difi - wi[k] * difr
                packed.re[k] = sumr - ti
                packed.im[k] = sumi + tr
                high.re[k] = sumr + ti
                high.im[k] = tr - sumi
            }
        }
        fftReverseCopy(high, into: packed, pairsBelow: h)
    }
}

/// Bins k and h − k of a real sequence's spectrum from `Z[k] = ar + i·ai` and `Z[h−k] = br + i·bi` of its packed
/// pairs (see `FFTRealPlan`) and the twiddle `w^k = wr + i·wi`: `X[k] = E + P` and `X[h−k] = conj(E − P)` with
/// `E = (Z[k] + conj Z[h−k])/2`, `O = −i·(Z[k] − conj Z[h−k])/2` and `P = w^k·O`.
@inline(__always)
func fftSpectrumPair<E: FFTElement>(
    _ ar: E, _ ai: E, _ br: E, _ bi: E, _ wr: E.Scalar, _ wi: E.Scalar
) -> (lowRe: E, lowIm: E, highRe: E, highIm: E) {
    let half: E.Scalar = 0.5
    let er = half * (ar + br)
    let ei = half * (ai - bi)
    let or = half * (ai + bi)
    let oi = half * (br - ar)
    let pr = wr * or - wi * oi
    let pi = wr * oi + wi * or
    return (er + pr, ei + pi, er - pr, pi - ei)
}

/// `destination[h − k] = source[k]` for `0 < k < h − h/2`: moves the upper-half bins that the
/// paired loops above stored in forward order into place.
@inline(__always)
private func fftReverseCopy<T>(_ source: FFTSplitPointer<T>, into destination: FFTSplitPointer<T>, pairsBelow h: Int) {
    for k in 1..<(h &- h / 2) {
        destination.re[h &- k] = source.re[k]
        destination.im[h &- k] = source.im[k]
    }
}
