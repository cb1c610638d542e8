/// Rounding to bfloat16 (1 sign bit, 8 exponent bits, 7 stored significand bits: the upper half of a Float32),
/// kept in the tensor's own dtype so that arithmetic in bfloat16 can be emulated by rounding after every op.
public enum BFloat16 {
    /// The nearest bfloat16 to `x`, ties to even, as a Float32: on the bit pattern u, add 0x7FFF plus bit 16 of u
    /// (the last kept bit) and clear the low 16 bits. A carry moves into the exponent when the significand
    /// overflows, so subnormals round into the normals and values past the largest bfloat16 (≥ 0x7F7F8000 in
    /// magnitude) round to ±∞; ±∞ stay. NaN stays a NaN of the same sign (quiet bit set, so a payload held only in
    /// the low 16 bits cannot vanish into ∞).
    @inline(__always)
    public static func rounded(_ x: Float) -> Float {
        let u = x.bitPattern
        if x.isNaN { return Float(bitPattern: (u | 0x0040_0000) & 0xFFFF_0000) }
        let lastKept = (u >> 16) & 1
        return Float(bitPattern: (u &+ 0x7FFF &+ lastKept) & 0xFFFF_0000)
    }

    /// The nearest bfloat16 to a Double, ties to even, with a single rounding: the Double goes first to Float32 by
    /// round-to-odd (truncate toward zero, then set the last bit when anything was dropped), which keeps 16 bits
    /// more than bfloat16 and so never turns a value off a tie into a tie (double rounding through Float32's own
    /// round-to-nearest would).
    @inline(__always)
    public static func rounded(_ x: Double) -> Double {
        if !x.isFinite { return Double(rounded(Float(x))) }
        var f = Float(x)
        if Double(f) != x {
            if f.isInfinite || Swift.abs(Double(f)) > Swift.abs(x) {
                f = Float(bitPattern: f.bitPattern - 1)
            }
            f = Float(bitPattern: f.bitPattern | 1)
        }
        return Double(rounded(f))
    }
}

extension Tensor {
    /// Every element rounded to the nearest bfloat16 (ties to even), in the same dtype (floating dtypes only).
    public func roundedToBFloat16() -> Tensor {
        switch dtype {
        case .float32: Elementwise.unary(self, Float.self, Float.self) { BFloat16.rounded($0) }
        case .float64: Elementwise.unary(self, Double.self, Double.self) { BFloat16.rounded($0) }
        case .int64, .bool:
            preconditionFailure("roundedToBFloat16: expects a floating dtype, got \(dtype) (shape \(shape))")
        }
    }
}
