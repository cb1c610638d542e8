extension FastMath {
    // Method (both precisions, after fdlibm): x = 2^k·m with m ∈ [√½, √2) read from the bit
    // pattern, f = m − 1, s = f/(2 + f), and ln(1 + f) = 2s + s·R with R = z·P(z), z = s²,
    // z ≤ 0.0295; minimax P weighted for relative error of ln(1 + f) (fits `log_f`, degree 2,
    // 2^-30; `log_d`, degree 6, 2^-58.7). The sum is arranged as k·ln2_hi − ((½f² − (s(½f² + R)
    // + k·ln2_lo)) − f) so that the large terms are added last. P is in Estrin form.

    // MARK: Float

    /// ln x. Max error 0.84 ulp; ln(±0) = −∞, ln(x < 0) = NaN, ln(+∞) = +∞; subnormal x are
    /// scaled by 2^23 first.
    @inlinable @inline(__always) static func log(_ x: Float) -> Float {
        let tiny = x < 0x1p-126
        let y = logKernel(tiny ? x * 0x1p23 : x, exponentBias: tiny ? 23 : 0, correction: 0)
        return select(x > 0 && x < .infinity, y, x == 0 ? -.infinity : (x == .infinity ? x : .nan))
    }

    /// ln(1 + x), accurate near 0. Max error 0.87 ulp; log1p(±0) = ±0, log1p(−1) = −∞,
    /// log1p(x < −1) = NaN, log1p(+∞) = +∞.
    @inlinable @inline(__always) static func log1p(_ x: Float) -> Float {
        let u = 1 + x
        let y = log1pKernel(x)
        return select(u > 0 && u < .infinity, select(x == 0, x, y), u == 0 ? -.infinity : (u == .infinity ? u : .nan))
    }

    /// ln(1 + x) for finite x > −1: ln(u) of u = fl(1 + x) plus the first-order correction
    /// (1 + x − u)/u, where 1 + x − u = x − (u − 1) exactly.
    @inlinable @inline(__always) static func log1pKernel(_ x: Float) -> Float {
        let u = 1 + x
        return logKernel(u, exponentBias: 0, correction: (x - (u - 1)) / u)
    }

    /// ln(x) − bias·ln2 + correction for normal positive finite x.
    @inlinable @inline(__always) static func logKernel(_ x: Float, exponentBias: Float, correction c: Float) -> Float {
        let ix = x.bitPattern &+ (0x3F80_0000 &- 0x3F35_04F3)  // 0x3F3504F3 = √½
        let k = Float(Int32(bitPattern: ix >> 23) &- 127) - exponentBias
        let f = Float(bitPattern: (ix & 0x007F_FFFF) &+ 0x3F35_04F3) - 1
        let s = f / (2 + f)
        let z = s * s
        let hfsq = 0.5 * f * f
        let r = z * (0x1.55557ap-1 + z * (0x1.995ee2p-2 + z * 0x1.31e0f0p-2))
        return k * 0x1.62e8p-1 - ((hfsq - (s * (hfsq + r) + (k * -0x1.e8082ep-16 + c))) - f)
    }

    // MARK: Double

    /// ln x. Max error 0.82 ulp; specials as for `Float`.
    @inlinable @inline(__always) static func log(_ x: Double) -> Double {
        let tiny = x < 0x1p-1022
        let y = logKernel(tiny ? x * 0x1p54 : x, exponentBias: tiny ? 54 : 0, correction: 0)
        return select(x > 0 && x < .infinity, y, x == 0 ? -.infinity : (x == .infinity ? x : .nan))
    }

    /// ln(1 + x), accurate near 0. Max error 0.81 ulp; specials as for `Float`.
    @inlinable @inline(__always) static func log1p(_ x: Double) -> Double {
        let u = 1 + x
        let y = log1pKernel(x)
        return select(u > 0 && u < .infinity, select(x == 0, x, y), u == 0 ? -.infinity : (u == .infinity ? u : .nan))
    }

    /// ln(1 + x) for finite x > −1; see the `Float` overload.
    @inlinable @inline(__always) static func log1pKernel(_ x: Double) -> Double {
        let u = 1 + x
        return logKernel(u, exponentBias: 0, correction: (x - (u - 1)) / u)
    }

    /// ln(x) − bias·ln2 + correction for normal positive finite x.
    @inlinable @inline(__always)
    static func logKernel(_ x: Double, exponentBias: Double, correction c: Double) -> Double {
        let ix = x.bitPattern &+ (0x3FF0_0000_0000_0000 &- 0x3FE6_A09E_667F_3BCD)  // √½
        // The biased exponent (0...2047) converted exactly through the 2^52 magic number.
        let k = Double(bitPattern: (ix >> 52) | 0x4330_0000_0000_0000) - (0x1p52 + 1023) - exponentBias
        let f = Double(bitPattern: (ix & 0x000F_FFFF_FFFF_FFFF) &+ 0x3FE6_A09E_667F_3BCD) - 1
        let s = f / (2 + f)
        let z = s * s
        let hfsq = 0.5 * f * f
        let z2 = z * z
        let p03 = (0.6666666666666734 + 0.39999999999417585 * z) + z2 * (0.2857142874175869 + 0.22222198636359208 * z)
        let p46 = (0.1818356104638459 + 0.15314135489525815 * z) + z2 * 0.1479509598568059
        let r = z * (p03 + (z2 * z2) * p46)
        return k * 0x1.62e42ffp-1 - ((hfsq - (s * (hfsq + r) + (k * -0x1.718432a1b0e26p-35 + c))) - f)
    }
}
