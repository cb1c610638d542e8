// Eight Float rows transformed at once: element j of the eight rows is one `SIMD8<Float>`, so the Stockham passes
// and the real-input post-processing run on eight-wide vectors at every stride (see `FFTElement`). Rows go in and
// out of that layout by 8 × 8 block transposes.

/// The lane vector: element j of eight rows.
typealias FFTLanes = SIMD8<Float>

/// Eight lane vectors, a block of 8 × 8 values.
typealias FFTBlock8 = (FFTLanes, FFTLanes, FFTLanes, FFTLanes, FFTLanes, FFTLanes, FFTLanes, FFTLanes)

/// The transpose of an 8 × 8 block (vector r holds row r).
///
/// Reading the block as 64 values in row-major order, one unzip (even values first, then odd ones) rotates the six
/// bits of every index right by one; three rotate them by three, which swaps the row and column bits.
@inline(__always)
func fftTransposed(_ v: FFTBlock8) -> FFTBlock8 {
    @inline(__always) func unzip(_ v: FFTBlock8) -> FFTBlock8 {
        (
            FFTLanes(lowHalf: v.0.evenHalf, highHalf: v.1.evenHalf),
            FFTLanes(lowHalf: v.2.evenHalf, highHalf: v.3.evenHalf),
            FFTLanes(lowHalf: v.4.evenHalf, highHalf: v.5.evenHalf),
            FFTLanes(lowHalf: v.6.evenHalf, highHalf: v.7.evenHalf),
            FFTLanes(lowHalf: v.0.oddHalf, highHalf: v.1.oddHalf),
            FFTLanes(lowHalf: v.2.oddHalf, highHalf: v.3.oddHalf),
            FFTLanes(lowHalf: v.4.oddHalf, highHalf: v.5.oddHalf),
            FFTLanes(lowHalf: v.6.oddHalf, highHalf: v.7.oddHalf)
        )
    }
    return unzip(unzip(unzip(v)))
}

/// Loads 8 Floats from any address.
@inline(__always)
private func fftLoad8(_ p: UnsafePointer<Float>) -> FFTLanes {
    UnsafeRawPointer(p).loadUnaligned(as: FFTLanes.self)
}

/// Stores 8 Floats to any address.
@inline(__always)
private func fftStore8(_ v: FFTLanes, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: FFTLanes.self)
}

/// Stores the eight vectors of `v` to `p[0…7]`.
@inline(__always)
private func fftStoreBlock(_ v: FFTBlock8, _ p: UnsafeMutablePointer<FFTLanes>) {
    (p[0], p[1], p[2], p[3]) = (v.0, v.1, v.2, v.3)
    (p[4], p[5], p[6], p[7]) = (v.4, v.5, v.6, v.7)
}

/// The pairs `packed[j] = x_b[2j] + i·x_b[2j+1]` of eight real rows `x_b = input + b·distance`, `j < pairs`,
/// lane b of each vector from row b.
func fftPackLanes(
    _ input: UnsafePointer<Float>, distance: Int, pairs: Int, into packed: FFTSplitPointer<FFTLanes>
) {
    @inline(__always) func evenOdd(_ row: UnsafePointer<Float>) -> (FFTLanes, FFTLanes) {
        let low = fftLoad8(row)
        let high = fftLoad8(row + 8)
        return (
            FFTLanes(lowHalf: low.evenHalf, highHalf: high.evenHalf),
            FFTLanes(lowHalf: low.oddHalf, highHalf: high.oddHalf)
        )
    }
    let blocks = pairs / 8
    for block in 0..<blocks {
        let row = input + 16 &* block
        let r0 = evenOdd(row)
        let r1 = evenOdd(row + distance)
        let r2 = evenOdd(row + 2 &* distance)
        let r3 = evenOdd(row + 3 &* distance)
        let r4 = evenOdd(row + 4 &* distance)
        let r5 = evenOdd(row + 5 &* distance)
        let r6 = evenOdd(row + 6 &* distance)
        let r7 = evenOdd(row + 7 &* distance)
        fftStoreBlock(fftTransposed((r0.0, r1.0, r2.0, r3.0, r4.0, r5.0, r6.0, r7.0)), packed.re + 8 &* block)
        fftStoreBlock(fftTransposed((r0.1, r1.1, r2.1, r3.1, r4.1, r5.1, r6.1, r7.1)), packed.im + 8 &* block)
    }
    for j in (8 &* blocks)..<pairs {
        var re = FFTLanes()
        var im = FFTLanes()
        for b in 0..<8 {
            re[b] = input[b &* distance &+ 2 &* j]
            im[b] = input[b &* distance &+ 2 &* j &+ 1]
        }
        packed.re[j] = re
        packed.im[j] = im
    }
}

/// `body(a.r, b.r, row + r·distance)` for the eight rows r of two 8 × 8 blocks.
@inline(__always)
private func fftForEachRow(
    _ a: FFTBlock8, _ b: FFTBlock8, _ row: UnsafeMutablePointer<Float>, distance: Int,
    _ body: (FFTLanes, FFTLanes, UnsafeMutablePointer<Float>) -> Void
) {
    body(a.0, b.0, row)
    body(a.1, b.1, row + distance)
    body(a.2, b.2, row + 2 &* distance)
    body(a.3, b.3, row + 3 &* distance)
    body(a.4, b.4, row + 4 &* distance)
    body(a.5, b.5, row + 5 &* distance)
    body(a.6, b.6, row + 6 &* distance)
    body(a.7, b.7, row + 7 &* distance)
}

/// Writes lane b of `source[k]`, `k < count`, to `destination + b·distance` (one plane: real or imaginary parts).
///
/// Two 8 × 8 blocks at a time, so each row gets 64 contiguous bytes (a whole cache line's worth) per step. Rows a
/// power of two plus one apart (the `n/2 + 1` bins of an rfft) map to the same L1 set, and one block's 32 bytes
/// per row let the line be evicted before the next block completes it: a [64, 2049] plane took 28–29 µs one block
/// at a time, 22 µs two at a time (one thread, best of 9 × 200; rows 2100 apart: 14.4 → 15.3 µs).
func fftUnpackLanes(
    _ source: UnsafePointer<FFTLanes>, count: Int, into destination: UnsafeMutablePointer<Float>, distance: Int
) {
    @inline(__always) func transposed(_ s: UnsafePointer<FFTLanes>) -> FFTBlock8 {
        fftTransposed((s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]))
    }
    @inline(__always) func store(_ t: FFTBlock8, _ row: UnsafeMutablePointer<Float>) {
        fftStore8(t.0, row)
        fftStore8(t.1, row + distance)
        fftStore8(t.2, row + 2 &* distance)
        fftStore8(t.3, row + 3 &* distance)
        fftStore8(t.4, row + 4 &* distance)
        fftStore8(t.5, row + 5 &* distance)
        fftStore8(t.6, row + 6 &* distance)
        fftStore8(t.7, row + 7 &* distance)
    }
    let pairs = count / 16
    for pair in 0..<pairs {
        fftUnpackSixteenLanes(source + 16 &* pair, into: destination + 16 &* pair, distance: distance)
    }
    var k = 16 &* pairs
    if count &- k >= 8 {
        store(transposed(source + k), destination + k)
        k &+= 8
    }
    for k in k..<count {
        let v = source[k]
        for b in 0..<8 { destination[b &* distance &+ k] = v[b] }
    }
}

/// `fftUnpackLanes` of sixteen lane vectors: two 8 × 8 blocks, 64 contiguous bytes to each row.
@inline(__always)
func fftUnpackSixteenLanes(
    _ source: UnsafePointer<FFTLanes>, into destination: UnsafeMutablePointer<Float>, distance: Int
) {
    let t = fftTransposed((source[0], source[1], source[2], source[3], source[4], source[5], source[6], source[7]))
    let s = source + 8
    let u = fftTransposed((s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]))
    fftForEachRow(t, u, destination, distance: distance) { left, right, row in
        fftStore8(left, row)
        fftStore8(right, row + 8)
    }
}

/// The lanes `destination[k]`, `k < count`, lane b from `source + b·distance` (one plane: real or imaginary parts).
func fftGatherLanes(
    _ source: UnsafePointer<Float>, distance: Int, count: Int, into destination: UnsafeMutablePointer<FFTLanes>
) {
    let blocks = count / 8
    for block in 0..<blocks {
        let row = source + 8 &* block
        let t = fftTransposed(
            (
                fftLoad8(row), fftLoad8(row + distance), fftLoad8(row + 2 &* distance), fftLoad8(row + 3 &* distance),
                fftLoad8(row + 4 &* distance), fftLoad8(row + 5 &* distance), fftLoad8(row + 6 &* distance),
                fftLoad8(row + 7 &* distance)
            ))
        fftStoreBlock(t, destination + 8 &* block)
    }
    for k in (8 &* blocks)..<count {
        var v = FFTLanes()
        for b in 0..<8 { v[b] = source[b &* distance &+ k] }
        destination[k] = v
    }
}

/// The rows `x_b[2j] = z[j].re[b]`, `x_b[2j+1] = z[j].im[b]`, `j < pairs`, at `output + b·distance`: the inverse
/// of `fftPackLanes`.
func fftUnpackPairs(
    _ z: FFTStockhamResult<FFTLanes>, pairs: Int, into output: UnsafeMutablePointer<Float>, distance: Int
) {
    @inline(__always) func interleaved(_ re: FFTLanes, _ im: FFTLanes, _ row: UnsafeMutablePointer<Float>) {
        fftStore8(FFTLanes(re[0], im[0], re[1], im[1], re[2], im[2], re[3], im[3]), row)
        fftStore8(FFTLanes(re[4], im[4], re[5], im[5], re[6], im[6], re[7], im[7]), row + 8)
    }
    let blocks = pairs / 8
    for block in 0..<blocks {
        let j = 8 &* block
        let (z0, z1, z2, z3) = (z[j], z[j &+ 1], z[j &+ 2], z[j &+ 3])
        let (z4, z5, z6, z7) = (z[j &+ 4], z[j &+ 5], z[j &+ 6], z[j &+ 7])
        let re = fftTransposed((z0.re, z1.re, z2.re, z3.re, z4.re, z5.re, z6.re, z7.re))
        let im = fftTransposed((z0.im, z1.im, z2.im, z3.im, z4.im, z5.im, z6.im, z7.im))
        fftForEachRow(re, im, output + 2 &* j, distance: distance, interleaved)
    }
    for j in (8 &* blocks)..<pairs {
        let (re, im) = z[j]
        for b in 0..<8 {
            output[b &* distance &+ 2 &* j] = re[b]
            output[b &* distance &+ 2 &* j &+ 1] = im[b]
        }
    }
}

extension FFTRealPlan where T == Float {
    /// `forward` of the eight rows `input + b·distance` into `output` rows `b·outputDistance` apart. Needs
    /// `hasLanes`; `scratch` holds `laneScratchCount` vectors.
    func forwardLanes(
        _ input: UnsafePointer<Float>, distance: Int, _ output: FFTSplitPointer<Float>, outputDistance: Int,
        scratch: UnsafeMutablePointer<FFTLanes>
    ) {
        let h = n / 2
        let size = FFTSplitPointer<FFTLanes>.scratchSize(h)
        let packed = FFTSplitPointer(scratch: scratch, count: h)
        let z = FFTSplitPointer(scratch: scratch + size, count: h)
        let spectrum = FFTSplitPointer(scratch: scratch + 3 * size, count: bins)
        fftPackLanes(input, distance: distance, pairs: h, into: packed)
        let transformed = complex.transformLanes(packed, z, scratch: scratch + 2 * size, inverse: false)
        halfSpectrumRows(of: transformed, into: output, distance: outputDistance, work: spectrum)
    }

    /// `halfSpectrum` of the eight rows whose packed pairs have the DFT `z` (one row per lane), written to the rows
    /// `b·distance` apart of `output`'s planes; `work` holds `h + 1` free lane vectors per plane.
    ///
    /// Bins k ≤ h/2 go to the rows sixteen at a time, through a block of lane vectors on the stack, as they are
    /// computed; bins h − k go to `work` at index h − k, and from there to the rows in one upward pass per plane.
    func halfSpectrumRows(
        of z: FFTStockhamResult<FFTLanes>, into output: FFTSplitPointer<Float>, distance: Int,
        work high: FFTSplitPointer<FFTLanes>
    ) {
        let h = n / 2
        let quarter = h / 2
        let blocks = (quarter &+ 1) / 16
        withTwiddles { wr, wi in
            withUnsafeTemporaryAllocation(of: FFTLanes.self, capacity: 32) { buffer in
                let (lowRe, lowIm) = (buffer.baseAddress!, buffer.baseAddress! + 16)
                @inline(__always) func pair(_ k: Int) -> (lowRe: FFTLanes, lowIm: FFTLanes) {
                    let a = z[k]
                    let b = z[k == 0 ? 0 : h &- k]  // bin 0 pairs with bin h: z[0] with itself
                    let x = fftSpectrumPair(a.re, a.im, b.re, b.im, wr[k], wi[k])
                    high.re[h &- k] = x.highRe
                    high.im[h &- k] = x.highIm
                    return (x.lowRe, x.lowIm)
                }
                for block in 0..<blocks {
                    let k0 = 16 &* block
                    for i in 0..<16 { (lowRe[i], lowIm[i]) = pair(k0 &+ i) }
                    fftUnpackSixteenLanes(lowRe, into: output.re + k0, distance: distance)
                    fftUnpackSixteenLanes(lowIm, into: output.im + k0, distance: distance)
                }
                let tail = 16 &* blocks
                for k in tail..<(quarter &+ 1) { (lowRe[k &- tail], lowIm[k &- tail]) = pair(k) }
                fftUnpackLanes(lowRe, count: quarter &+ 1 &- tail, into: output.re + tail, distance: distance)
                fftUnpackLanes(lowIm, count: quarter &+ 1 &- tail, into: output.im + tail, distance: distance)
            }
        }
        let above = quarter &+ 1
        fftUnpackLanes(high.re + above, count: h &+ 1 &- above, into: output.re + above, distance: distance)
        fftUnpackLanes(high.im + above, count: h &+ 1 &- above, into: output.im + above, distance: distance)
        for b in 0..<8 {  // exact zeros, as `halfSpectrum` (the pair formula can give −0)
            output.im[b &* distance] = 0
            output.im[b &* distance &+ h] = 0
        }
    }

    /// `inverse` of the eight spectra at `spectrum` (rows `b·distance` apart) into the real rows
    /// `output + b·outputDistance`. Needs `hasLanes`; `scratch` holds `laneScratchCount` vectors.
    func inverseLanes(
        _ spectrum: FFTSplitPointer<Float>, distance: Int, _ output: UnsafeMutablePointer<Float>, outputDistance: Int,
        scratch: UnsafeMutablePointer<FFTLanes>
    ) {
        let h = n / 2
        let size = FFTSplitPointer<FFTLanes>.scratchSize(h)
        let packed = FFTSplitPointer(scratch: scratch, count: h)
        let z = FFTSplitPointer(scratch: scratch + size, count: h)
        let lanes = FFTSplitPointer(scratch: scratch + 3 * size, count: bins)
        fftGatherLanes(spectrum.re, distance: distance, count: bins, into: lanes.re)
        fftGatherLanes(spectrum.im, distance: distance, count: bins, into: lanes.im)
        packedPairs(of: lanes, into: packed, work: z)
        let transformed = complex.transformLanes(packed, z, scratch: scratch + 2 * size, inverse: true)
        fftUnpackPairs(transformed, pairs: h, into: output, distance: outputDistance)
    }
}
