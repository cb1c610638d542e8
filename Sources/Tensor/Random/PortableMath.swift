/// `exp` and `log` in plain IEEE arithmetic, so random numbers built on them are bit-identical everywhere.
///
/// The platform's libm (glibc, Apple's) may differ in the last bit between systems; these are fdlibm's
/// `__ieee754_exp` and `__ieee754_log` (errors below 1 ulp), which use only bit operations, `+`, `-`, `*` and `/`.
///
/// fdlibm: Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at SunPro, a Sun
/// Microsystems, Inc. business. Permission to use, copy, modify, and distribute this software is freely granted,
/// provided that this notice is preserved.
enum PortableMath {
    private static let ln2High = 6.93147180369123816490e-01  // 0x3fe62e42 fee00000
    private static let ln2Low = 1.90821492927058770002e-10  // 0x3dea39ef 35793c76
    private static let two54 = 1.80143985094819840000e+16  // 0x43500000 00000000
    private static let lg1 = 6.666666666666735130e-01  // 0x3FE55555 55555593
    private static let lg2 = 3.999999999940941908e-01  // 0x3FD99999 9997FA04
    private static let lg3 = 2.857142874366239149e-01  // 0x3FD24924 94229359
    private static let lg4 = 2.222219843214978396e-01  // 0x3FCC71C5 1D8E78AF
    private static let lg5 = 1.818357216161805012e-01  // 0x3FC74664 96CB03DE
    private static let lg6 = 1.531383769920937332e-01  // 0x3FC39A09 D078C69F
    private static let lg7 = 1.479819860511658591e-01  // 0x3FC2F112 DF3E5244
    private static let inverseLn2 = 1.44269504088896338700e+00  // 0x3ff71547 652b82fe
    private static let p1 = 1.66666666666666019037e-01  // 0x3FC55555 5555553E
    private static let p2 = -2.77777777770155933842e-03  // 0xBF66C16C 16BEBD93
    private static let p3 = 6.61375632143793436117e-05  // 0x3F11566A AF25DE2C
    private static let p4 = -1.65339022054652515390e-06  // 0xBEBBBD41 C5D26BF1
    private static let p5 = 4.13813679705723846039e-08  // 0x3E663769 72BEA4D0
    private static let overflowThreshold = 7.09782712893383973096e+02  // 0x40862E42 FEFA39EF
    private static let underflowThreshold = -7.45133219101941108420e+02  // 0xc0874910 D52D3051
    private static let twoToMinus1000 = 9.33263618503218878990e-302  // 0x01700000 00000000

    /// eˣ: +∞ above about 709.78, 0 below about -745.13, NaN at NaN.
    static func exp(_ input: Double) -> Double {
        var x = input
        let negative = x.sign == .minus
        let high = UInt32(truncatingIfNeeded: x.bitPattern >> 32) & 0x7fff_ffff  // high word of |x|
        if high >= 0x4086_2e42 {  // |x| ≥ 709.78…, infinities and NaN
            if x.isNaN { return x + x }
            if x.isInfinite { return negative ? 0 : x }
            if x > overflowThreshold { return .infinity }
            if x < underflowThreshold { return 0 }
        }
        // x = k·ln2 + r with |r| ≤ ln2 / 2, r carried as hi - lo.
        var k = 0
        var hi = 0.0
        var lo = 0.0
        if high > 0x3fd6_2e42 {  // |x| > ln2 / 2
            if high < 0x3ff0_a2b2 {  // and |x| < 1.5 ln2
                k = negative ? -1 : 1
                hi = negative ? x + ln2High : x - ln2High
                lo = negative ? -ln2Low : ln2Low
            } else {
                k = Int(inverseLn2 * x + (negative ? -0.5 : 0.5))
                let t = Double(k)
                hi = x - t * ln2High  // exact
                lo = t * ln2Low
            }
            x = hi - lo
        } else if high < 0x3e30_0000 {  // |x| < 2⁻²⁸
            return 1 + x
        }
        let t = x * x
        let c = x - t * (p1 + t * (p2 + t * (p3 + t * (p4 + t * p5))))
        if k == 0 { return 1 - ((x * c) / (c - 2.0) - x) }
        let y = 1 - ((lo - (x * c) / (2.0 - c)) - hi)
        // y · 2ᵏ, adding k to the exponent bits (through 2⁻¹⁰⁰⁰ for results near the subnormal range).
        if k >= -1021 { return Double(bitPattern: y.bitPattern &+ (UInt64(bitPattern: Int64(k)) << 52)) }
        return Double(bitPattern: y.bitPattern &+ (UInt64(bitPattern: Int64(k + 1000)) << 52)) * twoToMinus1000
    }

    /// ln(x): -∞ at ±0, NaN below 0 and at NaN, +∞ at +∞.
    static func log(_ input: Double) -> Double {
        var x = input
        var high = Int32(truncatingIfNeeded: x.bitPattern >> 32)
        let low = UInt32(truncatingIfNeeded: x.bitPattern)
        var k: Int32 = 0
        if high < 0x0010_0000 {  // x < 2⁻¹⁰²², zero, negative
            if (high & 0x7fff_ffff) == 0 && low == 0 { return -.infinity }
            if high < 0 { return .nan }
            k -= 54  // subnormal: scale up
            x *= two54
            high = Int32(truncatingIfNeeded: x.bitPattern >> 32)
        }
        if high >= 0x7ff0_0000 { return x + x }
        k += (high >> 20) - 1023
        high &= 0x000f_ffff
        let i = (high &+ 0x95f64) & 0x10_0000
        // x normalized into [√2/2, √2): the exponent goes to k.
        let normalizedHigh = UInt64(UInt32(bitPattern: high | (i ^ 0x3ff0_0000)))
        x = Double(bitPattern: (normalizedHigh << 32) | (x.bitPattern & 0xffff_ffff))
        k += i >> 20
        let f = x - 1.0
        if (0x000f_ffff & (2 &+ high)) < 3 {  // |f| < 2⁻²⁰
            if f == 0 {
                if k == 0 { return 0 }
                let dk = Double(k)
                return dk * ln2High + dk * ln2Low
            }
            let r = f * f * (0.5 - 0.33333333333333333 * f)
            if k == 0 { return f - r }
            let dk = Double(k)
            return dk * ln2High - ((r - dk * ln2Low) - f)
        }
        let s = f / (2.0 + f)
        let dk = Double(k)
        let z = s * s
        let w = z * z
        let t1 = w * (lg2 + w * (lg4 + w * lg6))
        let t2 = z * (lg1 + w * (lg3 + w * (lg5 + w * lg7)))
        let r = t2 + t1
        // Far from 1 (the significand outside a band around it) the series needs the f²/2 correction.
        if (high &- 0x6147a) | (0x6b851 &- high) > 0 {
            let halfSquare = 0.5 * f * f
            if k == 0 { return f - (halfSquare - s * (halfSquare + r)) }
            return dk * ln2High - ((halfSquare - (s * (halfSquare + r) + dk * ln2Low)) - f)
        }
        if k == 0 { return f - s * (f - r) }
        return dk * ln2High - ((s * (f - r) - dk * ln2Low) - f)
    }
}
