// Matrix products built for AVX-512: our packed GEMM (PackedGEMM.cpp) and Eigen's matrix-vector products (Eigen
// 3.4, Debian's libeigen3-dev, MPL-2.0).
//
// Every function runs on the calling thread; `Tensor.matmul` splits a large product into blocks over its own
// thread team. The `d` functions take Float64, the `s` functions Float32. Matrices are row-major with a leading
// dimension (elements between rows); a transposed operand is the row-major matrix whose transpose is used. Call
// them only where `scigrad_avx512_available()` is 1.
#ifndef SCIGRAD_CAVX512PRODUCTS_H
#define SCIGRAD_CAVX512PRODUCTS_H

#ifdef __cplusplus
extern "C" {
#endif

/// C ← op(A)·op(B) + β·C with op(A) [m × k], op(B) [k × n], C [m × n]; β is 0 or 1 (C is not read when 0).
void scigrad_sgemm(
    int transposeA, int transposeB, long m, long n, long k, const float *a, long lda, const float *b, long ldb,
    float beta, float *c, long ldc);
void scigrad_dgemm(
    int transposeA, int transposeB, long m, long n, long k, const double *a, long lda, const double *b, long ldb,
    double beta, double *c, long ldc);

/// y ← op(A)·x + β·y with op(A) [m × n], x [n] (elements `incx` apart, incx ≥ 1), y [m] dense; β is 0 or 1.
void scigrad_eigen_sgemv(
    int transposeA, long m, long n, const float *a, long lda, const float *x, long incx, float beta, float *y);
void scigrad_eigen_dgemv(
    int transposeA, long m, long n, const double *a, long lda, const double *x, long incx, double beta, double *y);

/// 1 when this CPU and OS run AVX-512 (F, DQ, VL, BW) code, the instruction set these kernels are built for.
/// Inline, so that it is compiled with its caller's flags rather than this target's.
static inline int scigrad_avx512_available(void) {
#if defined(__x86_64__) && defined(__clang__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw");
#else
    return 0;
#endif
}

#ifdef __cplusplus
}
#endif

#endif
