extension FastMath {
    // Method (both precisions): j = round(x·2/π) and r = x − j·π/2 by Cody–Waite with π/2 split
    // into pieces short enough that j·piece is exact for |j| < 2^24 (Float, computed in Double:
    // two 29-bit pieces + tail) or |j| < 2^30 (Double: four 23-bit pieces + tail), so
    // |r| ≤ π/4 to within an ulp. Then sin r = r + r³·S(r²), cos r = 1 − r²/2 + r⁴·C(r²) (minimax,
    // relative error; fits `sin_f`/`cos_f` degree 2, 2^-28/2^-32; `sin_d`/`cos_d` degree 5,
    // 2^-56.9/2^-62.7; Estrin form), picked and signed by the quadrant j mod 4 with bit operations.
    //
    // The reduction is accurate for |x| ≤ `trigLimitFloat` = 2^24 and `trigLimitDouble` = 2^30.
    // Beyond it the scalar functions stay branch-free and return a value in [−1, 1] whose error
    // grows with |x|; `apply(_:_:_:count:)` sends those arguments to libm instead.

    /// Largest |x| for which the `Float` `sin`/`cos` reduce their argument accurately.
    @inlinable static var trigLimitFloat: Float { 0x1p24 }

    /// Largest |x| for which the `Double` `sin`/`cos` reduce their argument accurately.
    @inlinable static var trigLimitDouble: Double { 0x1p30 }

    // MARK: Float

    /// sin x. Max error 1.6 ulp for |x| ≤ 2^24 (1.5 for |x| ≤ 10); sin(±0) = ±0, sin(±∞) = NaN.
    @inlinable @inline(__always) static func sin(_ x: Float) -> Float {
        let y = sinCosKernel(x, quadrant: 0)
        return select(x == 0, x, y)
    }

    /// cos x. Max error 1.6 ulp for |x| ≤ 2^24 (1.5 for |x| ≤ 10); cos(±∞) = NaN.
    @inlinable @inline(__always) static func cos(_ x: Float) -> Float {
        sinCosKernel(x, quadrant: 1)
    }

    /// sin(x + quadrant·π/2).
    @inlinable @inline(__always) static func sinCosKernel(_ x: Float, quadrant: Int32) -> Float {
        let xd = Double(x)
        let shifted = xd * 0x1.45f306dc9c883p-1 + 0x1.8p52
        let jd = shifted - 0x1.8p52
        let rd = ((xd - jd * 0x1.921fb54p0) - jd * 0x1.10b4612p-30) - jd * -0x1.676733ae8fe48p-60
        let r0 = Float(rd)
        let r = r0 < -0.8 ? -0.8 : (r0 > 0.8 ? 0.8 : r0)  // only acts beyond the reduction limit
        let z = r * r
        let z2 = z * z
        let sinR = r + r * z * ((-0x1.555546p-3 + 0x1.11077ap-7 * z) + z2 * -0x1.9954a4p-13)
        let hz = 0.5 * z
        let w = 1 - hz
        let cosR = w + (((1 - w) - hz) + z2 * ((0x1.55554ap-5 + -0x1.6c0c28p-10 * z) + z2 * 0x1.99e64cp-16))
        let j = Int32(truncatingIfNeeded: shifted.bitPattern) &+ quadrant
        let v = select(j & 1 == 0, sinR, cosR)
        return Float(bitPattern: v.bitPattern ^ (UInt32(bitPattern: j & 2) &<< 30))
    }

    // MARK: Double

    /// sin x. Max error 2.3 ulp for |x| ≤ 2^30 (1.5 for |x| ≤ 10; the reduction's roundings
    /// grow with |x|); sin(±0) = ±0, sin(±∞) = NaN.
    @inlinable @inline(__always) static func sin(_ x: Double) -> Double {
        let y = sinCosKernel(x, quadrant: 0)
        return select(x == 0, x, y)
    }

    /// cos x. Max error 2.3 ulp for |x| ≤ 2^30 (1.5 for |x| ≤ 10); cos(±∞) = NaN.
    @inlinable @inline(__always) static func cos(_ x: Double) -> Double {
        sinCosKernel(x, quadrant: 1)
    }

    /// sin(x + quadrant·π/2).
    @inlinable @inline(__always) static func sinCosKernel(_ x: Double, quadrant: Int64) -> Double {
        let shifted = x * 0x1.45f306dc9c883p-1 + 0x1.8p52
        let jd = shifted - 0x1.8p52
        let r0 =
            ((((x - jd * 0x1.921fb4p0) - jd * 0x1.4442d0p-24) - jd * 0x1.846988p-48) - jd * 0x1.8cc518p-72)
            - jd * -0x1.fc8f8cbb5bf6cp-97
        let r = r0 < -0.8 ? -0.8 : (r0 > 0.8 ? 0.8 : r0)  // only acts beyond the reduction limit
        let z = r * r
        let z2 = z * z
        let z4 = z2 * z2
        let s01 = -0.16666666666666632 + 0.008333333333322455 * z
        let s23 = -0.00019841269829813416 + 2.7557313687572432e-06 * z
        let sinR = r + r * z * ((s01 + z2 * s23) + z4 * (-2.5050756714156787e-08 + 1.589667216641521e-10 * z))
        let c01 = 0.041666666666666595 - 0.0013888888888873307 * z
        let c23 = 2.480158728896532e-05 - 2.7557314203132157e-07 * z
        let c = (c01 + z2 * c23) + z4 * (2.0875703149636346e-09 - 1.135861549255055e-11 * z)
        let hz = 0.5 * z
        let w = 1 - hz
        let cosR = w + (((1 - w) - hz) + z2 * c)
        let j = Int64(bitPattern: shifted.bitPattern) &+ quadrant
        let v = select(j & 1 == 0, sinR, cosR)
        return Double(bitPattern: v.bitPattern ^ (UInt64(bitPattern: j & 2) &<< 62))
    }
}
