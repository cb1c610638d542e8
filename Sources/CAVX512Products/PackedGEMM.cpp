// scigrad_sgemm and scigrad_dgemm (CAVX512Products.h): a GEMM on AVX-512 in the layout of BLIS and of XLA's YNNPACK
// kernels, one thread per call.
//
// C is computed in micro-tiles of up to 6 rows × 4 registers (32 doubles or 64 floats): 24 accumulators, and per
// step of the depth 4 loads of B̃ and 6 broadcasts of A for 24 FMAs. B is packed, a block of [160 × 512 doubles]
// (640 KiB, in the core's L2) at a time, into panels of [160 × 4 registers]; A is not packed: a micro-tile reads its
// 6 rows of A in place, and after the first panel of the block they stay in L1 for the others. Edge tiles (fewer
// rows, fewer columns) run kernels instantiated for their size, the last register of a row under a mask. A
// transposed B is packed through square blocks transposed in registers (element by element, the small products of
// an LSM step with a transposed B ran at 0.53–0.8 of Eigen's speed).
//
// Measured (one thread, median of runs, m × k × n, against Eigen 3.4's GEMM with buffers kept between calls): Float64
// 256³ 280 µs vs 326, 512 × 1024 × 1024 9.6 ms vs 10.1, 512 × 48 × 512 214 µs vs 255, 2048 × 64 × 64 137 µs vs 170;
// Float32 64³ 2.2 µs vs 2.9, 256³ 140 µs vs 151, 2048 × 64 × 64 68 µs vs 85; with B transposed, Float32 32 × 16 × 128
// 0.68 µs vs 0.89, 16 × 1024 × 144 33 µs vs 58. Slower: a Float32 C of 16 columns (one register per row: 256 × 256 × 16
// 17.0 µs vs 15.4, 16 × 32 × 16 0.24 vs 0.21; a variant with 12-row tiles measured the same).
#include "CAVX512Products.h"

#if defined(__AVX512F__)
#include <immintrin.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace {
/// One AVX-512 register of `Scalar` and the operations the kernel uses.
template <typename Scalar>
struct Simd;

template <>
struct Simd<double> {
    using Register = __m512d;
    using Mask = __mmask8;
    static constexpr long lanes = 8;
    static Register zero() { return _mm512_setzero_pd(); }
    static Register loadAligned(const double *p) { return _mm512_load_pd(p); }
    static Register load(const double *p) { return _mm512_loadu_pd(p); }
    static Register load(const double *p, Mask mask) { return _mm512_maskz_loadu_pd(mask, p); }
    static void store(double *p, Register v) { _mm512_storeu_pd(p, v); }
    static void store(double *p, Register v, Mask mask) { _mm512_mask_storeu_pd(p, mask, v); }
    static Register broadcast(double x) { return _mm512_set1_pd(x); }
    static Register multiplyAdd(Register a, Register b, Register c) { return _mm512_fmadd_pd(a, b, c); }
    static Register add(Register a, Register b) { return _mm512_add_pd(a, b); }

    /// Side of the square blocks `transposeBlock` moves.
    static constexpr long blockSide = 4;
    /// to[i·toStride + j] = from[j·fromStride + i] for i, j < 4.
    static void transposeBlock(const double *from, long fromStride, double *to, long toStride) {
        __m256d r0 = _mm256_loadu_pd(from), r1 = _mm256_loadu_pd(from + fromStride);
        __m256d r2 = _mm256_loadu_pd(from + 2 * fromStride), r3 = _mm256_loadu_pd(from + 3 * fromStride);
        __m256d t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
        __m256d t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
        _mm256_storeu_pd(to, _mm256_permute2f128_pd(t0, t2, 0x20));
        _mm256_storeu_pd(to + toStride, _mm256_permute2f128_pd(t1, t3, 0x20));
        _mm256_storeu_pd(to + 2 * toStride, _mm256_permute2f128_pd(t0, t2, 0x31));
        _mm256_storeu_pd(to + 3 * toStride, _mm256_permute2f128_pd(t1, t3, 0x31));
    }
};

template <>
struct Simd<float> {
    using Register = __m512;
    using Mask = __mmask16;
    static constexpr long lanes = 16;
    static Register zero() { return _mm512_setzero_ps(); }
    static Register loadAligned(const float *p) { return _mm512_load_ps(p); }
    static Register load(const float *p) { return _mm512_loadu_ps(p); }
    static Register load(const float *p, Mask mask) { return _mm512_maskz_loadu_ps(mask, p); }
    static void store(float *p, Register v) { _mm512_storeu_ps(p, v); }
    static void store(float *p, Register v, Mask mask) { _mm512_mask_storeu_ps(p, mask, v); }
    static Register broadcast(float x) { return _mm512_set1_ps(x); }
    static Register multiplyAdd(Register a, Register b, Register c) { return _mm512_fmadd_ps(a, b, c); }
    static Register add(Register a, Register b) { return _mm512_add_ps(a, b); }

    /// Side of the square blocks `transposeBlock` moves.
    static constexpr long blockSide = 8;
    /// to[i·toStride + j] = from[j·fromStride + i] for i, j < 8.
    static void transposeBlock(const float *from, long fromStride, float *to, long toStride) {
        __m256 r[8], t[8], u[8];
        for (int i = 0; i < 8; i++) r[i] = _mm256_loadu_ps(from + i * fromStride);
        for (int i = 0; i < 4; i++) {
            t[2 * i] = _mm256_unpacklo_ps(r[2 * i], r[2 * i + 1]);
            t[2 * i + 1] = _mm256_unpackhi_ps(r[2 * i], r[2 * i + 1]);
        }
        for (int i = 0; i < 2; i++) {
            u[4 * i] = _mm256_shuffle_ps(t[4 * i], t[4 * i + 2], _MM_SHUFFLE(1, 0, 1, 0));
            u[4 * i + 1] = _mm256_shuffle_ps(t[4 * i], t[4 * i + 2], _MM_SHUFFLE(3, 2, 3, 2));
            u[4 * i + 2] = _mm256_shuffle_ps(t[4 * i + 1], t[4 * i + 3], _MM_SHUFFLE(1, 0, 1, 0));
            u[4 * i + 3] = _mm256_shuffle_ps(t[4 * i + 1], t[4 * i + 3], _MM_SHUFFLE(3, 2, 3, 2));
        }
        for (int i = 0; i < 4; i++) {
            _mm256_storeu_ps(to + i * toStride, _mm256_permute2f128_ps(u[i], u[i + 4], 0x20));
            _mm256_storeu_ps(to + (i + 4) * toStride, _mm256_permute2f128_ps(u[i], u[i + 4], 0x31));
        }
    }
};

/// Rows of a micro-tile: 6 × 4 accumulators, 4 rows of B̃ and a broadcast use 29 of the 32 registers (7 rows spill).
constexpr int tileRows = 6;
/// Registers per row of a micro-tile.
constexpr int tileRegisters = 4;
template <typename Scalar>
constexpr long tileColumns = tileRegisters * Simd<Scalar>::lanes;
/// Depth and columns of a packed block of B: 160 × 512 doubles or 160 × 1024 floats, 640 KiB (measured best of
/// depths 96–256 and widths 256–768 on two threads at 512²–2048²).
constexpr long blockDepth = 160;
template <typename Scalar>
constexpr long blockColumns = 4096 / sizeof(Scalar);

/// C[Rows × (Registers − 1)·lanes + the masked lanes] (+)= op(A)[Rows × kc] · B̃[kc × tileColumns]: element (i, p) of
/// op(A) at a[i·rowStride + p·depthStride]; B̃ packed as kc rows of `tileColumns`; the last register of each row of C
/// is read and written under `mask`. `overwrite` stores without reading C.
template <typename Scalar, int Rows, int Registers>
void microKernel(long kc, const Scalar *__restrict a, long rowStride, long depthStride, const Scalar *__restrict b,
                 Scalar *__restrict c, long ldc, typename Simd<Scalar>::Mask mask, bool overwrite) {
    using V = Simd<Scalar>;
    typename V::Register sum[Rows][Registers];
    for (int i = 0; i < Rows; i++)
        for (int r = 0; r < Registers; r++) sum[i][r] = V::zero();
    for (long p = 0; p < kc; p++) {
        typename V::Register row[Registers];
        for (int r = 0; r < Registers; r++) row[r] = V::loadAligned(b + r * V::lanes);
        for (int i = 0; i < Rows; i++) {
            typename V::Register factor = V::broadcast(a[i * rowStride]);
            for (int r = 0; r < Registers; r++) sum[i][r] = V::multiplyAdd(factor, row[r], sum[i][r]);
        }
        a += depthStride;
        b += tileColumns<Scalar>;
    }
    for (int i = 0; i < Rows; i++) {
        Scalar *target = c + i * ldc;
        for (int r = 0; r < Registers - 1; r++) {
            Scalar *lanes = target + r * V::lanes;
            V::store(lanes, overwrite ? sum[i][r] : V::add(V::load(lanes), sum[i][r]));
        }
        Scalar *last = target + (Registers - 1) * V::lanes;
        V::store(last, overwrite ? sum[i][Registers - 1] : V::add(V::load(last, mask), sum[i][Registers - 1]), mask);
    }
}

template <typename Scalar>
using MicroKernel = void (*)(long, const Scalar *, long, long, const Scalar *, Scalar *, long,
                             typename Simd<Scalar>::Mask, bool);

template <typename Scalar, int Rows, int... Registers>
constexpr std::array<MicroKernel<Scalar>, tileRegisters> kernelsOfRows(std::integer_sequence<int, Registers...>) {
    return {&microKernel<Scalar, Rows, Registers + 1>...};
}

template <typename Scalar, int... Rows>
constexpr std::array<std::array<MicroKernel<Scalar>, tileRegisters>, tileRows> kernelTable(
    std::integer_sequence<int, Rows...>) {
    return {kernelsOfRows<Scalar, Rows + 1>(std::make_integer_sequence<int, tileRegisters>())...};
}

/// kernels<Scalar>[rows − 1][registers − 1]: the micro-kernel of every tile size.
template <typename Scalar>
constexpr auto kernels = kernelTable<Scalar>(std::make_integer_sequence<int, tileRows>());

/// The packed block of B of the calling thread, kept between products (allocated on its first product).
template <typename Scalar>
struct PackedBlock {
    Scalar *data;
    PackedBlock()
        : data(static_cast<Scalar *>(std::aligned_alloc(64, sizeof(Scalar) * blockDepth * blockColumns<Scalar>))) {
        if (!data) std::abort();
    }
    ~PackedBlock() { std::free(data); }
};

/// B̃ ← the [kc × nc] block of op(B) at `source` (element (p, j) at source[p·depthStride + j·columnStride]), as
/// panels of [kc × tileColumns], the last one padded with zeros.
template <typename Scalar>
void pack(long kc, long nc, const Scalar *source, long depthStride, long columnStride, Scalar *packed) {
    constexpr long width = tileColumns<Scalar>;
    for (long jr = 0; jr < nc; jr += width) {
        long columns = std::min(width, nc - jr);
        Scalar *panel = packed + jr * kc;
        const Scalar *from = source + jr * columnStride;
        if (columnStride == 1) {
            for (long p = 0; p < kc; p++)
                std::memcpy(panel + p * width, from + p * depthStride, sizeof(Scalar) * columns);
        } else {
            // A transposed B (depthStride 1): square blocks through registers, the ragged edges one by one.
            constexpr long side = Simd<Scalar>::blockSide;
            long fullColumns = depthStride == 1 ? columns / side * side : 0;
            long fullDepth = depthStride == 1 ? kc / side * side : 0;
            for (long j = 0; j < fullColumns; j += side)
                for (long p = 0; p < fullDepth; p += side)
                    Simd<Scalar>::transposeBlock(from + j * columnStride + p, columnStride, panel + p * width + j,
                                                 width);
            for (long j = 0; j < columns; j++)
                for (long p = j < fullColumns ? fullDepth : 0; p < kc; p++)
                    panel[p * width + j] = from[j * columnStride + p * depthStride];
        }
        if (columns < width)
            for (long p = 0; p < kc; p++)
                std::memset(panel + p * width + columns, 0, sizeof(Scalar) * (width - columns));
    }
}

template <typename Scalar>
void gemm(int transposeA, int transposeB, long m, long n, long k, const Scalar *a, long lda, const Scalar *b, long ldb,
          Scalar beta, Scalar *c, long ldc) {
    constexpr long lanes = Simd<Scalar>::lanes, width = tileColumns<Scalar>;
    if (m == 0 || n == 0) return;
    if (k == 0) {
        if (beta == 0)
            for (long i = 0; i < m; i++) std::memset(c + i * ldc, 0, sizeof(Scalar) * n);
        return;
    }
    static thread_local PackedBlock<Scalar> block;
    long rowStrideA = transposeA ? 1 : lda, depthStrideA = transposeA ? lda : 1;
    long depthStrideB = transposeB ? 1 : ldb, columnStrideB = transposeB ? ldb : 1;
    for (long pc = 0; pc < k; pc += blockDepth) {
        long kc = std::min(blockDepth, k - pc);
        bool overwrite = pc == 0 && beta == 0;
        for (long jc = 0; jc < n; jc += blockColumns<Scalar>) {
            long nc = std::min(blockColumns<Scalar>, n - jc);
            pack(kc, nc, b + pc * depthStrideB + jc * columnStrideB, depthStrideB, columnStrideB, block.data);
            for (long ir = 0; ir < m; ir += tileRows) {
                long rows = std::min(long(tileRows), m - ir);
                const Scalar *rowsOfA = a + ir * rowStrideA + pc * depthStrideA;
                for (long jr = 0; jr < nc; jr += width) {
                    long columns = std::min(width, nc - jr);
                    long registers = (columns + lanes - 1) / lanes;
                    auto mask = typename Simd<Scalar>::Mask((1u << (columns - (registers - 1) * lanes)) - 1);
                    kernels<Scalar>[rows - 1][registers - 1](kc, rowsOfA, rowStrideA, depthStrideA,
                                                             block.data + jr * kc, c + ir * ldc + jc + jr, ldc, mask,
                                                             overwrite);
                }
            }
        }
    }
}
}  // namespace

extern "C" void scigrad_sgemm(int transposeA, int transposeB, long m, long n, long k, const float *a, long lda,
                              const float *b, long ldb, float beta, float *c, long ldc) {
    gemm(transposeA, transposeB, m, n, k, a, lda, b, ldb, beta, c, ldc);
}

extern "C" void scigrad_dgemm(int transposeA, int transposeB, long m, long n, long k, const double *a, long lda,
                              const double *b, long ldb, double beta, double *c, long ldc) {
    gemm(transposeA, transposeB, m, n, k, a, lda, b, ldb, beta, c, ldc);
}

#else
// Built without AVX-512 (another architecture): scigrad_avx512_available() is 0 and these are never called.
extern "C" void scigrad_sgemm(int, int, long, long, long, const float *, long, const float *, long, float, float *,
                              long) {
    __builtin_trap();
}
extern "C" void scigrad_dgemm(int, int, long, long, long, const double *, long, const double *, long, double,
                              double *, long) {
    __builtin_trap();
}
#endif
