import COpenBLAS

/// The LAPACK routines behind `Linalg`, for `Float` (`s…`, `c…`) and `Double` (`d…`, `z…`), called through LAPACKE.
///
/// Every call is column-major (`Lapack.layout`), so LAPACKE hands the buffers straight to LAPACK without the
/// transposed copies it makes for `LAPACK_ROW_MAJOR`. Sizes are Swift `Int`s, converted to `lapack_int` (`Int32`,
/// trapping on overflow); leading dimensions are raised to at least 1, as LAPACK requires even for empty matrices.
///
/// Each binding returns LAPACK's `info` when it is ≥ 0 (0: success; > 0: a numerical failure that the caller turns
/// into a `LinearAlgebraError`) and stops on a negative `info`: an invalid argument is a bug here, since every shape
/// is checked before the call.
protocol LapackFloat: FloatElement {
    /// Cholesky factorization `A = Uᵀ·U` (`uplo` "U") or `L·Lᵀ` (`uplo` "L"), in place.
    static func potrf(uplo: Unicode.Scalar, n: Int, a: UnsafeMutablePointer<Self>, lda: Int) -> Int
    /// Solves `A·X = B` given the Cholesky factor of `A` from `potrf`.
    static func potrs(
        uplo: Unicode.Scalar, n: Int, nrhs: Int, a: UnsafeMutablePointer<Self>, lda: Int,
        b: UnsafeMutablePointer<Self>, ldb: Int
    ) -> Int
    /// The inverse of `A` from its Cholesky factor (from `potrf`), in place: only the factor's triangle is written.
    static func potri(uplo: Unicode.Scalar, n: Int, a: UnsafeMutablePointer<Self>, lda: Int) -> Int
    /// LU factorization with partial pivoting `A = P·L·U`, in place.
    static func getrf(
        m: Int, n: Int, a: UnsafeMutablePointer<Self>, lda: Int, ipiv: UnsafeMutablePointer<Int32>
    ) -> Int
    /// Solves `op(A)·X = B` given the LU factorization of `A` from `getrf`.
    static func getrs(
        trans: Unicode.Scalar, n: Int, nrhs: Int, a: UnsafeMutablePointer<Self>, lda: Int,
        ipiv: UnsafeMutablePointer<Int32>, b: UnsafeMutablePointer<Self>, ldb: Int
    ) -> Int
    /// The inverse of `A` from its LU factorization, in place.
    static func getri(n: Int, a: UnsafeMutablePointer<Self>, lda: Int, ipiv: UnsafeMutablePointer<Int32>) -> Int
    /// Solves `op(A)·X = B` for triangular `A`.
    static func trtrs(
        uplo: Unicode.Scalar, trans: Unicode.Scalar, diag: Unicode.Scalar, n: Int, nrhs: Int,
        a: UnsafeMutablePointer<Self>, lda: Int, b: UnsafeMutablePointer<Self>, ldb: Int
    ) -> Int
    /// Householder QR factorization: R in the upper triangle, the reflectors below it and in `tau`.
    static func geqrf(m: Int, n: Int, a: UnsafeMutablePointer<Self>, lda: Int, tau: UnsafeMutablePointer<Self>) -> Int
    /// The first `n` columns of Q from the `k` reflectors of `geqrf`, in place.
    static func orgqr(
        m: Int, n: Int, k: Int, a: UnsafeMutablePointer<Self>, lda: Int, tau: UnsafeMutablePointer<Self>
    ) -> Int
    /// Singular value decomposition by divide and conquer.
    static func gesdd(
        jobz: Unicode.Scalar, m: Int, n: Int, a: UnsafeMutablePointer<Self>, lda: Int, s: UnsafeMutablePointer<Self>,
        u: UnsafeMutablePointer<Self>?, ldu: Int, vt: UnsafeMutablePointer<Self>?, ldvt: Int
    ) -> Int
    /// Eigenvalues (ascending) and eigenvectors of a symmetric matrix by divide and conquer.
    static func syevd(
        jobz: Unicode.Scalar, uplo: Unicode.Scalar, n: Int, a: UnsafeMutablePointer<Self>, lda: Int,
        w: UnsafeMutablePointer<Self>
    ) -> Int
    /// Eigenvalues and right eigenvectors of a general real matrix.
    static func geev(
        n: Int, a: UnsafeMutablePointer<Self>, lda: Int, wr: UnsafeMutablePointer<Self>,
        wi: UnsafeMutablePointer<Self>, vr: UnsafeMutablePointer<Self>, ldvr: Int
    ) -> Int
    /// Minimum-norm least squares solution by SVD; returns `info`, and the effective rank in `rank`.
    static func gelsd(
        m: Int, n: Int, nrhs: Int, a: UnsafeMutablePointer<Self>, lda: Int, b: UnsafeMutablePointer<Self>, ldb: Int,
        s: UnsafeMutablePointer<Self>, rcond: Self, rank: UnsafeMutablePointer<Int32>
    ) -> Int
    /// Solves the complex system `A·X = B` by LU; `a` and `b` hold interleaved (real, imaginary) pairs.
    static func complexGesv(
        n: Int, nrhs: Int, a: UnsafeMutablePointer<Self>, lda: Int, ipiv: UnsafeMutablePointer<Int32>,
        b: UnsafeMutablePointer<Self>, ldb: Int
    ) -> Int
}

/// Constants and checks shared by the `LapackFloat` bindings.
enum Lapack {
    /// `LAPACK_COL_MAJOR`, the layout of every call.
    ///
    /// Its first use also turns off LAPACKE's NaN pre-scan of the inputs (process-wide, once): NumPy and PyTorch call
    /// LAPACK without it, and with it a NaN anywhere would come back as an "invalid argument" instead of propagating.
    static let layout: Int32 = {
        LAPACKE_set_nancheck(0)
        return LAPACK_COL_MAJOR
    }()

    /// LAPACK's one-letter option argument.
    static func option(_ letter: Unicode.Scalar) -> CChar { CChar(truncatingIfNeeded: letter.value) }

    /// A size as `lapack_int`.
    static func size(_ value: Int) -> Int32 { Int32(value) }

    /// A leading dimension as `lapack_int` (at least 1).
    static func leading(_ value: Int) -> Int32 { Int32(max(1, value)) }

    /// `info` when ≥ 0; a negative `info` (an argument LAPACK rejected) stops with the routine's name.
    static func checked(_ info: Int32, _ routine: String) -> Int {
        precondition(info >= 0, "LAPACK \(routine): argument \(-info) rejected (info \(info))")
        return Int(info)
    }
}

extension Float: LapackFloat {
    static func potrf(uplo: Unicode.Scalar, n: Int, a: UnsafeMutablePointer<Float>, lda: Int) -> Int {
        Lapack.checked(
            LAPACKE_spotrf(Lapack.layout, Lapack.option(uplo), Lapack.size(n), a, Lapack.leading(lda)), "spotrf")
    }

    static func potrs(
        uplo: Unicode.Scalar, n: Int, nrhs: Int, a: UnsafeMutablePointer<Float>, lda: Int,
        b: UnsafeMutablePointer<Float>, ldb: Int
    ) -> Int {
        Lapack.checked(
            LAPACKE_spotrs(
                Lapack.layout, Lapack.option(uplo), Lapack.size(n), Lapack.size(nrhs), a, Lapack.leading(lda), b,
                Lapack.leading(ldb)), "spotrs")
    }

    static func potri(uplo: Unicode.Scalar, n: Int, a: UnsafeMutablePointer<Float>, lda: Int) -> Int {
        Lapack.checked(
            LAPACKE_spotri(Lapack.layout, Lapack.option(uplo), Lapack.size(n), a, Lapack.leading(lda)), "spotri")
    }

    static func getrf(
        m: Int, n: Int, a: UnsafeMutablePointer<Float>, lda: Int, ipiv: UnsafeMutablePointer<Int32>
    ) -> Int {
        Lapack.checked(
            LAPACKE_sgetrf(Lapack.layout, Lapack.size(m), Lapack.size(n), a, Lapack.leading(lda), ipiv), "sgetrf")
    }

    static func getrs(
        trans: Unicode.Scalar, n: Int, nrhs: Int, a: UnsafeMutablePointer<Float>, lda: Int,
        ipiv: UnsafeMutablePointer<Int32>, b: UnsafeMutablePointer<Float>, ldb: Int
    ) -> Int {
        Lapack.checked(
            LAPACKE_sgetrs(
                Lapack.layout, Lapack.option(trans), Lapack.size(n), Lapack.size(nrhs), a, Lapack.leading(lda), ipiv, b,
                Lapack.leading(ldb)), "sgetrs")
    }

    static func getri(n: Int, a: UnsafeMutablePointer<Float>, lda: Int, ipiv: UnsafeMutablePointer<Int32>) -> Int {
        Lapack.checked(LAPACKE_sgetri(Lapack.layout, Lapack.size(n), a, Lapack.leading(lda), ipiv), "sgetri")
    }

    static func trtrs(
        uplo: Unicode.Scalar, trans: Unicode.Scalar, diag: Unicode.Scalar, n: Int, nrhs: Int,
        a: UnsafeMutablePointer<Float>, lda: Int, b: UnsafeMutablePointer<Float>, ldb: Int
    ) -> Int {
        Lapack.checked(
            LAPACKE_strtrs(
                Lapack.layout, Lapack.option(uplo), Lapack.option(trans), Lapack.option(diag), Lapack.size(n),
                Lapack.size(nrhs), a, Lapack.leading(lda), b, Lapack.leading(ldb)), "strtrs")
    }

    static func geqrf(m: Int, n: Int, a: UnsafeMutablePointer<Float>, lda: Int, tau: UnsafeMutablePointer<Float>) -> Int
    {
        Lapack.checked(
            LAPACKE_sgeqrf(Lapack.layout, Lapack.size(m), Lapack.size(n), a, Lapack.leading(lda), tau), "sgeqrf")
    }

    static func orgqr(
        m: Int, n: Int, k: Int, a: UnsafeMutablePointer<Float>, lda: Int, tau: UnsafeMutablePointer<Float>
    ) -> Int {
        Lapack.checked(
            LAPACKE_sorgqr(
                Lapack.layout, Lapack.size(m), Lapack.size(n), Lapack.size(k), a, Lapack.leading(lda), tau), "sorgqr")
    }

    static func gesdd(
        jobz: Unicode.Scalar, m: Int, n: Int, a: UnsafeMutablePointer<Float>, lda: Int, s: UnsafeMutablePointer<Float>,
        u: UnsafeMutablePointer<Float>?, ldu: Int, vt: UnsafeMutablePointer<Float>?, ldvt: Int
    ) -> Int {
        Lapack.checked(
            LAPACKE_sgesdd(
                Lapack.layout, Lapack.option(jobz), Lapack.size(m), Lapack.size(n), a, Lapack.leading(lda), s, u,
                Lapack.leading(ldu), vt, Lapack.leading(ldvt)), "sgesdd")
    }

    static func syevd(
        jobz: Unicode.Scalar, uplo: Unicode.Scalar, n: Int, a: UnsafeMutablePointer<Float>, lda: Int,
        w: UnsafeMutablePointer<Float>
    ) -> Int {
        Lapack.checked(
            LAPACKE_ssyevd(
                Lapack.layout, Lapack.option(jobz), Lapack.option(uplo), Lapack.size(n), a, Lapack.leading(lda), w),
            "ssyevd")
    }

    static func geev(
        n: Int, a: UnsafeMutablePointer<Float>, lda: Int, wr: UnsafeMutablePointer<Float>,
        wi: UnsafeMutablePointer<Float>, vr: UnsafeMutablePointer<Float>, ldvr: Int
    ) -> Int {
        Lapack.checked(
            LAPACKE_sgeev(
                Lapack.layout, Lapack.option("N"), Lapack.option("V"), Lapack.size(n), a, Lapack.leading(lda), wr, wi,
                nil, 1, vr, Lapack.leading(ldvr)), "sgeev")
    }

    static func gelsd(
        m: Int, n: Int, nrhs: Int, a: UnsafeMutablePointer<Float>, lda: Int, b: UnsafeMutablePointer<Float>, ldb: Int,
        s: UnsafeMutablePointer<Float>, rcond: Float, rank: UnsafeMutablePointer<Int32>
    ) -> Int {
        Lapack.checked(
            LAPACKE_sgelsd(
                Lapack.layout, Lapack.size(m), Lapack.size(n), Lapack.size(nrhs), a, Lapack.leading(lda), b,
                Lapack.leading(ldb), s, rcond, rank), "sgelsd")
    }

    static func complexGesv(
        n: Int, nrhs: Int, a: UnsafeMutablePointer<Float>, lda: Int, ipiv: UnsafeMutablePointer<Int32>,
        b: UnsafeMutablePointer<Float>, ldb: Int
    ) -> Int {
        Lapack.checked(
            LAPACKE_cgesv(
                Lapack.layout, Lapack.size(n), Lapack.size(nrhs), OpaquePointer(a), Lapack.leading(lda), ipiv,
                OpaquePointer(b), Lapack.leading(ldb)), "cgesv")
    }
}

extension Double: LapackFloat {
    static func potrf(uplo: Unicode.Scalar, n: Int, a: UnsafeMutablePointer<Double>, lda: Int) -> Int {
        Lapack.checked(
            LAPACKE_dpotrf(Lapack.layout, Lapack.option(uplo), Lapack.size(n), a, Lapack.leading(lda)), "dpotrf")
    }

    static func potrs(
        uplo: Unicode.Scalar, n: Int, nrhs: Int, a: UnsafeMutablePointer<Double>, lda: Int,
        b: UnsafeMutablePointer<Double>, ldb: Int
    ) -> Int {
        Lapack.checked(
            LAPACKE_dpotrs(
                Lapack.layout, Lapack.option(uplo), Lapack.size(n), Lapack.size(nrhs), a, Lapack.leading(lda), b,
                Lapack.leading(ldb)), "dpotrs")
    }

    static func potri(uplo: Unicode.Scalar, n: Int, a: UnsafeMutablePointer<Double>, lda: Int) -> Int {
        Lapack.checked(
            LAPACKE_dpotri(Lapack.layout, Lapack.option(uplo), Lapack.size(n), a, Lapack.leading(lda)), "dpotri")
    }

    static func getrf(
        m: Int, n: Int, a: UnsafeMutablePointer<Double>, lda: Int, ipiv: UnsafeMutablePointer<Int32>
    ) -> Int {
        Lapack.checked(
            LAPACKE_dgetrf(Lapack.layout, Lapack.size(m), Lapack.size(n), a, Lapack.leading(lda), ipiv), "dgetrf")
    }

    static func getrs(
        trans: Unicode.Scalar, n: Int, nrhs: Int, a: UnsafeMutablePointer<Double>, lda: Int,
        ipiv: UnsafeMutablePointer<Int32>, b: UnsafeMutablePointer<Double>, ldb: Int
    ) -> Int {
        Lapack.checked(
            LAPACKE_dgetrs(
                Lapack.layout, Lapack.option(trans), Lapack.size(n), Lapack.size(nrhs), a, Lapack.leading(lda), ipiv, b,
                Lapack.leading(ldb)), "dgetrs")
    }

    static func getri(n: Int, a: UnsafeMutablePointer<Double>, lda: Int, ipiv: UnsafeMutablePointer<Int32>) -> Int {
        Lapack.checked(LAPACKE_dgetri(Lapack.layout, Lapack.size(n), a, Lapack.leading(lda), ipiv), "dgetri")
    }

    static func trtrs(
        uplo: Unicode.Scalar, trans: Unicode.Scalar, diag: Unicode.Scalar, n: Int, nrhs: Int,
        a: UnsafeMutablePointer<Double>, lda: Int, b: UnsafeMutablePointer<Double>, ldb: Int
    ) -> Int {
        Lapack.checked(
            LAPACKE_dtrtrs(
                Lapack.layout, Lapack.option(uplo), Lapack.option(trans), Lapack.option(diag), Lapack.size(n),
                Lapack.size(nrhs), a, Lapack.leading(lda), b, Lapack.leading(ldb)), "dtrtrs")
    }

    static func geqrf(
        m: Int, n: Int, a: UnsafeMutablePointer<Double>, lda: Int, tau: UnsafeMutablePointer<Double>
    ) -> Int {
        Lapack.checked(
            LAPACKE_dgeqrf(Lapack.layout, Lapack.size(m), Lapack.size(n), a, Lapack.leading(lda), tau), "dgeqrf")
    }

    static func orgqr(
        m: Int, n: Int, k: Int, a: UnsafeMutablePointer<Double>, lda: Int, tau: UnsafeMutablePointer<Double>
    ) -> Int {
        Lapack.checked(
            LAPACKE_dorgqr(
                Lapack.layout, Lapack.size(m), Lapack.size(n), Lapack.size(k), a, Lapack.leading(lda), tau), "dorgqr")
    }

    static func gesdd(
        jobz: Unicode.Scalar, m: Int, n: Int, a: UnsafeMutablePointer<Double>, lda: Int,
        s: UnsafeMutablePointer<Double>, u: UnsafeMutablePointer<Double>?, ldu: Int, vt: UnsafeMutablePointer<Double>?,
        ldvt: Int
    ) -> Int {
        Lapack.checked(
            LAPACKE_dgesdd(
                Lapack.layout, Lapack.option(jobz), Lapack.size(m), Lapack.size(n), a, Lapack.leading(lda), s, u,
                Lapack.leading(ldu), vt, Lapack.leading(ldvt)), "dgesdd")
    }

    static func syevd(
        jobz: Unicode.Scalar, uplo: Unicode.Scalar, n: Int, a: UnsafeMutablePointer<Double>, lda: Int,
        w: UnsafeMutablePointer<Double>
    ) -> Int {
        Lapack.checked(
            LAPACKE_dsyevd(
                Lapack.layout, Lapack.option(jobz), Lapack.option(uplo), Lapack.size(n), a, Lapack.leading(lda), w),
            "dsyevd")
    }

    static func geev(
        n: Int, a: UnsafeMutablePointer<Double>, lda: Int, wr: UnsafeMutablePointer<Double>,
        wi: UnsafeMutablePointer<Double>, vr: UnsafeMutablePointer<Double>, ldvr: Int
    ) -> Int {
        Lapack.checked(
            LAPACKE_dgeev(
                Lapack.layout, Lapack.option("N"), Lapack.option("V"), Lapack.size(n), a, Lapack.leading(lda), wr, wi,
                nil, 1, vr, Lapack.leading(ldvr)), "dgeev")
    }

    static func gelsd(
        m: Int, n: Int, nrhs: Int, a: UnsafeMutablePointer<Double>, lda: Int, b: UnsafeMutablePointer<Double>,
        ldb: Int, s: UnsafeMutablePointer<Double>, rcond: Double, rank: UnsafeMutablePointer<Int32>
    ) -> Int {
        Lapack.checked(
            LAPACKE_dgelsd(
                Lapack.layout, Lapack.size(m), Lapack.size(n), Lapack.size(nrhs), a, Lapack.leading(lda), b,
                Lapack.leading(ldb), s, rcond, rank), "dgelsd")
    }

    static func complexGesv(
        n: Int, nrhs: Int, a: UnsafeMutablePointer<Double>, lda: Int, ipiv: UnsafeMutablePointer<Int32>,
        b: UnsafeMutablePointer<Double>, ldb: Int
    ) -> Int {
        Lapack.checked(
            LAPACKE_zgesv(
                Lapack.layout, Lapack.size(n), Lapack.size(nrhs), OpaquePointer(a), Lapack.leading(lda), ipiv,
                OpaquePointer(b), Lapack.leading(ldb)), "zgesv")
    }
}
