import RealModule

/// The scalar functions the elementwise kernels inline, generic over `Float` and `Double`.
///
/// Each is written so that a loop calling it can vectorize; the transcendental ones route through
/// `FloatElement`'s kernel requirements (see `FastMath`).
enum ScalarMath {
    @inline(__always) static func sigmoid<T: FloatElement>(_ x: T) -> T {
        // 1/(1+e^{-x}) for x ≥ 0, e^{x}/(1+e^{x}) for x < 0: neither overflows.
        let e = T.exp(-Swift.abs(x))
        let positive = 1 / (1 + e)
        return x >= 0 ? positive : e * positive
    }

    @inline(__always) static func softplus<T: FloatElement>(_ x: T) -> T {
        // log(1 + e^x) = max(x, 0) + log1p(e^{-|x|})
        (x > 0 ? x : 0) + T.log(onePlus: T.exp(-Swift.abs(x)))
    }

    @inline(__always) static func relu<T: FloatElement>(_ x: T) -> T { x < 0 ? 0 : x }

    /// GELU, tanh form: ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
    @inline(__always) static func geluTanh<T: FloatElement>(_ x: T) -> T {
        let c = T(0.7978845608028654)
        let inner = c * (x + T(0.044715) * x * x * x)
        return T(0.5) * x * (1 + T.tanh(inner))
    }

    /// GELU, exact form: ½x(1 + erf(x/√2)).
    @inline(__always) static func geluErf<T: FloatElement>(_ x: T) -> T {
        T(0.5) * x * (1 + T.erf(x * T(0.7071067811865476)))
    }

    @inline(__always) static func sign<T: FloatElement>(_ x: T) -> T { x > 0 ? 1 : (x < 0 ? -1 : x) }

    /// x^y with the conventions of C `pow` (negative bases allowed for integral y).
    @inline(__always) static func pow<T: FloatElement>(_ x: T, _ y: T) -> T {
        if y == 2 { return x * x }
        if y.rounded(.towardZero) == y && Swift.abs(y) < T(0x1p62) { return T.pow(x, Int(y)) }
        // RealModule's real pow is NaN for every x < 0; C's depends only on |x| when y is infinite or an even
        // integer beyond 2^62, and when x = −∞.
        if x < 0 && (y.isInfinite || x.isInfinite || Swift.abs(y) >= T(0x1p62)) { return T.pow(-x, y) }
        return T.pow(x, y)
    }
}
