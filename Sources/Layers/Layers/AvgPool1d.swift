import Autograd
import Tensor

/// Average pooling over `[N, C, L]` → `[N, C, L_out]`, L_out = (L + 2·padding − kernelSize)/stride + 1:
/// y[n, c, t] = (1/count)·Σ_k x[n, c, t·stride + k − padding], zero outside the input.
///
/// count is the kernel size when `countIncludesPadding` (PyTorch's default), else the number of window positions
/// inside the input.
public final class AvgPool1d: Module, UnaryLayer {
    public let kernelSize: Int
    public let stride: Int
    public let padding: Int
    public let countIncludesPadding: Bool

    /// Pooling windows of `kernelSize`, `stride` apart (by default the kernel size: no overlap), with `padding`
    /// (at most half the kernel) on both ends.
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0, countIncludesPadding: Bool = true) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        self.countIncludesPadding = countIncludesPadding
        super.init()
        Pooling.checkGeometry(kernelSize: [kernelSize], stride: [self.stride], padding: [padding], layer: "AvgPool1d")
    }

    /// `[N, C, L]` → `[N, C, L_out]`.
    public func callAsFunction(_ x: Variable) -> Variable {
        Pooling.average(
            x, kernelSize: [kernelSize], stride: [stride], padding: [padding],
            countIncludesPadding: countIncludesPadding, layer: "AvgPool1d")
    }
}
