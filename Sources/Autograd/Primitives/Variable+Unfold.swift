import Tensor

/// Sliding windows (im2col) and their adjoint (col2im), the primitives under convolution and pooling; the kernels
/// and the geometry are `Tensor.unfolded`/`folded` and `SlidingWindows`. Each pulls back through the other, so
/// convolutions are differentiable to any order.
extension Variable {
    /// The sliding windows of this `[N, C, *S]` value: `[N, C, *K, *O]` (see `Tensor.unfolded`).
    ///
    /// `padValue` fills window entries outside the input (0 for convolutions, −∞ for max pooling); the padding
    /// is a constant, so ∂ = `folded(g)` whatever it is.
    ///
    /// ```swift
    /// let x = Variable(Tensor.ones([8, 3, 32]))
    /// let columns = x.unfolded(kernelSize: [5], stride: [2], padding: [2], dilation: [1])   // [8, 3, 5, 16]
    /// ```
    public func unfolded(kernelSize: [Int], stride: [Int], padding: [Int], dilation: [Int], padValue: Double = 0)
        -> Variable
    {
        let windows = SlidingWindows(
            op: "unfolded", inputShape: shape, kernelSize: kernelSize, stride: stride, padding: padding,
            dilation: dilation)
        if windows.isIdentity { return reshaped(windows.unfoldedShape) }
        let inputSize = Array(shape.dropFirst(2))
        return Variable.record("unfolded", value.unfolded(windows, padValue: padValue), self) { b in
            [
                b.gradient.folded(
                    outputSize: inputSize, kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation)
            ]
        }
    }

    /// The adjoint of `unfolded`: `[N, C, *K, *O]` window columns summed back onto a `[N, C, *outputSize]`
    /// signal (`torch.nn.functional.fold` in this layout); ∂ = `unfolded(g)`.
    public func folded(outputSize: [Int], kernelSize: [Int], stride: [Int], padding: [Int], dilation: [Int])
        -> Variable
    {
        let columns = value.folded(
            outputSize: outputSize, kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation)
        return Variable.record("folded", columns, self) { b in
            [b.gradient.unfolded(kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation)]
        }
    }
}
