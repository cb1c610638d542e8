import Autograd
import Tensor

/// The pooling behind `MaxPool1d/2d` and `AvgPool1d/2d`.
///
/// For input `[N, C, *S]`, kernel K, stride s and padding p (on both sides), the output is `[N, C, *O]` with
/// O = (S + 2p − K)/s + 1 per spatial axis, and window (n, c, *o) covers input positions o·s − p … o·s − p + K − 1.
/// For each kernel offset k the entries k of all windows form one strided view of the padded input,
/// `x_k[n, c, *o] = x[n, c, *(o·s + k − p)]`. Averages add the ΠK views (views copy nothing and pull back by
/// writing their gradient into zeros); maxima pick one entry per window of `Variable.unfolded` by its index.
/// Both are differentiable to every order.
enum Pooling {
    /// max over each window, the padding never chosen (it is −∞). The maximum is picked by its index (the first
    /// one in window order on ties, as PyTorch), so ∂ is the gradient gathered back to that input element.
    static func maximum(_ x: Variable, kernelSize: [Int], stride: [Int], padding: [Int], layer: String) -> Variable {
        checkInput(x, kernelSize: kernelSize, stride: stride, padding: padding, layer: layer)
        let columns = x.unfolded(
            kernelSize: kernelSize, stride: stride, padding: padding, dilation: kernelSize.map { _ in 1 },
            padValue: -.infinity)
        let outputSize = Array(columns.shape.suffix(kernelSize.count))
        let flat = columns.reshaped([x.shape[0], x.shape[1], kernelSize.reduce(1, *), outputSize.reduce(1, *)])
        // The first maximum of each window (or its first NaN), scanned in place along K.
        return flat.gathered(axis: 2, indices: flat.value.argmax(axis: 2, keepDims: true))
            .reshaped(Array(x.shape.prefix(2)) + outputSize)
    }

    /// Σ_k x_k / count: count is ΠK when `countIncludesPadding` (PyTorch's default), else the number of window
    /// positions inside the input.
    static func average(
        _ x: Variable, kernelSize: [Int], stride: [Int], padding: [Int], countIncludesPadding: Bool, layer: String
    ) -> Variable {
        let views = windowViews(x, kernelSize: kernelSize, stride: stride, padding: padding, layer: layer)
        let total = views.dropFirst().reduce(views[0], +)
        if countIncludesPadding || padding.allSatisfy({ $0 == 0 }) { return total * (1 / Double(views.count)) }
        let ones = Variable(Tensor.ones([1, 1] + x.shape.dropFirst(2), dtype: x.dtype))
        let inside = windowViews(ones, kernelSize: kernelSize, stride: stride, padding: padding, layer: layer)
        return total / inside.dropFirst().reduce(inside[0], +)
    }

    /// Stops with a message naming `layer` unless kernel and stride are positive and the padding at most half
    /// the kernel (so that every window holds an input element).
    static func checkGeometry(kernelSize: [Int], stride: [Int], padding: [Int], layer: String) {
        precondition(
            kernelSize.allSatisfy { $0 > 0 } && stride.allSatisfy { $0 > 0 },
            "\(layer): kernel size \(kernelSize) and stride \(stride) must be positive")
        precondition(
            zip(padding, kernelSize).allSatisfy { $0 >= 0 && 2 * $0 <= $1 },
            "\(layer): padding \(padding) must be between 0 and half the kernel size \(kernelSize)")
    }

    /// Stops with a message naming `layer` unless `x` is `[N, C, *S]` with the spatial rank of the kernel and the
    /// kernel fits the padded input.
    private static func checkInput(_ x: Variable, kernelSize: [Int], stride: [Int], padding: [Int], layer: String) {
        precondition(
            x.rank == kernelSize.count + 2,
            "\(layer): input \(x.shape) must be [N, C, " + (kernelSize.count == 1 ? "L]" : "H, W]"))
        Convolution.checkWindows(
            inputShape: x.shape, kernelSize: kernelSize, stride: stride, padding: padding,
            dilation: kernelSize.map { _ in 1 }, layer: layer)
    }

    /// The views x_k of the zero-padded input, one per kernel offset k in row-major order.
    private static func windowViews(
        _ x: Variable, kernelSize: [Int], stride: [Int], padding: [Int], layer: String
    ) -> [Variable] {
        checkInput(x, kernelSize: kernelSize, stride: stride, padding: padding, layer: layer)
        let spatialRank = kernelSize.count
        let padded = padding.allSatisfy { $0 == 0 } ? x : x.padded(padding.map { ($0, $0) })
        let outputSize = (0..<spatialRank).map { (axis: Int) -> Int in
            (padded.shape[2 + axis] - kernelSize[axis]) / stride[axis] + 1
        }
        var offsets: [[Int]] = [[]]
        for size in kernelSize { offsets = offsets.flatMap { prefix in (0..<size).map { prefix + [$0] } } }
        return offsets.map { offset in
            var view = padded
            for axis in 0..<spatialRank {
                let end: Int = offset[axis] + (outputSize[axis] - 1) * stride[axis] + 1
                view = view.sliced(axis: 2 + axis, start: offset[axis], end: end, step: stride[axis])
            }
            return view
        }
    }
}
