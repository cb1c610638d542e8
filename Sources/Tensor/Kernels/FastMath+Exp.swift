extension FastMath {
    // Method (both precisions): Cody–Waite reduction x = k·ln2 + r with k = round(x/ln2) from the
    // magic-number trick and ln2 split into a short head (k·head exact) plus a tail, so
    // |r| ≤ ln2/2. Then e^r − 1 = r + r²·P(r), minimax P weighted for relative error of e^r − 1
    // (fits `exp_f`, degree 4, 2^-25.6; `exp_d`, degree 10, 2^-57.5), which serves both exp and
    // expm1. 2^k is built from its bit pattern. Polynomials use Estrin's scheme: the loops are
    // bound by the latency of the dependency chain, which Horner's rule makes twice as long.

    // MARK: Float

    /// e^x. Max error 1.05 ulp over the whole line, subnormal results included; NaN → NaN,
    /// e^-∞ = 0, e^+∞ = +∞, x > 88.7228 → +∞, x < −103.97 → 0.
    @inlinable @inline(__always) static func exp(_ x: Float) -> Float {
        let (k, r) = reduceLn2(x < -104 ? -104 : (x > 89 ? 89 : x))
        // 2^k as two factors so that results in the subnormal range are rounded only once.
        let k1 = k >> 1
        return (1 + expm1Poly(r)) * pow2(k1) * pow2(k &- k1)
    }

    /// e^x − 1, accurate near 0. Max error 1.9 ulp; expm1(±0) = ±0, expm1(−∞) = −1.
    @inlinable @inline(__always) static func expm1(_ x: Float) -> Float {
        let y = expm1Kernel(x < -30 ? -30 : (x > 89 ? 89 : x))
        return select(x == 0, x, y)
    }

    /// e^x − 1 for −30 ≤ x ≤ 89 (or NaN): 2^k(1 + q) − 1 evaluated as 2·(2^(k−1)·q + (2^(k−1) − ½)),
    /// whose terms are exact for small k and whose 2^(k−1) stays finite up to x = 89.
    @inlinable @inline(__always) static func expm1Kernel(_ x: Float) -> Float {
        let (k, r) = reduceLn2(x)
        let s = pow2(k &- 1)
        return 2 * (s * expm1Poly(r) + (s - 0.5))
    }

    /// k = round(x/ln2) and r = x − k·ln2, for |x| < 2^21.
    @inlinable @inline(__always) static func reduceLn2(_ x: Float) -> (k: Int32, r: Float) {
        let shifted = x * 0x1.715476p0 + 0x1.8p23  // the integer k lands in the low mantissa bits
        let kf = shifted - 0x1.8p23
        let r = (x - kf * 0x1.62e8p-1) - kf * -0x1.e8082ep-16  // ln2 = 14-bit head + tail
        return (Int32(bitPattern: shifted.bitPattern) &- 0x4B40_0000, r)
    }

    /// e^r − 1 = r + r²·P(r) for |r| ≤ ln2/2 (fit `exp_f`).
    @inlinable @inline(__always) static func expm1Poly(_ r: Float) -> Float {
        let r2 = r * r
        let p = multiplyAdd(
            r2, multiplyAdd(r2, 0x1.6ad53ap-10, multiplyAdd(0x1.1232b8p-7, r, 0x1.55579ep-5)),
            multiplyAdd(0x1.5554aap-3, r, 0x1.fffffep-2))
        return multiplyAdd(r2, p, r)
    }

    /// 2^k for −126 ≤ k ≤ 127.
    @inlinable @inline(__always) static func pow2(_ k: Int32) -> Float {
        Float(bitPattern: UInt32(bitPattern: (k &+ 127) &<< 23))
    }

    // MARK: Double

    /// e^x. Max error 0.99 ulp over the whole line, subnormal results included; NaN → NaN,
    /// e^-∞ = 0, e^+∞ = +∞, x > 709.78 → +∞, x < −745.13 → 0.
    @inlinable @inline(__always) static func exp(_ x: Double) -> Double {
        let (k, r) = reduceLn2(x < -746 ? -746 : (x > 710 ? 710 : x))
        let k1 = k >> 1
        return (1 + expm1Poly(r)) * pow2(k1) * pow2(k &- k1)
    }

    /// e^x − 1, accurate near 0. Max error 2.2 ulp; expm1(±0) = ±0, expm1(−∞) = −1.
    @inlinable @inline(__always) static func expm1(_ x: Double) -> Double {
        let y = expm1Kernel(x < -40 ? -40 : (x > 710 ? 710 : x))
        return select(x == 0, x, y)
    }

    /// e^x − 1 for −40 ≤ x ≤ 710 (or NaN); see the `Float` overload.
    @inlinable @inline(__always) static func expm1Kernel(_ x: Double) -> Double {
        let (k, r) = reduceLn2(x)
        let s = pow2(k &- 1)
        return 2 * (s * expm1Poly(r) + (s - 0.5))
    }

    /// k = round(x/ln2) and r = x − k·ln2, for |x| < 2^50.
    @inlinable @inline(__always) static func reduceLn2(_ x: Double) -> (k: Int64, r: Double) {
        let shifted = x * 0x1.71547652b82fep0 + 0x1.8p52
        let kf = shifted - 0x1.8p52
        let r = (x - kf * 0x1.62e42ffp-1) - kf * -0x1.718432a1b0e26p-35  // ln2 = 29-bit head + tail
        return (Int64(bitPattern: shifted.bitPattern) &- 0x4338_0000_0000_0000, r)
    }

    /// e^r − 1 = r + r²·P(r) for |r| ≤ ln2/2 (fit `exp_d`).
    @inlinable @inline(__always) static func expm1Poly(_ r: Double) -> Double {
        let r2 = r * r
        let r4 = r2 * r2
        let r8 = r4 * r4
        let p03 = (0.5 + 0.16666666666666677 * r) + r2 * (0.04166666666666671 + 0.008333333333321915 * r)
        let p47 =
            (0.0013888888888875755 + 0.00019841269885914178 * r)
            + r2 * (2.4801587323749454e-05 + 2.7557242707926724e-06 * r)
        let p8 = (2.7557181404543425e-07 + 2.5110301472979963e-08 * r) + r2 * 2.1001032689449573e-09
        return r + r2 * ((p03 + r4 * p47) + r8 * p8)
    }

    /// 2^k for −1022 ≤ k ≤ 1023.
    @inlinable @inline(__always) static func pow2(_ k: Int64) -> Double {
        Double(bitPattern: UInt64(bitPattern: (k &+ 1023) &<< 52))
    }
}
