// The kernels of CEigenProducts.h: Eigen's GEMM/GEMV on mapped (not copied) operands, one thread per call.
#include "CEigenProducts.h"

#if defined(__AVX512F__)
#include <Eigen/Core>
#include <cstdlib>
#include <cstring>

namespace {
using Eigen::Index;

/// The packing buffers of the calling thread, kept between products. Eigen's own `A * B` allocates them per
/// product; a buffer above glibc's mmap threshold then costs fresh zeroed pages on every call (a 256³ Float64
/// product spent half its time in page faults).
struct PackingBuffers {
    void *data[2] = {nullptr, nullptr};
    std::size_t capacity[2] = {0, 0};

    template <typename Scalar>
    Scalar *reserve(int which, std::size_t count) {
        std::size_t bytes = (count * sizeof(Scalar) + 63) / 64 * 64;
        if (capacity[which] < bytes) {
            std::free(data[which]);
            data[which] = std::aligned_alloc(64, bytes);
            if (!data[which]) std::abort();
            capacity[which] = bytes;
        }
        return static_cast<Scalar *>(data[which]);
    }

    ~PackingBuffers() {
        std::free(data[0]);
        std::free(data[1]);
    }
};
thread_local PackingBuffers packingBuffers;

/// Eigen's cache blocking for a column-major product [rows × depth]·[depth × cols], on this thread's buffers.
template <typename Scalar>
class Blocking : public Eigen::internal::level3_blocking<Scalar, Scalar> {
  public:
    Blocking(Index rows, Index cols, Index depth) {
        this->m_mc = rows;
        this->m_nc = cols;
        this->m_kc = depth;
        Eigen::internal::computeProductBlockingSizes<Scalar, Scalar, 1>(this->m_kc, this->m_mc, this->m_nc, Index(1));
        this->m_blockA = packingBuffers.reserve<Scalar>(0, std::size_t(this->m_mc * this->m_kc));
        this->m_blockB = packingBuffers.reserve<Scalar>(1, std::size_t(this->m_kc * this->m_nc));
    }
};

/// C += A·B for row-major C; A and B in the storage orders given (ColMajor: the stored matrix is transposed).
template <typename Scalar, int LeftOrder, int RightOrder>
void accumulate(Index m, Index n, Index k, const Scalar *a, Index lda, const Scalar *b, Index ldb, Scalar *c, Index ldc) {
    // Eigen computes a row-major C as the column-major Cᵀ = Bᵀ·Aᵀ: [n × k]·[k × m].
    Blocking<Scalar> blocking(n, m, k);
    Eigen::internal::general_matrix_matrix_product<
        Index, Scalar, LeftOrder, false, Scalar, RightOrder, false, Eigen::RowMajor, 1>::run(m, n, k, a, lda, b, ldb,
                                                                                             c, 1, ldc, 1, blocking);
}

template <typename Scalar>
void gemm(int transposeA, int transposeB, long m, long n, long k, const Scalar *a, long lda, const Scalar *b, long ldb,
          Scalar beta, Scalar *c, long ldc) {
    if (m == 0 || n == 0) return;
    if (beta == 0) {
        for (long i = 0; i < m; i++) std::memset(c + i * ldc, 0, std::size_t(n) * sizeof(Scalar));
    }
    if (k == 0) return;
    if (transposeA && transposeB) {
        accumulate<Scalar, Eigen::ColMajor, Eigen::ColMajor>(m, n, k, a, lda, b, ldb, c, ldc);
    } else if (transposeA) {
        accumulate<Scalar, Eigen::ColMajor, Eigen::RowMajor>(m, n, k, a, lda, b, ldb, c, ldc);
    } else if (transposeB) {
        accumulate<Scalar, Eigen::RowMajor, Eigen::ColMajor>(m, n, k, a, lda, b, ldb, c, ldc);
    } else {
        accumulate<Scalar, Eigen::RowMajor, Eigen::RowMajor>(m, n, k, a, lda, b, ldb, c, ldc);
    }
}

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

extern "C" void scigrad_eigen_sgemm(int transposeA, int transposeB, long m, long n, long k, const float *a, long lda,
                                    const float *b, long ldb, float beta, float *c, long ldc) {
    gemm(transposeA, transposeB, m, n, k, a, lda, b, ldb, beta, c, ldc);
}

extern "C" void scigrad_eigen_dgemm(int transposeA, int transposeB, long m, long n, long k, const double *a, long lda,
                                    const double *b, long ldb, double beta, double *c, long ldc) {
    gemm(transposeA, transposeB, m, n, k, a, lda, b, ldb, beta, c, ldc);
}

extern "C" void scigrad_eigen_sgemv(int transposeA, long m, long n, const float *a, long lda, const float *x, long incx,
                                    float beta, float *y) {
    gemv(transposeA, m, n, a, lda, x, incx, beta, y);
}

extern "C" void scigrad_eigen_dgemv(int transposeA, long m, long n, const double *a, long lda, const double *x,
                                    long incx, double beta, double *y) {
    gemv(transposeA, m, n, a, lda, x, incx, beta, y);
}

#else
// Built without AVX-512 (another architecture): scigrad_eigen_products_available() is 0 and these are never called.
extern "C" void scigrad_eigen_sgemm(int, int, long, long, long, const float *, long, const float *, long, float,
                                    float *, long) {
    __builtin_trap();
}
extern "C" void scigrad_eigen_dgemm(int, int, long, long, long, const double *, long, const double *, long, double,
                                    double *, long) {
    __builtin_trap();
}
extern "C" void scigrad_eigen_sgemv(int, long, long, const float *, long, const float *, long, float, float *) {
    __builtin_trap();
}
extern "C" void scigrad_eigen_dgemv(int, long, long, const double *, long, const double *, long, double, double *) {
    __builtin_trap();
}
#endif
