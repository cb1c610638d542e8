import Foundation

#if canImport(FastMathKernels)
    @testable import FastMathKernels
#elseif canImport(Tensor)
    @testable import Tensor
#endif

/// Reference values and ulp errors for the `FastMath` accuracy checks: `Float` results are
/// compared with glibc's `Double` functions, `Double` results with glibc's `Float80` ones.
enum FastMathReference {
    /// The functions compared, with their `FastMath` implementations and references.
    static func float(_ f: FastMath.Function) -> (fast: (Float) -> Float, reference: (Double) -> Double) {
        switch f {
        case .exp: ({ FastMath.exp($0) }, { Foundation.exp($0) })
        case .expm1: ({ FastMath.expm1($0) }, { Foundation.expm1($0) })
        case .log: ({ FastMath.log($0) }, { Foundation.log($0) })
        case .log1p: ({ FastMath.log1p($0) }, { Foundation.log1p($0) })
        case .tanh: ({ FastMath.tanh($0) }, { Foundation.tanh($0) })
        case .sigmoid: ({ FastMath.sigmoid($0) }, { sigmoid($0) })
        case .softplus: ({ FastMath.softplus($0) }, { softplus($0) })
        case .sin: ({ FastMath.sin($0) }, { Foundation.sin($0) })
        case .cos: ({ FastMath.cos($0) }, { Foundation.cos($0) })
        case .erf: ({ FastMath.erf($0) }, { Foundation.erf($0) })
        case .geluTanh: ({ FastMath.geluTanh($0) }, { geluTanh($0) })
        case .geluErf: ({ FastMath.geluErf($0) }, { geluErf($0, erfc: Foundation.erfc) })
        }
    }

    /// See `float(_:)`.
    static func double(_ f: FastMath.Function) -> (fast: (Double) -> Double, reference: (Float80) -> Float80) {
        switch f {
        case .exp: ({ FastMath.exp($0) }, { Foundation.exp($0) })
        case .expm1: ({ FastMath.expm1($0) }, { Foundation.expm1($0) })
        case .log: ({ FastMath.log($0) }, { Foundation.log($0) })
        case .log1p: ({ FastMath.log1p($0) }, { Foundation.log1p($0) })
        case .tanh: ({ FastMath.tanh($0) }, { Foundation.tanh($0) })
        case .sigmoid: ({ FastMath.sigmoid($0) }, { sigmoid($0) })
        case .softplus: ({ FastMath.softplus($0) }, { softplus($0) })
        case .sin: ({ FastMath.sin($0) }, { Foundation.sin($0) })
        case .cos: ({ FastMath.cos($0) }, { Foundation.cos($0) })
        case .erf: ({ FastMath.erf($0) }, { Foundation.erf($0) })
        case .geluTanh: ({ FastMath.geluTanh($0) }, { geluTanh($0) })
        case .geluErf: ({ FastMath.geluErf($0) }, { geluErf($0, erfc: Foundation.erfc) })
        }
    }

    static func sigmoid<T: BinaryFloatingPoint & FastMathReferenceFunctions>(_ x: T) -> T {
        let t = T.refExp(-x.magnitude)
        return (x < 0 ? t : 1) / (1 + t)
    }

    static func softplus<T: BinaryFloatingPoint & FastMathReferenceFunctions>(_ x: T) -> T {
        Swift.max(x, 0) + T.refLog1p(T.refExp(-x.magnitude))
    }

    /// The GELUs, with their limit 0 at −∞ (where the formulas give −∞·0).
    static func geluTanh<T: BinaryFloatingPoint & FastMathReferenceFunctions>(_ x: T) -> T {
        let c: T = 0.797884560802865355879892119868763737  // literals in T: full Float80 precision
        let a: T = 0.044715
        return x == -.infinity ? 0 : x * sigmoid(2 * c * (x + a * x * x * x))
    }

    static func geluErf<T: BinaryFloatingPoint>(_ x: T, erfc: (T) -> T) -> T {
        x == -.infinity ? 0 : 0.5 * x * erfc(-x * 0.707106781186547524400844362104849039)
    }

    /// |y − ref| in units of the last place of `Float` at ref (subnormal spacing below 2^-126);
    /// 0 when both are the same NaN class or infinity, +∞ for a NaN/∞ mismatch.
    static func ulps(_ y: Float, _ ref: Double) -> Double {
        let rounded = Float(ref)
        if y.isNaN || ref.isNaN { return y.isNaN && ref.isNaN ? 0 : .infinity }
        if y.isInfinite || rounded.isInfinite { return y == rounded ? 0 : .infinity }
        let e = ref == 0 ? -126 : Swift.max(Int(ref.exponent), -126)
        return Swift.abs(Double(y) - ref) / Double(sign: .plus, exponent: e - 23, significand: 1)
    }

    /// `ulps` for `Double` against a `Float80` reference.
    static func ulps(_ y: Double, _ ref: Float80) -> Double {
        let rounded = Double(ref)
        if y.isNaN || ref.isNaN { return y.isNaN && ref.isNaN ? 0 : .infinity }
        if y.isInfinite || rounded.isInfinite { return y == rounded ? 0 : .infinity }
        let e = ref == 0 ? -1022 : Swift.max(Int(ref.exponent), -1022)
        return Double(Swift.abs(Float80(y) - ref) / Float80(sign: .plus, exponent: e - 52, significand: 1))
    }

    /// For each region, the largest ulp error of `fast` against `reference` over every
    /// `stride`-th `Float` bit pattern in it (both signs, all exponents, NaN patterns skipped), and
    /// the argument where it occurs.
    static func floatSweepMaxUlps(
        stride: UInt32, regions: [ClosedRange<Float>], fast: (Float) -> Float, reference: (Double) -> Double
    ) -> [(ulps: Double, at: Float)] {
        var worst = [(ulps: Double, at: Float)](repeating: (0, 0), count: regions.count)
        var bits: UInt32 = 0
        while true {
            let x = Float(bitPattern: bits)
            if let k = regions.firstIndex(where: { $0.contains(x) }) {
                let e = ulps(fast(x), reference(Double(x)))
                if !(e <= worst[k].ulps) { worst[k] = (e, x) }
            }
            let (next, overflow) = bits.addingReportingOverflow(stride)
            if overflow { return worst }
            bits = next
        }
    }

    /// `Double` arguments: `count` bit patterns evenly spread over all 2^64 (every exponent, both
    /// signs), plus `count` uniform points in each of `ranges`, from a fixed-seed generator.
    static func doubleSample(count: Int, ranges: [ClosedRange<Double>]) -> [Double] {
        var xs: [Double] = []
        let step = UInt64.max / UInt64(count)
        for i in 0..<UInt64(count) {
            let x = Double(bitPattern: i &* step &+ 0x9E37_79B9)
            if !x.isNaN { xs.append(x) }
        }
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for range in ranges {
            for _ in 0..<count {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let unit = Double(state >> 11) * 0x1p-53
                xs.append(range.lowerBound + (range.upperBound - range.lowerBound) * unit)
            }
        }
        return xs
    }

    /// For each region, the largest ulp error of `fast` against `reference` over the `xs` in it,
    /// and the argument where it occurs.
    static func maxUlps(
        _ xs: [Double], regions: [ClosedRange<Double>], fast: (Double) -> Double, reference: (Float80) -> Float80
    ) -> [(ulps: Double, at: Double)] {
        var worst = [(ulps: Double, at: Double)](repeating: (0, 0), count: regions.count)
        for x in xs {
            guard let k = regions.firstIndex(where: { $0.contains(x) }) else { continue }
            let e = ulps(fast(x), reference(Float80(x)))
            if !(e <= worst[k].ulps) { worst[k] = (e, x) }
        }
        return worst
    }
}

/// The reference functions `FastMathReference`'s generic helpers need, on `Double` and `Float80`.
protocol FastMathReferenceFunctions {
    static func refExp(_ x: Self) -> Self
    static func refLog1p(_ x: Self) -> Self
}

extension Double: FastMathReferenceFunctions {
    static func refExp(_ x: Double) -> Double { Foundation.exp(x) }
    static func refLog1p(_ x: Double) -> Double { Foundation.log1p(x) }
}

extension Float80: FastMathReferenceFunctions {
    static func refExp(_ x: Float80) -> Float80 { Foundation.exp(x) }
    static func refLog1p(_ x: Float80) -> Float80 { Foundation.log1p(x) }
}
