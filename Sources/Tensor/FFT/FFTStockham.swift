// Stockham autosort passes on split-complex data.
//
// A length-`N` forward DFT, `X[k] = Σ_j x[j]·e^(−2πi·jk/N)`, is computed as a chain of
// out-of-place decimation-in-frequency passes. Before a pass of radix `R` the data holds `s`
// interleaved sub-transforms of length `L = R·n1` (so `L·s = N`); the pass computes, for
// `p < n1`, `q < s`, `k < R`, with `w = e^(−2πi/L)`:
//
//     y[q + s·(R·p + k)] = w^(p·k) · Σ_{l<R} x[q + s·(p + l·n1)] · e^(−2πi·lk/R)
//
// and leaves `s·R` interleaved sub-transforms of length `n1` for the next pass. After the pass
// with `n1 = 1` the output is the DFT in natural order (no bit reversal).
//
// Twiddles for a pass are stored as `2·(R−1)` planes of `n1` values: `Re w^(p·1)`, `Im w^(p·1)`,
// `Re w^(p·2)`, …, so they can be read contiguously along `p`.
//
// Vectorization. The code is plain scalar Swift that LLVM vectorizes, in one of two ways:
// - `s == 1` (a plan's first pass): one loop over `p` with contiguous loads and twiddles and
//   interleaved stores; the loop vectorizer handles it with a single overlap check.
// - `s` a multiple of 4 (every later pass when the plan starts with radix 4): butterflies are
//   done four consecutive `q` at a time, loading all four first and storing stream by stream
//   (`FFTButterfly.store4`). No store precedes a load within such a block, so the SLP vectorizer
//   packs the four butterflies into vector operations without having to prove that `x` and `y`
//   do not overlap. (The loop vectorizer would need an overlap check per run of `s` elements over
//   16–20 pointer streams; it rejects that for short runs and mis-hoists it for long ones.)
// Other strides (lengths without a factor 4) run the butterflies one at a time, and so do lanes (`FFTLanes`), whose
// every operation is already eight-wide: four radix-4 butterflies of lanes hold 32 vectors and spill (one thread,
// rfft [64, 1000] 0.0522 → 0.0490 ms over 8 alternating runs, [64, 4096] 0.2325 → 0.2298).

/// Runs the radix-`B.radix` pass with `n1` butterfly groups and stride `s` from `x` to `y`,
/// which must not overlap.
@inline(__always)
func fftStockhamPass<B: FFTButterfly>(
    _: B.Type, _ x: FFTSplitPointer<B.Element>, _ y: FFTSplitPointer<B.Element>,
    twiddles w: UnsafePointer<B.Element.Scalar>, n1: Int, s: Int
) {
    let r = B.radix
    let m = n1 &* s
    if s == 1 {
        for p in 0..<n1 {
            B(x, legs: p, distance: m).transformed(B.twiddles(w, p: p, n1: n1)).store(y, at: r &* p, stride: 1)
        }
    } else if s % 4 == 0 && B.Element.lanes == 1 {
        for p in 0..<n1 {
            let t = B.twiddles(w, p: p, n1: n1)
            for q in stride(from: 0, to: s, by: 4) {
                let j = p &* s &+ q
                let o = r &* p &* s &+ q
                let a = B(x, legs: j, distance: m)
                let b = B(x, legs: j &+ 1, distance: m)
                let c = B(x, legs: j &+ 2, distance: m)
                let d = B(x, legs: j &+ 3, distance: m)
                B.store4(a.transformed(t), b.transformed(t), c.transformed(t), d.transformed(t), y, at: o, stride: s)
            }
        }
    } else {
        for p in 0..<n1 {
            let t = B.twiddles(w, p: p, n1: n1)
            for q in 0..<s {
                B(x, legs: p &* s &+ q, distance: m).transformed(t).store(y, at: r &* p &* s &+ q, stride: s)
            }
        }
    }
}

/// The final radix-2 pass (`n1 = 1`, so every twiddle is 1): `y[q] = x[q] + x[q+s]`,
/// `y[q+s] = x[q] − x[q+s]` for `q < s = N/2`. A single loop, so the loop vectorizer's one
/// overlap check is cheap.
@inline(__always)
func fftRadix2FinalPass<E: FFTElement>(_ x: FFTSplitPointer<E>, _ y: FFTSplitPointer<E>, s: Int) {
    let xr1 = x.re + s
    let xi1 = x.im + s
    let yr1 = y.re + s
    let yi1 = y.im + s
    for q in 0..<s {
        let ar = x.re[q]
        let ai = x.im[q]
        let br = xr1[q]
        let bi = xi1[q]
        y.re[q] = ar + br
        y.im[q] = ai + bi
        yr1[q] = ar - br
        yi1[q] = ai - bi
    }
}

/// A transform's result as its consumer reads it: either stored in `x`, or still missing the plan's final radix-2
/// pass (`FFTPlan.transformLanes`), which the read then applies. With `half = N/2`, element `i` is
/// `x[i] + x[i + half]` for `i < half` and `x[i − half] − x[i]` otherwise.
///
/// Every pass streams its whole buffer through L2: on eight-row lanes of length 2048 the radix-2 pass took 3.2 and
/// 2.9 µs in two runs, the radix-4 ones 2.8–3.9 (one thread). Fused into the one pass that reads the result, it
/// costs a few additions there instead.
struct FFTStockhamResult<E: FFTElement> {
    let x: FFTSplitPointer<E>
    /// `N/2` when the final radix-2 pass is pending, 0 when `x` holds the result.
    let pendingHalf: Int

    @inline(__always)
    subscript(i: Int) -> (re: E, im: E) {
        if pendingHalf == 0 { return (x.re[i], x.im[i]) }
        if i < pendingHalf { return (x.re[i] + x.re[i &+ pendingHalf], x.im[i] + x.im[i &+ pendingHalf]) }
        return (x.re[i &- pendingHalf] - x.re[i], x.im[i &- pendingHalf] - x.im[i])
    }
}

/// One step of a Stockham plan: a pass of `radix` over `n1·radix` long sub-transforms, `s` of
/// them interleaved, whose twiddle planes start at `twiddleOffset` in the plan's table.
struct FFTPass: Sendable {
    var radix: Int
    var n1: Int
    var s: Int
    var twiddleOffset: Int
}

/// Runs `pass` from `x` to `y` (which must not overlap). `twiddles` is the plan's table.
func fftRunPass<E: FFTElement>(
    _ pass: FFTPass, _ x: FFTSplitPointer<E>, _ y: FFTSplitPointer<E>, twiddles: UnsafeBufferPointer<E.Scalar>
) {
    guard pass.radix != 2 else {
        fftRadix2FinalPass(x, y, s: pass.s)
        return
    }
    let w = twiddles.baseAddress! + pass.twiddleOffset
    switch pass.radix {
    case 4: fftStockhamPass(FFTRadix4<E>.self, x, y, twiddles: w, n1: pass.n1, s: pass.s)
    case 3: fftStockhamPass(FFTRadix3<E>.self, x, y, twiddles: w, n1: pass.n1, s: pass.s)
    default: fftStockhamPass(FFTRadix5<E>.self, x, y, twiddles: w, n1: pass.n1, s: pass.s)
    }
}
