import RealModule

/// The scalar functions the elementwise kernels inline, generic over `Float` and `Double`.
///
/// Each is written so that a loop calling it can vectorize. The transcendental functions live in `FastMath`.
enum ScalarMath {
    @inline(__always) static func relu<T: FloatElement>(_ x: T) -> T { x < 0 ? 0 : x }

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
