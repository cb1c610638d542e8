/// A complex tensor as a pair of real tensors of one shape and dtype: `real + i·imaginary`.
///
/// The results of `Linalg.eig` (complex eigenvalues and eigenvectors of a real matrix) and the operands of the complex
/// `Linalg.solve`. Complex numbers stay real pairs everywhere in SciGrad, so every real op applies to each part.
public struct ComplexTensor: Sendable {
    /// The real part.
    public let real: Tensor
    /// The imaginary part, the shape and dtype of `real`.
    public let imaginary: Tensor

    /// `real + i·imaginary`; both parts must have one shape and one floating dtype.
    public init(real: Tensor, imaginary: Tensor) {
        precondition(
            real.shape == imaginary.shape && real.dtype == imaginary.dtype && real.dtype.isFloatingPoint,
            "ComplexTensor: real part \(real.shape) \(real.dtype) and imaginary part \(imaginary.shape) "
                + "\(imaginary.dtype) must have one shape and one floating dtype")
        self.real = real
        self.imaginary = imaginary
    }

    /// The shape of each part.
    public var shape: [Int] { real.shape }
    /// The dtype of each part.
    public var dtype: DType { real.dtype }
}
