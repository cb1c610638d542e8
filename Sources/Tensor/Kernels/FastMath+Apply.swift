import Foundation

extension FastMath {
    /// The elementwise functions `apply(_:_:_:count:)` can map over a buffer.
    enum Function: CaseIterable, Sendable {
        case exp, expm1, log, log1p, tanh, sigmoid, softplus, sin, cos, erf, geluTanh, geluErf
    }

    /// y[i] = f(x[i]) for i in 0..<count. `x` and `y` must be the same pointer (in place) or
    /// not overlap. The switch is outside the loops: each case is its own loop, which LLVM
    /// vectorizes. sin/cos hand arguments beyond `trigLimitFloat` to libm (see `mapTrig`).
    static func apply(_ f: Function, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        switch f {
        case .exp: map(x, y, count) { exp($0) }
        case .expm1: map(x, y, count) { expm1($0) }
        case .log: map(x, y, count) { log($0) }
        case .log1p: map(x, y, count) { log1p($0) }
        case .tanh: map(x, y, count) { tanh($0) }
        case .sigmoid: map(x, y, count) { sigmoid($0) }
        case .softplus: map(x, y, count) { softplus($0) }
        case .sin: mapTrig(x, y, count, limit: trigLimitFloat, { sin($0) }, { Foundation.sin($0) })
        case .cos: mapTrig(x, y, count, limit: trigLimitFloat, { cos($0) }, { Foundation.cos($0) })
        case .erf: map(x, y, count) { erf($0) }
        case .geluTanh: map(x, y, count) { geluTanh($0) }
        case .geluErf: map(x, y, count) { geluErf($0) }
        }
    }

    /// y[i] = f(x[i]) for i in 0..<count; see the `Float` overload.
    static func apply(_ f: Function, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) {
        switch f {
        case .exp: map(x, y, count) { exp($0) }
        case .expm1: map(x, y, count) { expm1($0) }
        case .log: map(x, y, count) { log($0) }
        case .log1p: map(x, y, count) { log1p($0) }
        case .tanh: map(x, y, count) { tanh($0) }
        case .sigmoid: map(x, y, count) { sigmoid($0) }
        case .softplus: map(x, y, count) { softplus($0) }
        case .sin: mapTrig(x, y, count, limit: trigLimitDouble, { sin($0) }, { Foundation.sin($0) })
        case .cos: mapTrig(x, y, count, limit: trigLimitDouble, { cos($0) }, { Foundation.cos($0) })
        case .erf: map(x, y, count) { erf($0) }
        case .geluTanh: map(x, y, count) { geluTanh($0) }
        case .geluErf: map(x, y, count) { geluErf($0) }
        }
    }

    /// The loop. In place it reads and writes through one pointer: with two equal pointers the
    /// vectorizer's runtime overlap check would fail and fall back to the scalar loop.
    @inline(__always) private static func map<T>(
        _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int, _ f: (T) -> T
    ) {
        if UnsafePointer(y) == x {
            for i in 0..<n { y[i] = f(y[i]) }
        } else {
            for i in 0..<n { y[i] = f(x[i]) }
        }
    }

    /// `map` for sin/cos in blocks of 256: a block whose arguments all have |x| ≤ limit (the
    /// usual case; checked by a vectorized reduction) runs the vectorized loop, any other block
    /// a scalar loop that gives the larger arguments (and ±∞) to libm.
    @inline(__always) private static func mapTrig<T: BinaryFloatingPoint>(
        _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int, limit: T,
        _ fast: (T) -> T, _ libm: (T) -> T
    ) {
        var start = 0
        while start < n {
            let m = Swift.min(256, n - start)
            let xs = x + start
            let ys = y + start
            if allWithin(xs, m, limit) {
                map(xs, ys, m, fast)
            } else {
                for i in 0..<m { ys[i] = xs[i].magnitude > limit ? libm(xs[i]) : fast(xs[i]) }
            }
            start += m
        }
    }

    /// Whether |x[i]| ≤ limit for all i < n. Kept out of line: inlined into `mapTrig`, LLVM turns
    /// the reduction into a loop with an early exit, which does not vectorize.
    @inline(never)
    private static func allWithin<T: BinaryFloatingPoint>(_ x: UnsafePointer<T>, _ n: Int, _ limit: T) -> Bool {
        var far: Int32 = 0
        for i in 0..<n { far |= x[i].magnitude > limit ? 1 : 0 }
        return far == 0
    }
}
