/// Value-level complex arithmetic on `ComplexTensor` (NumPy broadcasting), each op a few real tensor ops, for
/// computations that need no gradient (transfer functions, basis changes). `ComplexVariable` in Autograd is the
/// differentiable counterpart.
extension ComplexTensor {
    /// z + w.
    public static func + (z: ComplexTensor, w: ComplexTensor) -> ComplexTensor {
        ComplexTensor(real: z.real + w.real, imaginary: z.imaginary + w.imaginary)
    }

    /// z − w.
    public static func - (z: ComplexTensor, w: ComplexTensor) -> ComplexTensor {
        ComplexTensor(real: z.real - w.real, imaginary: z.imaginary - w.imaginary)
    }

    /// z·w = (ac − bd) + i(ad + bc).
    public static func * (z: ComplexTensor, w: ComplexTensor) -> ComplexTensor {
        ComplexTensor(
            real: z.real * w.real - z.imaginary * w.imaginary, imaginary: z.real * w.imaginary + z.imaginary * w.real)
    }

    /// z·s for a real tensor s (broadcast).
    public static func * (z: ComplexTensor, s: Tensor) -> ComplexTensor {
        ComplexTensor(real: z.real * s, imaginary: z.imaginary * s)
    }

    /// z·s for a real scalar s.
    public static func * (z: ComplexTensor, s: Double) -> ComplexTensor {
        ComplexTensor(real: z.real * s, imaginary: z.imaginary * s)
    }

    /// z/w = z·w̄/|w|².
    public static func / (z: ComplexTensor, w: ComplexTensor) -> ComplexTensor {
        let numerator = z * w.conjugate()
        let denominator = w.real.square() + w.imaginary.square()
        return ComplexTensor(real: numerator.real / denominator, imaginary: numerator.imaginary / denominator)
    }

    /// A real tensor as a complex one (zero imaginary part).
    public init(real: Tensor) { self.init(real: real, imaginary: Tensor.zeros(like: real)) }

    /// z̄.
    public func conjugate() -> ComplexTensor { ComplexTensor(real: real, imaginary: imaginary.negated()) }

    /// eᶻ = eᵃ(cos b + i sin b).
    public func exp() -> ComplexTensor {
        let magnitude = real.exp()
        return ComplexTensor(real: magnitude * imaginary.cos(), imaginary: magnitude * imaginary.sin())
    }

    /// The magnitudes |z|.
    public func magnitudes() -> Tensor { (real.square() + imaginary.square()).sqrt() }

    /// Complex matrix product (NumPy `matmul` rules) in four real products.
    public func matmul(_ other: ComplexTensor) -> ComplexTensor {
        ComplexTensor(
            real: real.matmul(other.real) - imaginary.matmul(other.imaginary),
            imaginary: real.matmul(other.imaginary) + imaginary.matmul(other.real))
    }

    /// The conjugate transpose of the last two axes, Z*.
    public func adjoint() -> ComplexTensor {
        ComplexTensor(real: real.transposed(), imaginary: imaginary.negated().transposed())
    }

    /// The transpose of the last two axes (no conjugation).
    public func transposed() -> ComplexTensor {
        ComplexTensor(real: real.transposed(), imaginary: imaginary.transposed())
    }

    /// Both parts reshaped.
    public func reshaped(_ shape: [Int]) -> ComplexTensor {
        ComplexTensor(real: real.reshaped(shape), imaginary: imaginary.reshaped(shape))
    }

    /// Σ over `axes` of both parts.
    public func sum(axes: [Int]? = nil, keepDims: Bool = false) -> ComplexTensor {
        ComplexTensor(
            real: real.sum(axes: axes, keepDims: keepDims), imaginary: imaginary.sum(axes: axes, keepDims: keepDims))
    }

    /// Both parts cast to `dtype`.
    public func cast(to dtype: DType) -> ComplexTensor {
        ComplexTensor(real: real.cast(to: dtype), imaginary: imaginary.cast(to: dtype))
    }

    /// The real `[2m, 2n]` matrix [[Re, −Im], [Im, Re]] of a complex `[m, n]` matrix: it maps (Re x, Im x) to
    /// (Re Mx, Im Mx), and its singular values are those of the complex matrix, each twice.
    public var realEmbedding: Tensor {
        Tensor.concatenated(
            [
                Tensor.concatenated([real, imaginary.negated()], axis: 1),
                Tensor.concatenated([imaginary, real], axis: 1),
            ], axis: 0)
    }
}
