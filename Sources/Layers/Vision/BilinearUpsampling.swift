import Autograd
import Tensor

/// Bilinear upsampling of `[N, C, H, W]` to `[N, C, H_out, W_out]` (PyTorch's `Upsample(mode: 'bilinear')`):
///
///     y[n, c] = R · x[n, c] · Cᵀ
///
/// with R `[H_out, H]` and C `[W_out, W]` the 1-D linear-interpolation matrices: output index i reads the source
/// coordinate t = i·(in − 1)/(out − 1) when `alignCorners` (the corner pixels' centres coincide), else
/// t = max(0, (i + ½)·in/out − ½), and row i holds 1 − (t − ⌊t⌋) at ⌊t⌋ and t − ⌊t⌋ at min(⌊t⌋ + 1, in − 1).
///
/// Written as two matrix products (one GEMM per axis over all N·C images), so the backward pass — the adjoint
/// Rᵀ · g · C, which spreads each gradient over the four source pixels — and higher orders follow from matmul's rule.
public final class BilinearUpsampling: Module, UnaryLayer {
    public let scaleFactor: IntOrPair
    public let alignCorners: Bool

    /// Output size = input size × `scaleFactor` per axis.
    public init(scaleFactor: IntOrPair, alignCorners: Bool = false) {
        precondition(
            scaleFactor.first > 0 && scaleFactor.second > 0,
            "BilinearUpsampling: scale factor \(scaleFactor) must be positive")
        self.scaleFactor = scaleFactor
        self.alignCorners = alignCorners
        super.init()
    }

    /// `[N, C, H, W]` → `[N, C, H·s₁, W·s₂]`.
    public func callAsFunction(_ x: Variable) -> Variable {
        precondition(x.rank == 4, "BilinearUpsampling: input \(x.shape) must be [N, C, H, W]")
        return BilinearUpsampling.resized(
            x, height: x.shape[2] * scaleFactor.first, width: x.shape[3] * scaleFactor.second,
            alignCorners: alignCorners)
    }

    /// `[N, C, H, W]` → `[N, C, height, width]` by bilinear interpolation.
    public static func resized(_ x: Variable, height: Int, width: Int, alignCorners: Bool) -> Variable {
        precondition(
            x.rank == 4 && x.dtype.isFloatingPoint && height > 0 && width > 0,
            "BilinearUpsampling: input \(x.dtype) \(x.shape) must be floating [N, C, H, W] and the output size "
                + "(\(height), \(width)) positive")
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let rows = Variable(interpolation(from: h, to: height, alignCorners: alignCorners, dtype: x.dtype))
        let columns = Variable(interpolation(from: w, to: width, alignCorners: alignCorners, dtype: x.dtype))
        let alongWidth = x.matmul(columns.transposed())  // [N, C, H, width]
        // Rows of the transposed images in one GEMM: [N·C·width, H] · Rᵀ.
        let transposed = alongWidth.transposed(-1, -2).reshaped([n * c * width, h])
        return transposed.matmul(rows.transposed()).reshaped([n, c, width, height]).transposed(-1, -2)
    }

    /// The `[output, input]` matrix of 1-D linear interpolation (see the type's description).
    static func interpolation(from input: Int, to output: Int, alignCorners: Bool, dtype: DType) -> Tensor {
        var matrix = [Double](repeating: 0, count: output * input)
        for i in 0..<output {
            let t: Double
            if alignCorners {
                t = output > 1 ? Double(i) * Double(input - 1) / Double(output - 1) : 0
            } else {
                t = Swift.max(0, (Double(i) + 0.5) * Double(input) / Double(output) - 0.5)
            }
            let low = Swift.min(Int(t), input - 1)
            let high = Swift.min(low + 1, input - 1)
            let fraction = t - Double(low)
            matrix[i * input + low] += 1 - fraction
            matrix[i * input + high] += fraction
        }
        return Tensor(matrix, shape: [output, input], dtype: dtype)
    }
}
