import Foundation

/// A reusable plan for the length-`n` complex DFT of split-complex data, for any `n ≥ 1`.
///
/// Forward: `X[k] = Σ_{j<n} x[j]·e^(−2πi·jk/n)`. Inverse: `x[j] = Σ_{k<n} X[k]·e^(+2πi·jk/n)`,
/// unnormalized (an inverse after a forward multiplies by `n`; callers normalize).
///
/// Lengths whose only prime factors are 2, 3 and 5 use Stockham passes of radix 4, 3, 5 and a
/// final radix 2 (see `FFTStockham.swift`), with twiddles precomputed in `Double`. Every other
/// length uses Bluestein's chirp-z algorithm over a power-of-two plan. Both are `O(n log n)`.
///
/// Plans are immutable and shared across threads; get them from `FFTPlan.cached(_:)`.
final class FFTPlan<T: FFTScalar>: Sendable {
    /// The transform length.
    let n: Int
    /// How many elements of `T` the `scratch` argument of `transform` must provide.
    let scratchCount: Int
    private let algorithm: Algorithm

    private enum Algorithm: Sendable {
        /// Passes in execution order, and the twiddle planes they index into.
        case stockham(passes: [FFTPass], twiddles: [T])
        case bluestein(FFTBluestein<T>)
    }

    /// The shared plan for length `n`.
    static func cached(_ n: Int) -> FFTPlan {
        FFTPlanCache.shared.plan(n) { FFTPlan(n: $0) }
    }

    init(n: Int) {
        precondition(n >= 1, "FFT length must be at least 1")
        self.n = n
        if let radices = FFTPlan.radices(of: n) {
            var passes: [FFTPass] = []
            var twiddles: [T] = []
            var length = n
            var s = 1
            for radix in radices {
                let n1 = length / radix
                passes.append(FFTPass(radix: radix, n1: n1, s: s, twiddleOffset: twiddles.count))
                if radix != 2 {  // the radix-2 pass is last: n1 = 1 and its twiddles are all 1
                    for k in 1..<radix {
                        let angles = (0..<n1).map { -2 * Double.pi * Double($0 * k) / Double(length) }
                        twiddles += angles.map { T(cos($0)) }
                        twiddles += angles.map { T(sin($0)) }
                    }
                }
                length = n1
                s *= radix
            }
            algorithm = .stockham(passes: passes, twiddles: twiddles)
            scratchCount = FFTSplitPointer<T>.scratchSize(n)
        } else {
            let bluestein = FFTBluestein<T>(n: n)
            algorithm = .bluestein(bluestein)
            scratchCount = bluestein.scratchCount
        }
    }

    /// The radices of the Stockham passes for `n`, or `nil` when `n` has a prime factor above 5.
    ///
    /// Radix 4 comes first, so whenever `4 | n` every pass after the first has a stride divisible
    /// by 4 and takes the SLP-vectorized path; a leftover factor 2 comes last, where its pass is
    /// one contiguous loop.
    private static func radices(of n: Int) -> [Int]? {
        var m = n
        var fours = 0
        var twos = 0
        var threes = 0
        var fives = 0
        while m % 4 == 0 {
            m /= 4
            fours += 1
        }
        while m % 2 == 0 {
            m /= 2
            twos += 1
        }
        while m % 3 == 0 {
            m /= 3
            threes += 1
        }
        while m % 5 == 0 {
            m /= 5
            fives += 1
        }
        guard m == 1 else { return nil }
        return Array(repeating: 4, count: fours) + Array(repeating: 3, count: threes)
            + Array(repeating: 5, count: fives) + Array(repeating: 2, count: twos)
    }

    /// Transforms the `n` elements of `x` into `y` (forward, or unnormalized inverse).
    ///
    /// `x` is only read; `y` must not overlap `x` or `scratch`, which must hold `scratchCount`
    /// elements.
    func transform(
        _ x: FFTSplitPointer<T>, _ y: FFTSplitPointer<T>, scratch: UnsafeMutablePointer<T>, inverse: Bool
    ) {
        let (x, y) = inverse ? (x.swapped, y.swapped) : (x, y)
        switch algorithm {
        case .bluestein(let bluestein):
            bluestein.forward(x, y, scratch: scratch)
        case .stockham(let passes, let twiddles):
            FFTPlan.runPasses(passes[...], twiddles: twiddles, x, y, scratch: scratch, n: n)
        }
    }

    /// Whether `transformLanes` can run: `n` has no prime factor above 5.
    var hasLanes: Bool { stockham != nil }

    /// The Stockham passes and their twiddle table, or `nil` for a Bluestein plan.
    var stockham: (passes: [FFTPass], twiddles: [T])? {
        if case .stockham(let passes, let twiddles) = algorithm { return (passes, twiddles) }
        return nil
    }

    /// `transform` of several sequences at once, one per lane of `E` (element `j` of every sequence in `x[j]`), for a
    /// caller that reads the result once: when the plan ends with its radix-2 pass, `y` receives that pass's input
    /// and the returned view applies the pass as it is read (`FFTStockhamResult`), saving a round trip of the whole
    /// buffer through the cache. `scratch` holds `FFTSplitPointer<E>.scratchSize(n)` elements. Only for plans with
    /// `hasLanes`.
    func transformLanes<E: FFTElement>(
        _ x: FFTSplitPointer<E>, _ y: FFTSplitPointer<E>, scratch: UnsafeMutablePointer<E>, inverse: Bool
    ) -> FFTStockhamResult<E> where E.Scalar == T {
        guard let (passes, twiddles) = stockham else {
            preconditionFailure("FFT: length \(n) has a prime factor above 5; its plan cannot run lanes")
        }
        let deferred = passes.last?.radix == 2
        let (x, y) = inverse ? (x.swapped, y.swapped) : (x, y)
        FFTPlan.runPasses(deferred ? passes.dropLast() : passes[...], twiddles: twiddles, x, y, scratch: scratch, n: n)
        // A view of the caller's `y`: the pending radix-2 pass acts alike on both planes, swapped or not.
        return FFTStockhamResult(x: inverse ? y.swapped : y, pendingHalf: deferred ? n / 2 : 0)
    }

    /// Runs the Stockham passes from `x` to `y`, alternating with `scratch` (`scratchSize(n)` elements) so that the last pass
    /// lands in `y`; with no passes, copies `x` to `y`.
    @inline(__always)
    private static func runPasses<E: FFTElement>(
        _ passes: ArraySlice<FFTPass>, twiddles: [T], _ x: FFTSplitPointer<E>, _ y: FFTSplitPointer<E>,
        scratch: UnsafeMutablePointer<E>, n: Int
    ) where E.Scalar == T {
        guard !passes.isEmpty else {
            y.re.update(from: x.re, count: n)
            y.im.update(from: x.im, count: n)
            return
        }
        let other = FFTSplitPointer(scratch: scratch, count: n)
        twiddles.withUnsafeBufferPointer { table in
            var source = x
            for (index, pass) in passes.enumerated() {
                let destination = (passes.count - 1 - index) % 2 == 0 ? y : other
                fftRunPass(pass, source, destination, twiddles: table)
                source = destination
            }
        }
    }
}
