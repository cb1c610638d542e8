import Autograd
import Tensor

/// Average pooling over `[N, C, H, W]` → `[N, C, H_out, W_out]`, per axis out = (in + 2·padding − kernel)/stride + 1:
/// y[n, c, i, j] = (1/count)·Σ_{k,l} x[n, c, i·s₁ + k − p₁, j·s₂ + l − p₂], zero outside the input.
///
/// count is kernelHeight·kernelWidth when `countIncludesPadding` (PyTorch's default), else the number of window
/// positions inside the input.
public final class AvgPool2d: Module, UnaryLayer {
    public let kernelSize: IntOrPair
    public let stride: IntOrPair
    public let padding: IntOrPair
    public let countIncludesPadding: Bool

    /// Pooling windows of `kernelSize`, `stride` apart (by default the kernel size: no overlap), with `padding`
    /// (at most half the kernel) on both sides.
    public init(
        kernelSize: IntOrPair, stride: IntOrPair? = nil, padding: IntOrPair = 0, countIncludesPadding: Bool = true
    ) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        self.countIncludesPadding = countIncludesPadding
        super.init()
        Pooling.checkGeometry(
            kernelSize: kernelSize.values, stride: self.stride.values, padding: padding.values, layer: "AvgPool2d")
    }

    /// `[N, C, H, W]` → `[N, C, H_out, W_out]`.
    public func callAsFunction(_ x: Variable) -> Variable {
        Pooling.average(
            x, kernelSize: kernelSize.values, stride: stride.values, padding: padding.values,
            countIncludesPadding: countIncludesPadding, layer: "AvgPool2d")
    }
}
