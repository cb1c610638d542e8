/// Vectorizable elementwise transcendental functions for `Float` and `Double`.
///
/// Every scalar function is `@inline(__always)` and branch-free: range reduction with the
/// round-to-nearest "magic number" trick (`x + 1.5·2^23`, `x + 1.5·2^52`), powers of two assembled
/// from integer bit patterns, polynomials in Estrin form, and special values (±0, ±∞, NaN,
/// overflow, underflow) folded in with value selects. Nothing calls libm or rounds with
/// `rounded(_:)`, since on the default x86-64 target those become per-element library calls
/// (`rintf`) that stop the loop vectorizer; products fuse with additions through `multiplyAdd`
/// only where the build targets FMA. A plain
/// `for i in 0..<n` loop over unsafe pointers calling one of these functions therefore compiles to
/// SIMD code; `apply(_:_:_:count:)` provides those loops for whole buffers.
///
/// Polynomial coefficients are weighted minimax fits (Remez exchange in mpmath, rounded to the
/// target format one coefficient at a time with the rest refitted); the generator is
/// `Scripts/minimax.py` of the scratch package the kernels were developed in, and each function's
/// comment names its fit. Accuracies quoted in the comments are measured maxima against a
/// higher-precision reference (`Double` libm for `Float`, `Float80` libm for `Double`): for
/// `Float` over all 2^32 bit patterns, for `Double` over 3·2^20 points per function (bit patterns
/// spread over all exponents plus uniform points in the interesting ranges).
@usableFromInline enum FastMath {}

extension FastMath {
    /// `condition ? a : b` for values that are already computed, as a bitwise blend. Swift lowers
    /// `?:` to a branch, and the optimizer then sinks a side's computation into it when only that
    /// side uses it; the loop then looks cheaper scalar than vectorized and the vectorizer gives
    /// up (observed for `Double` log and erf). With the blend both sides stay unconditional.
    @inlinable @inline(__always) static func select(_ condition: Bool, _ a: Float, _ b: Float) -> Float {
        let mask: UInt32 = condition ? .max : 0
        return Float(bitPattern: (a.bitPattern & mask) | (b.bitPattern & ~mask))
    }

    /// See the `Float` overload.
    @inlinable @inline(__always) static func select(_ condition: Bool, _ a: Double, _ b: Double) -> Double {
        let mask: UInt64 = condition ? .max : 0
        return Double(bitPattern: (a.bitPattern & mask) | (b.bitPattern & ~mask))
    }

    /// a·b + c, rounded once in release builds for AVX2 + FMA (`FUSED_MULTIPLY_ADD`, set with
    /// `-target-cpu haswell` in Package.swift), where it is one `vfmadd` instruction. Without
    /// hardware FMA `addingProduct` is a per-element `fmaf` call that stops the vectorizer, so
    /// other builds round twice. Polynomial steps use it: half the instructions, and at most the
    /// error of the unfused form.
    @inlinable @inline(__always) static func multiplyAdd(_ a: Float, _ b: Float, _ c: Float) -> Float {
        #if FUSED_MULTIPLY_ADD
            c.addingProduct(a, b)
        #else
            a * b + c
        #endif
    }

    /// See the `Float` overload.
    @inlinable @inline(__always) static func multiplyAdd(_ a: Double, _ b: Double, _ c: Double) -> Double {
        #if FUSED_MULTIPLY_ADD
            c.addingProduct(a, b)
        #else
            a * b + c
        #endif
    }
}
