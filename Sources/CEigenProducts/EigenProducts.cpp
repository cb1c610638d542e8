// The kernels of CEigenProducts.h: Eigen's GEMM/GEMV on mapped (not copied) operands, one thread per call.
#include "CEigenProducts.h"

#if defined(__AVX512F__)
#include <Eigen/Core>
#include <cstdlib>
#include <cstring>

namespace {
using Eigen::Index;
using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixView = Eigen::Map<const Matrix, Eigen::Unaligned, Eigen::OuterStride<>>;
using Vector = Eigen::Matrix<double, Eigen::Dynamic, 1>;

/// The packing buffers of the calling thread, kept between products. Eigen's own `A * B` allocates them per
/// product; a buffer above glibc's mmap threshold then costs fresh zeroed pages on every call (a 256³ product
/// spent half its time in page faults).
struct PackingBuffers {
    double *data[2] = {nullptr, nullptr};
    std::size_t capacity[2] = {0, 0};

    double *reserve(int which, std::size_t count) {
        if (capacity[which] < count) {
            std::free(data[which]);
            std::size_t bytes = (count * sizeof(double) + 63) / 64 * 64;
            data[which] = static_cast<double *>(std::aligned_alloc(64, bytes));
            capacity[which] = data[which] ? count : 0;
            if (!data[which]) std::abort();
        }
        return data[which];
    }

    ~PackingBuffers() {
        std::free(data[0]);
        std::free(data[1]);
    }
};
thread_local PackingBuffers packingBuffers;

/// Eigen's cache blocking for a column-major product [rows × depth]·[depth × cols], on this thread's buffers.
class Blocking : public Eigen::internal::level3_blocking<double, double> {
  public:
    Blocking(Index rows, Index cols, Index depth) {
        m_mc = rows;
        m_nc = cols;
        m_kc = depth;
        Eigen::internal::computeProductBlockingSizes<double, double, 1>(m_kc, m_mc, m_nc, Index(1));
        m_blockA = packingBuffers.reserve(0, std::size_t(m_mc * m_kc));
        m_blockB = packingBuffers.reserve(1, std::size_t(m_kc * m_nc));
    }
};

/// C += A·B for row-major C; A and B in the storage orders given (ColMajor: the stored matrix is transposed).
template <int LeftOrder, int RightOrder>
void accumulate(Index m, Index n, Index k, const double *a, Index lda, const double *b, Index ldb, double *c, Index ldc) {
    // Eigen computes a row-major C as the column-major Cᵀ = Bᵀ·Aᵀ: [n × k]·[k × m].
    Blocking blocking(n, m, k);
    Eigen::internal::general_matrix_matrix_product<
        Index, double, LeftOrder, false, double, RightOrder, false, Eigen::RowMajor, 1>::run(m, n, k, a, lda, b, ldb,
                                                                                             c, 1, ldc, 1.0, blocking);
}
}  // namespace

extern "C" void scigrad_eigen_dgemm(
    int transposeA, int transposeB, long m, long n, long k, const double *a, long lda, const double *b, long ldb,
    double beta, double *c, long ldc) {
    if (m == 0 || n == 0) return;
    if (beta == 0) {
        for (long i = 0; i < m; i++) std::memset(c + i * ldc, 0, std::size_t(n) * sizeof(double));
    }
    if (k == 0) return;
    if (transposeA && transposeB) {
        accumulate<Eigen::ColMajor, Eigen::ColMajor>(m, n, k, a, lda, b, ldb, c, ldc);
    } else if (transposeA) {
        accumulate<Eigen::ColMajor, Eigen::RowMajor>(m, n, k, a, lda, b, ldb, c, ldc);
    } else if (transposeB) {
        accumulate<Eigen::RowMajor, Eigen::ColMajor>(m, n, k, a, lda, b, ldb, c, ldc);
    } else {
        accumulate<Eigen::RowMajor, Eigen::RowMajor>(m, n, k, a, lda, b, ldb, c, ldc);
    }
}

extern "C" void scigrad_eigen_dgemv(
    int transposeA, long m, long n, const double *a, long lda, const double *x, long incx, double beta, double *y) {
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

#else
// Built without AVX-512 (another architecture): scigrad_eigen_products_available() is 0 and these are never called.
extern "C" void scigrad_eigen_dgemm(int, int, long, long, long, const double *, long, const double *, long, double,
                                    double *, long) {
    __builtin_trap();
}
extern "C" void scigrad_eigen_dgemv(int, long, long, const double *, long, const double *, long, double, double *) {
    __builtin_trap();
}
#endif
