/// A private dense batch of matrices for LAPACK to overwrite in place, one after another in memory.
///
/// `tensor` owns the elements (dense row-major, fresh storage that nothing else references); LAPACK reads each
/// matrix column-major, so a matrix stored as `[r, c]` row-major is, to LAPACK, the `c × r` matrix with leading
/// dimension `c`. A batch of vectors (singular values, eigenvalues) is kept as `1 × k` matrices.
struct LapackBatch<T: LapackFloat> {
    /// The elements, shape `[batch..., r, c]` in memory order.
    let tensor: Tensor
    /// Number of matrices.
    let count: Int
    /// Elements per matrix.
    let stride: Int
    private let base: UnsafeMutablePointer<T>

    /// LAPACK runs on OpenBLAS's threads, so their count is set here for matrices of this size (the routines cost
    /// about side³ = `stride`^1.5 operations each).
    private init(_ tensor: Tensor) {
        precondition(T.dtype == tensor.dtype, "LapackBatch: tensor is \(tensor.dtype), expected \(T.dtype)")
        self.tensor = tensor
        count = tensor.shape.dropLast(2).reduce(1, *)
        stride = tensor.shape.suffix(2).reduce(1, *)
        base = tensor.basePointer(as: T.self)
        BLASThreads.prepare(work: Int(Double(stride) * Double(stride).squareRoot()))
    }

    /// A row-major copy of `x` (`[..., r, c]`): to LAPACK each matrix is `xᵀ` (`c × r`, leading dimension `c`).
    init(rowMajorCopyOf x: Tensor) { self.init(x.copied()) }

    /// A column-major copy of `x` (`[..., r, c]`): to LAPACK each matrix is `x` (`r × c`, leading dimension `r`);
    /// `tensor` has shape `[..., c, r]`.
    init(columnMajorCopyOf x: Tensor) { self.init(x.transposed().copied()) }

    /// A column-major copy of `x` (`[..., r, c]`) with leading dimension `leadingDimension` ≥ `r`: rows `r…` of each
    /// column are zero (room for results taller than `x`); `tensor` has shape `[..., c, leadingDimension]`.
    init(columnMajorCopyOf x: Tensor, leadingDimension: Int) {
        let rows = x.shape[x.rank - 2]
        let dense = x.transposed().contiguous()
        self.init(Tensor.zeros(Array(dense.shape.dropLast()) + [leadingDimension], dtype: x.dtype))
        let source = dense.basePointer(as: T.self)
        for column in 0..<dense.shape.dropLast().reduce(1, *) {
            (base + column * leadingDimension).update(from: source + column * rows, count: rows)
        }
    }

    /// A column-major copy of complex `z` (`[..., r, c]`) in LAPACK's complex layout, (real, imaginary) pairs: to
    /// LAPACK each matrix is `z` (`r × c`, leading dimension `r`); `tensor` has shape `[..., c, 2r]`.
    init(interleavedColumnMajorCopyOf z: ComplexTensor) {
        let real = z.real.transposed().contiguous()
        let imaginary = z.imaginary.transposed().contiguous()
        self.init(uninitializedShape: Array(real.shape.dropLast()) + [2 * z.shape[z.shape.count - 2]])
        let realPart = real.basePointer(as: T.self)
        let imaginaryPart = imaginary.basePointer(as: T.self)
        for element in 0..<real.count {
            base[2 * element] = realPart[element]
            base[2 * element + 1] = imaginaryPart[element]
        }
    }

    /// An uninitialized batch of `shape` (`[batch..., r, c]` in memory order), for LAPACK to fill.
    init(uninitializedShape shape: [Int]) { self.init(Tensor(uninitializedShape: shape, dtype: T.dtype)) }

    /// A zero-filled batch of `shape` (`[batch..., r, c]` in memory order).
    init(zeros shape: [Int]) { self.init(Tensor.zeros(shape, dtype: T.dtype)) }

    /// The first element of matrix `index`.
    subscript(index: Int) -> UnsafeMutablePointer<T> { base + index * stride }

    /// The matrices as LAPACK sees them (column-major), as a dense row-major tensor of shape `[..., c, r]` for
    /// `tensor` of shape `[..., r, c]`.
    var columnMajorMatrices: Tensor { tensor.transposed().contiguous() }

    /// The complex matrices as LAPACK sees them (column-major, interleaved), as dense row-major parts of shape
    /// `[..., r, c]` for `tensor` of shape `[..., c, 2r]`.
    var interleavedColumnMajorMatrices: ComplexTensor {
        let pairs = tensor.reshaped(Array(tensor.shape.dropLast()) + [tensor.shape[tensor.rank - 1] / 2, 2])
        return ComplexTensor(
            real: pairs.selected(axis: -1, index: 0).transposed().contiguous(),
            imaginary: pairs.selected(axis: -1, index: 1).transposed().contiguous())
    }
}
