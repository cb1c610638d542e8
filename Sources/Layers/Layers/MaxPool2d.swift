import Autograd
import Tensor

/// Max pooling over `[N, C, H, W]` → `[N, C, H_out, W_out]`, per axis out = (in + 2·padding − kernel)/stride + 1:
/// y[n, c, i, j] = max_{k,l} x[n, c, i·s₁ + k − p₁, j·s₂ + l − p₂], the padding never chosen.
///
/// The gradient of each window goes to its maximum (the first one on exact ties, as in PyTorch).
public final class MaxPool2d: Module, UnaryLayer {
    public let kernelSize: IntOrPair
    public let stride: IntOrPair
    public let padding: IntOrPair

    /// Pooling windows of `kernelSize`, `stride` apart (by default the kernel size: no overlap), with `padding`
    /// (at most half the kernel) on both sides.
    public init(kernelSize: IntOrPair, stride: IntOrPair? = nil, padding: IntOrPair = 0) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        super.init()
        Pooling.checkGeometry(
            kernelSize: kernelSize.values, stride: self.stride.values, padding: padding.values, layer: "MaxPool2d")
    }

    /// `[N, C, H, W]` → `[N, C, H_out, W_out]`.
    public func callAsFunction(_ x: Variable) -> Variable {
        Pooling.maximum(
            x, kernelSize: kernelSize.values, stride: stride.values, padding: padding.values, layer: "MaxPool2d")
    }
}
