// Batched entry points: `count` independent 1-D transforms of length `n`.
//
// Layouts are given in elements: element `j` of row `r` of an array lives at
// `base + r·distance + j·stride` (strides and distances may be negative). Rows with stride 1 are
// read and written directly in the caller's memory; other rows are gathered into (or scattered
// from) per-thread scratch. Large batches are split across the cores (`fftForEachRowRange`).

/// Batched complex DFTs of split-complex rows: `out[k] = Σ_{j<n} in[j]·e^(∓2πi·jk/n)`, with `−`
/// forward and `+` for `inverse` (unnormalized: divide by `n` yourself).
///
/// The output may coincide exactly with the input (an in-place transform: same pointers, strides
/// and distances); any other overlap between input and output is not supported.
@specialized(where T == Float)
@specialized(where T == Double)
func fftBatched<T: FFTScalar>(
    re: UnsafePointer<T>, im: UnsafePointer<T>,
    outRe: UnsafeMutablePointer<T>, outIm: UnsafeMutablePointer<T>,
    n: Int, count: Int,
    inputStride: Int, inputDistance: Int,
    outputStride: Int, outputDistance: Int,
    inverse: Bool
) {
    precondition(n >= 1 && count >= 0, "FFT needs n ≥ 1 and count ≥ 0")
    guard count > 0 else { return }
    let plan = FFTPlan<T>.cached(n)
    let inPlace = re == UnsafePointer(outRe)
    let gatherInput = inputStride != 1 || inPlace
    let scatterOutput = outputStride != 1
    let size = FFTSplitPointer<T>.scratchSize(n)
    let scratchCount = plan.scratchCount + (gatherInput ? size : 0) + (scatterOutput ? size : 0)
    let buffers = UnsafeSendable(
        (
            input: FFTSplitPointer(re: UnsafeMutablePointer(mutating: re), im: UnsafeMutablePointer(mutating: im)),
            output: FFTSplitPointer(re: outRe, im: outIm)
        ))
    fftForEachRowRange(count: count, n: n, scratchCount: scratchCount) { (rows, scratch: UnsafeMutablePointer<T>) in
        let (input, output) = buffers.value
        let gathered = FFTSplitPointer(scratch: scratch + plan.scratchCount, count: n)
        let staged = FFTSplitPointer(scratch: scratch + plan.scratchCount + (gatherInput ? size : 0), count: n)
        for row in rows {
            var x = input.advanced(by: row &* inputDistance)
            let y = output.advanced(by: row &* outputDistance)
            if gatherInput {
                fftGather(x.re, stride: inputStride, into: gathered.re, count: n)
                fftGather(x.im, stride: inputStride, into: gathered.im, count: n)
                x = gathered
            }
            plan.transform(x, scatterOutput ? staged : y, scratch: scratch, inverse: inverse)
            if scatterOutput {
                fftScatter(staged.re, into: y.re, stride: outputStride, count: n)
                fftScatter(staged.im, into: y.im, stride: outputStride, count: n)
            }
        }
    }
}

/// Batched real-to-complex DFTs: each real row of length `n` becomes the `n/2 + 1` bins
/// `X[k] = Σ_{j<n} x[j]·e^(−2πi·jk/n)`, `k ≤ n/2`, written to `outRe`/`outIm` (imaginary parts
/// of bin 0 and, for even `n`, bin `n/2` are exactly 0). The output must not overlap the input.
@specialized(where T == Float)
@specialized(where T == Double)
func rfftBatched<T: FFTScalar>(
    input: UnsafePointer<T>,
    outRe: UnsafeMutablePointer<T>, outIm: UnsafeMutablePointer<T>,
    n: Int, count: Int,
    inputStride: Int, inputDistance: Int,
    outputStride: Int, outputDistance: Int
) {
    precondition(n >= 1 && count >= 0, "FFT needs n ≥ 1 and count ≥ 0")
    guard count > 0 else { return }
    let plan = FFTRealPlan<T>.cached(n)
    let bins = plan.bins
    let gatherInput = inputStride != 1
    let scatterOutput = outputStride != 1
    let scratchCount =
        plan.scratchCount + (gatherInput ? n : 0) + (scatterOutput ? FFTSplitPointer<T>.scratchSize(bins) : 0)
    let buffers = UnsafeSendable((input: input, output: FFTSplitPointer(re: outRe, im: outIm)))
    // Float rows in stride-1 layouts go eight at a time through the lanes (see FFTLanes.swift).
    let lanePlan = inputStride == 1 && outputStride == 1 ? plan as? FFTRealPlan<Float> : nil
    let granule = lanePlan?.hasLanes == true ? 8 : 1
    fftForEachRowRange(count: count, n: n, scratchCount: scratchCount, granule: granule) {
        (rows, scratch: UnsafeMutablePointer<T>) in
        let (input, output) = buffers.value
        var first = rows.lowerBound
        if let lanePlan, granule == 8, rows.count >= 8 {
            let laneInput = UnsafeRawPointer(input).assumingMemoryBound(to: Float.self)
            let laneOutput = FFTSplitPointer(
                re: UnsafeMutableRawPointer(output.re).assumingMemoryBound(to: Float.self),
                im: UnsafeMutableRawPointer(output.im).assumingMemoryBound(to: Float.self))
            withUnsafeTemporaryAllocation(of: FFTLanes.self, capacity: lanePlan.laneScratchCount) { lanes in
                while rows.upperBound - first >= 8 {
                    lanePlan.forwardLanes(
                        laneInput + first &* inputDistance, distance: inputDistance,
                        laneOutput.advanced(by: first &* outputDistance), outputDistance: outputDistance,
                        scratch: lanes.baseAddress!)
                    first += 8
                }
            }
        }
        let gathered = scratch + plan.scratchCount
        let staged = FFTSplitPointer(scratch: gathered + (gatherInput ? n : 0), count: bins)
        for row in first..<rows.upperBound {
            var x = input + row &* inputDistance
            let y = output.advanced(by: row &* outputDistance)
            if gatherInput {
                fftGather(x, stride: inputStride, into: gathered, count: n)
                x = UnsafePointer(gathered)
            }
            plan.forward(x, scatterOutput ? staged : y, scratch: scratch)
            if scatterOutput {
                fftScatter(staged.re, into: y.re, stride: outputStride, count: bins)
                fftScatter(staged.im, into: y.im, stride: outputStride, count: bins)
            }
        }
    }
}

/// Batched complex-to-real inverse DFTs, the inverse of `rfftBatched` up to a factor `n`: each
/// row of `n/2 + 1` bins (Hermitian half spectrum) becomes the `n` reals
/// `x[j] = Σ_{k<n} X[k]·e^(+2πi·jk/n)` with `X[n−k] = conj(X[k])` (unnormalized; the imaginary
/// parts of bin 0 and, for even `n`, bin `n/2` are ignored, as in NumPy). The output must not
/// overlap the input.
@specialized(where T == Float)
@specialized(where T == Double)
func irfftBatched<T: FFTScalar>(
    re: UnsafePointer<T>, im: UnsafePointer<T>,
    output: UnsafeMutablePointer<T>,
    n: Int, count: Int,
    inputStride: Int, inputDistance: Int,
    outputStride: Int, outputDistance: Int
) {
    precondition(n >= 1 && count >= 0, "FFT needs n ≥ 1 and count ≥ 0")
    guard count > 0 else { return }
    let plan = FFTRealPlan<T>.cached(n)
    let bins = plan.bins
    let gatherInput = inputStride != 1
    let scatterOutput = outputStride != 1
    let size = FFTSplitPointer<T>.scratchSize(bins)
    let scratchCount = plan.scratchCount + (gatherInput ? size : 0) + (scatterOutput ? n : 0)
    let buffers = UnsafeSendable(
        (
            input: FFTSplitPointer(re: UnsafeMutablePointer(mutating: re), im: UnsafeMutablePointer(mutating: im)),
            output: output
        ))
    // Float rows in stride-1 layouts go eight at a time through the lanes (see FFTLanes.swift).
    let lanePlan = inputStride == 1 && outputStride == 1 ? plan as? FFTRealPlan<Float> : nil
    let granule = lanePlan?.hasLanes == true ? 8 : 1
    fftForEachRowRange(count: count, n: n, scratchCount: scratchCount, granule: granule) {
        (rows, scratch: UnsafeMutablePointer<T>) in
        let (input, output) = buffers.value
        var first = rows.lowerBound
        if let lanePlan, granule == 8, rows.count >= 8 {
            let laneInput = FFTSplitPointer(
                re: UnsafeMutableRawPointer(input.re).assumingMemoryBound(to: Float.self),
                im: UnsafeMutableRawPointer(input.im).assumingMemoryBound(to: Float.self))
            let laneOutput = UnsafeMutableRawPointer(output).assumingMemoryBound(to: Float.self)
            withUnsafeTemporaryAllocation(of: FFTLanes.self, capacity: lanePlan.laneScratchCount) { lanes in
                while rows.upperBound - first >= 8 {
                    lanePlan.inverseLanes(
                        laneInput.advanced(by: first &* inputDistance), distance: inputDistance,
                        laneOutput + first &* outputDistance, outputDistance: outputDistance,
                        scratch: lanes.baseAddress!)
                    first += 8
                }
            }
        }
        let gathered = FFTSplitPointer(scratch: scratch + plan.scratchCount, count: bins)
        let staged = scratch + plan.scratchCount + (gatherInput ? size : 0)
        for row in first..<rows.upperBound {
            var x = input.advanced(by: row &* inputDistance)
            let y = output + row &* outputDistance
            if gatherInput {
                fftGather(x.re, stride: inputStride, into: gathered.re, count: bins)
                fftGather(x.im, stride: inputStride, into: gathered.im, count: bins)
                x = gathered
            }
            plan.inverse(x, scatterOutput ? staged : y, scratch: scratch)
            if scatterOutput {
                fftScatter(staged, into: y, stride: outputStride, count: n)
            }
        }
    }
}

/// Copies `count` elements spaced `stride` apart into contiguous `destination`.
@inline(__always)
func fftGather<T>(_ source: UnsafePointer<T>, stride: Int, into destination: UnsafeMutablePointer<T>, count: Int) {
    for j in 0..<count { destination[j] = source[j &* stride] }
}

/// Copies `count` contiguous elements into `destination`, spaced `stride` apart.
@inline(__always)
func fftScatter<T>(_ source: UnsafePointer<T>, into destination: UnsafeMutablePointer<T>, stride: Int, count: Int) {
    for j in 0..<count { destination[j &* stride] = source[j] }
}
