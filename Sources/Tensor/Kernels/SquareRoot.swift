#if arch(x86_64)
    import _Builtin_intrinsics.intel
#endif

extension FloatElement {
    /// √x, in a form whose loops vectorize.
    ///
    /// On Linux `squareRoot()` keeps libm's `errno` contract: after the `sqrtss` instruction comes a check that
    /// calls `sqrtf` for negative inputs, and that call stops the loop vectorizer (an Adam step then spends
    /// ~1 ns per element on it). The SSE instruction itself (`_mm_sqrt_ss`, lowered to LLVM's `sqrt` intrinsic)
    /// has no such path, so a loop over it becomes `vsqrtps`/`vsqrtpd`. Results are identical: IEEE square root,
    /// correctly rounded, NaN for x < 0.
    @inlinable @inline(__always) public func vectorizableSquareRoot() -> Self {
        #if arch(x86_64)
            if let x = self as? Float { return _mm_cvtss_f32(_mm_sqrt_ss(_mm_set_ss(x))) as! Self }
            if let x = self as? Double { return _mm_cvtsd_f64(_mm_sqrt_sd(_mm_setzero_pd(), _mm_set_sd(x))) as! Self }
        #endif
        return squareRoot()
    }
}
