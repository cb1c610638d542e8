import Autograd
import Tensor

/// The convolution behind `Conv1d` and `Conv2d`: the input's sliding windows (`Variable.unfolded`) times the
/// weight as a matrix, one GEMM per batch element and group.
///
/// With G groups, input `[N, C_in, *S]`, weight `[C_out, C_in/G, *K]`, output `[N, C_out, *O]`:
///
///     y[n, o, *p] = b[o] + Σ_c Σ_k W[o, c, *k] · x[n, g·C_in/G + c, *(p·stride + k·dilation − padding)]
///
/// with g = o / (C_out/G) the group of output channel o and x zero outside its bounds (cross-correlation, as in
/// PyTorch). The windows come as `[N, C_in·ΠK, ΠO]`, so the product is `[C_out, C_in·ΠK] · [N, C_in·ΠK, ΠO]` (or
/// `[G, C_out/G, C_in/G·ΠK] · [N, G, C_in/G·ΠK, ΠO]`); a 1×1 kernel at stride 1 unfolds to a reshape of the input
/// and the convolution is that product alone.
enum Convolution {
    static func apply(
        _ x: Variable, weight: Variable, bias: Variable?, stride: [Int], padding: [Int], dilation: [Int], groups: Int,
        layer: String
    ) -> Variable {
        let spatialRank = stride.count
        validate(weight: weight.value, bias: bias?.value, spatialRank: spatialRank, groups: groups, layer: layer)
        let outputChannels = weight.shape[0]
        precondition(
            x.rank == spatialRank + 2 && x.shape[1] == weight.shape[1] * groups,
            "\(layer): input \(x.shape) must be [N, \(weight.shape[1] * groups), …] with \(spatialRank) spatial "
                + "axes for weight \(weight.shape) and \(groups) groups")
        precondition(
            x.dtype == weight.dtype, "\(layer): input is \(x.dtype) but the weight is \(weight.dtype)")
        let kernelSize = Array(weight.shape.dropFirst(2))
        checkWindows(
            inputShape: x.shape, kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation,
            layer: layer)
        let columns = x.unfolded(kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation)
        let batch = x.shape[0]
        let outputSize = Array(columns.shape.suffix(spatialRank))
        let windows = outputSize.reduce(1, *)
        let patch = weight.count / Swift.max(outputChannels, 1)
        let product =
            groups == 1
            ? weight.reshaped([outputChannels, patch]).matmul(columns.reshaped([batch, patch, windows]))
            : weight.reshaped([groups, outputChannels / groups, patch])
                .matmul(columns.reshaped([batch, groups, patch, windows]))
        let y = product.reshaped([batch, outputChannels] + outputSize)
        guard let bias else { return y }
        return y + bias.reshaped([outputChannels] + [Int](repeating: 1, count: spatialRank))
    }

    /// Stops with a message naming `layer` unless stride and dilation are positive, padding is non-negative and
    /// the dilated kernel fits the padded input along every spatial axis of `[N, C, *S]` (`SlidingWindows`' checks).
    static func checkWindows(
        inputShape: [Int], kernelSize: [Int], stride: [Int], padding: [Int], dilation: [Int], layer: String
    ) {
        _ = SlidingWindows(
            op: layer, inputShape: inputShape, kernelSize: kernelSize, stride: stride, padding: padding,
            dilation: dilation)
    }

    /// Checks a weight `[C_out, C_in/G, *K]` and bias `[C_out]` for `groups`.
    static func validate(weight: Tensor, bias: Tensor?, spatialRank: Int, groups: Int, layer: String) {
        precondition(
            weight.rank == spatialRank + 2,
            "\(layer): weight must be [outputChannels, inputChannels/groups, "
                + (spatialRank == 1 ? "kernelSize" : "kernelHeight, kernelWidth") + "], got \(weight.shape)")
        precondition(
            groups > 0 && weight.shape[0] % groups == 0,
            "\(layer): \(groups) groups do not divide the \(weight.shape[0]) output channels of weight \(weight.shape)")
        if let bias {
            precondition(
                bias.shape == [weight.shape[0]] && bias.dtype == weight.dtype,
                "\(layer): bias \(bias.shape) \(bias.dtype) for weight \(weight.shape) \(weight.dtype)")
        }
    }

    /// PyTorch's default initialization, U(−1/√fanIn, 1/√fanIn) for weight and bias (fanIn = C_in/G·ΠK).
    static func defaultParameters(
        weightShape: [Int], bias: Bool, dtype: DType, using generator: inout RandomGenerator
    ) -> (weight: Tensor, bias: Tensor?) {
        let bound = 1 / Double(Fans(shape: weightShape).fanIn).squareRoot()
        let initializer = Initializer.uniform(low: -bound, high: bound)
        let weight = initializer.make(shape: weightShape, dtype: dtype, using: &generator)
        return (weight, bias ? initializer.make(shape: [weightShape[0]], dtype: dtype, using: &generator) : nil)
    }
}
