// Eigen's matrix-vector products on mapped (not copied) operands, one thread per call (CAVX512Products.h).
#include "CAVX512Products.h"

#if defined(__AVX512F__)
#include <Eigen/Core>

namespace {
template <typename Scalar>
void gemv(int transposeA, long m, long n, const Scalar *a, long lda, const Scalar *x, long incx, Scalar beta, Scalar *y) {
    using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    using MatrixView = Eigen::Map<const Matrix, Eigen::Unaligned, Eigen::OuterStride<>>;
    using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
    // op(A) [m × n]: a transposed A is stored as [n × m].
    MatrixView matrix = transposeA ? MatrixView(a, n, m, Eigen::OuterStride<>(lda))
                                   : MatrixView(a, m, n, Eigen::OuterStride<>(lda));
    Eigen::Map<const Vector, Eigen::Unaligned, Eigen::InnerStride<>> vector(x, n, Eigen::InnerStride<>(incx));
    Eigen::Map<Vector> result(y, m);
    if (transposeA) {
        if (beta == 0) {
            result.noalias() = matrix.transpose() * vector;
        } else {
            result.noalias() += matrix.transpose() * vector;
        }
    } else if (beta == 0) {
        result.noalias() = matrix * vector;
    } else {
        result.noalias() += matrix * vector;
    }
}
}  // namespace

extern "C" void scigrad_eigen_sgemv(int transposeA, long m, long n, const float *a, long lda, const float *x, long incx,
                                    float beta, float *y) {
    gemv(transposeA, m, n, a, lda, x, incx, beta, y);
}

extern "C" void scigrad_eigen_dgemv(int transposeA, long m, long n, const double *a, long lda, const double *x,
                                    long incx, double beta, double *y) {
    gemv(transposeA, m, n, a, lda, x, incx, beta, y);
}

#else
// Built without AVX-512 (another architecture): scigrad_avx512_available() is 0 and these are never called.
extern "C" void scigrad_eigen_sgemv(int, long, long, const float *, long, const float *, long, float, float *) {
    __builtin_trap();
}
extern "C" void scigrad_eigen_dgemv(int, long, long, const double *, long, const double *, long, double, double *) {
    __builtin_trap();
}
#endif
