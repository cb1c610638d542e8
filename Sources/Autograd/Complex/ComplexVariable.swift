import Tensor

/// A complex value carried as a pair of real variables, `real + i·imaginary`, of one shape.
///
/// Every operation is a few real primitives, so derivatives of any order follow from the real rules and all
/// trainable state stays real (S4's complex C and Λ are stored as real pairs, as in the paper's code).
/// Gradients with respect to `real` and `imaginary` are the real and imaginary parts of ∂L/∂z̄ times 2 — i.e. the
/// ordinary gradients of the real loss with respect to the two real parts.
public struct ComplexVariable {
    public let real: Variable
    public let imaginary: Variable

    public init(real: Variable, imaginary: Variable) {
        precondition(
            real.shape == imaginary.shape,
            "ComplexVariable: real part \(real.shape) and imaginary part \(imaginary.shape) differ in shape")
        self.real = real
        self.imaginary = imaginary
    }

    /// A purely real value.
    public init(real: Variable) {
        self.init(real: real, imaginary: Variable(Tensor.zeros(real.shape, dtype: real.dtype)))
    }

    public var shape: [Int] { real.shape }

    /// z + w.
    public static func + (z: ComplexVariable, w: ComplexVariable) -> ComplexVariable {
        ComplexVariable.broadcasting(z.real + w.real, z.imaginary + w.imaginary)
    }

    /// z − w.
    public static func - (z: ComplexVariable, w: ComplexVariable) -> ComplexVariable {
        ComplexVariable.broadcasting(z.real - w.real, z.imaginary - w.imaginary)
    }

    /// −z.
    public static prefix func - (z: ComplexVariable) -> ComplexVariable {
        ComplexVariable(real: -z.real, imaginary: -z.imaginary)
    }

    /// z·w = (ac − bd) + i(ad + bc).
    public static func * (z: ComplexVariable, w: ComplexVariable) -> ComplexVariable {
        ComplexVariable.broadcasting(
            z.real * w.real - z.imaginary * w.imaginary, z.real * w.imaginary + z.imaginary * w.real)
    }

    /// z·s for a real variable s (broadcast).
    public static func * (z: ComplexVariable, s: Variable) -> ComplexVariable {
        ComplexVariable.broadcasting(z.real * s, z.imaginary * s)
    }

    /// z·s for a real constant s.
    public static func * (z: ComplexVariable, s: Double) -> ComplexVariable {
        ComplexVariable(real: z.real * s, imaginary: z.imaginary * s)
    }

    /// z/w = z·w̄/|w|².
    public static func / (z: ComplexVariable, w: ComplexVariable) -> ComplexVariable {
        let denominator = w.real.square() + w.imaginary.square()
        let numerator = z * w.conjugate()
        return ComplexVariable.broadcasting(numerator.real / denominator, numerator.imaginary / denominator)
    }

    /// z̄.
    public func conjugate() -> ComplexVariable { ComplexVariable(real: real, imaginary: -imaginary) }

    /// eᶻ = eᵃ(cos b + i sin b).
    public func exp() -> ComplexVariable {
        let magnitude = real.exp()
        return ComplexVariable(real: magnitude * imaginary.cos(), imaginary: magnitude * imaginary.sin())
    }

    /// |z| = √(a² + b²); at z = 0 (not differentiable) the gradient is taken as 0, as PyTorch does.
    public func abs() -> Variable { absSquared().rootWithZeroSubgradient { $0.sqrt() } }

    /// |z|² = a² + b².
    public func absSquared() -> Variable { real.square() + imaginary.square() }

    /// Σ over `axes` of both parts.
    public func sum(axes: [Int]? = nil, keepDims: Bool = false) -> ComplexVariable {
        ComplexVariable(
            real: real.sum(axes: axes, keepDims: keepDims), imaginary: imaginary.sum(axes: axes, keepDims: keepDims))
    }

    /// Complex matrix product (NumPy `matmul` rules) in four real products: (A + iB)(C + iD) = (AC − BD) + i(AD + BC).
    public func matmul(_ other: ComplexVariable) -> ComplexVariable {
        ComplexVariable(
            real: real.matmul(other.real) - imaginary.matmul(other.imaginary),
            imaginary: real.matmul(other.imaginary) + imaginary.matmul(other.real))
    }

    /// Both parts reshaped.
    public func reshaped(_ shape: [Int]) -> ComplexVariable {
        ComplexVariable(real: real.reshaped(shape), imaginary: imaginary.reshaped(shape))
    }

    /// Both parts with axes reordered.
    public func permuted(_ axes: [Int]) -> ComplexVariable {
        ComplexVariable(real: real.permuted(axes), imaginary: imaginary.permuted(axes))
    }

    /// Both parts with a size-1 axis inserted.
    public func unsqueezed(axis: Int) -> ComplexVariable {
        ComplexVariable(real: real.unsqueezed(axis: axis), imaginary: imaginary.unsqueezed(axis: axis))
    }

    /// The parts of results whose two halves broadcast to a common shape (e.g. a real part that lost its
    /// dependence on one operand), expanded to it.
    private static func broadcasting(_ re: Variable, _ im: Variable) -> ComplexVariable {
        if re.shape == im.shape { return ComplexVariable(real: re, imaginary: im) }
        guard let shape = Layout.broadcastShape(re.shape, im.shape) else {
            preconditionFailure("ComplexVariable: parts \(re.shape) and \(im.shape) do not broadcast")
        }
        return ComplexVariable(real: re.expanded(to: shape), imaginary: im.expanded(to: shape))
    }
}
