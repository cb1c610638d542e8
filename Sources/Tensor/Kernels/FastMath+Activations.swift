extension FastMath {
    // Activation functions built on the exp, log1p and erf kernels; each is one branch-free path
    // that neither overflows nor cancels anywhere on the line.

    // MARK: Float

    /// 1/(1 + e^−x), as 1/(1 + t) for x ≥ 0 and t/(1 + t) for x < 0 with t = e^−|x| ≤ 1.
    /// Max error 2.4 ulp, subnormal results included; σ(−∞) = 0, σ(+∞) = 1, σ(±0) = ½.
    @inlinable @inline(__always) static func sigmoid(_ x: Float) -> Float {
        let t = exp(-x.magnitude)
        return (x < 0 ? t : 1) / (1 + t)
    }

    /// ln(1 + e^x) = max(x, 0) + log1p(e^−|x|). Max error 1.7 ulp; softplus(−∞) = 0, (+∞) = +∞.
    @inlinable @inline(__always) static func softplus(_ x: Float) -> Float {
        (x > 0 ? x : 0) + log1pKernel(exp(-x.magnitude))
    }

    /// ½x(1 + tanh(√(2/π)(x + 0.044715x³))) = x·σ(2√(2/π)(x + 0.044715x³)), the σ form having no
    /// cancellation for negative x. For x < 0 the rounding of σ's argument u (~2 ulp) is
    /// amplified by the condition number ≈ |u| of e^u: max error 3.1 ulp for x ≥ −1, 16 ulp on
    /// [−3, −1], 66 on [−6, −3], 214 below (where |result| < 10^-10).
    /// gelu(−∞) = −0, gelu(+∞) = +∞.
    @inlinable @inline(__always) static func geluTanh(_ x: Float) -> Float {
        let v = x < -1e10 ? -1e10 : x  // keeps −∞·0 out; σ is already 0 there
        return v * sigmoid(v * (0x1.988454p0 + 0x1.2444f2p-4 * (v * v)))
    }

    /// ½x(1 + erf(x/√2)), with 1 + erf(s) taken as erfc|s| = u·exp(P(u) − s²) from the erf
    /// kernel for s ≤ −1, so the negative tail does not cancel. There the roundings of s = x/√2,
    /// of s² and of the exponent are amplified by ≈ 2s²: max error 2.6 ulp for x ≥ −1, 19 ulp on
    /// [−3, −1], 75 on [−6, −3], 310 below (where |result| < 10^-8). gelu(−∞) = −0.
    @inlinable @inline(__always) static func geluErf(_ x: Float) -> Float {
        let v = x < -1e10 ? -1e10 : x  // keeps −∞·0 out; erfc is already 0 there
        let s = v * 0x1.6a09e6p-1
        let c = erfcLarge(s.magnitude)
        return 0.5 * v * select(s.magnitude < 1, 1 + erfSmall(s), v < 0 ? c : 2 - c)
    }

    // MARK: Double

    /// 1/(1 + e^−x); see the `Float` overload. Max error 2.2 ulp.
    @inlinable @inline(__always) static func sigmoid(_ x: Double) -> Double {
        let t = exp(-x.magnitude)
        return (x < 0 ? t : 1) / (1 + t)
    }

    /// ln(1 + e^x); see the `Float` overload. Max error 1.7 ulp.
    @inlinable @inline(__always) static func softplus(_ x: Double) -> Double {
        (x > 0 ? x : 0) + log1pKernel(exp(-x.magnitude))
    }

    /// GELU, tanh form; see the `Float` overload. Max error 3.1 ulp for x ≥ −1, 16 ulp on
    /// [−3, −1], 49 on [−6, −3], growing to ~1700 at x ≈ −21 (result ~10^-290).
    @inlinable @inline(__always) static func geluTanh(_ x: Double) -> Double {
        let v = x < -1e100 ? -1e100 : x
        return v * sigmoid(v * (0x1.9884533d43651p0 + 0x1.2444f2a4d8b4bp-4 * (v * v)))
    }

    /// GELU, erf form; see the `Float` overload. Max error 2.8 ulp for x ≥ −1, 21 ulp on
    /// [−3, −1], 77 on [−6, −3], growing to ~2500 at x ≈ −37 (result ~10^-300).
    @inlinable @inline(__always) static func geluErf(_ x: Double) -> Double {
        let v = x < -1e100 ? -1e100 : x
        let s = v * 0x1.6a09e667f3bcdp-1
        let c = erfcLarge(s.magnitude)
        return 0.5 * v * select(s.magnitude < 1, 1 + erfSmall(s), v < 0 ? c : 2 - c)
    }
}
