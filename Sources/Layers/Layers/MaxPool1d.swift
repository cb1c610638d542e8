import Autograd
import Tensor

/// Max pooling over `[N, C, L]` → `[N, C, L_out]`, L_out = (L + 2·padding − kernelSize)/stride + 1:
/// y[n, c, t] = max_k x[n, c, t·stride + k − padding], the padding never chosen.
///
/// The gradient of each window goes to its maximum (the first one on exact ties, as in PyTorch).
public final class MaxPool1d: Module, UnaryLayer {
    public let kernelSize: Int
    public let stride: Int
    public let padding: Int

    /// Pooling windows of `kernelSize`, `stride` apart (by default the kernel size: no overlap), with `padding`
    /// (at most half the kernel) on both ends.
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        super.init()
        Pooling.checkGeometry(kernelSize: [kernelSize], stride: [self.stride], padding: [padding], layer: "MaxPool1d")
    }

    /// `[N, C, L]` → `[N, C, L_out]`.
    public func callAsFunction(_ x: Variable) -> Variable {
        Pooling.maximum(x, kernelSize: [kernelSize], stride: [stride], padding: [padding], layer: "MaxPool1d")
    }
}
