/// Sliding windows (im2col) and their adjoint (col2im), the value-level kernels under convolution and pooling.
///
/// For a batch of 1-D signals `[N, C, L]` or images `[N, C, H, W]` (spatial rank r = 1 or 2), `unfolded` copies
/// every window of the kernel into its own column:
///
///     unfolded[n, c, k₁, …, k_r, o₁, …, o_r] = x[n, c, o₁·s₁ + k₁·d₁ − p₁, …]   (padValue outside x)
///
/// with `O_i = (S_i + 2p_i − d_i(K_i − 1) − 1)/s_i + 1` windows along spatial axis i (s stride, p padding on both
/// sides, d dilation). Reshaped to `[N, C·ΠK, ΠO]` it is the right operand of a convolution's GEMM.
/// `folded` is the adjoint: it adds each column entry back onto the input position it came from (overlapping
/// windows sum).
extension Tensor {
    /// The sliding windows of this `[N, C, *S]` tensor: `[N, C, *K, *O]` (see above). `padValue` fills window
    /// entries outside the input (0 for convolutions, −∞ for max pooling). A 1×1 kernel with stride 1 and no
    /// padding is a reshape (no copy for a contiguous input).
    ///
    /// ```swift
    /// let columns = Tensor.ones([8, 3, 32]).unfolded(kernelSize: [5], stride: [2], padding: [2], dilation: [1])
    /// // [8, 3, 5, 16]
    /// ```
    public func unfolded(kernelSize: [Int], stride: [Int], padding: [Int], dilation: [Int], padValue: Double = 0)
        -> Tensor
    {
        unfolded(
            SlidingWindows(
                op: "unfolded", inputShape: shape, kernelSize: kernelSize, stride: stride, padding: padding,
                dilation: dilation),
            padValue: padValue)
    }

    /// The adjoint of `unfolded`: `[N, C, *K, *O]` window columns summed back onto a `[N, C, *outputSize]`
    /// signal (`torch.nn.functional.fold` in this layout).
    public func folded(outputSize: [Int], kernelSize: [Int], stride: [Int], padding: [Int], dilation: [Int])
        -> Tensor
    {
        folded(
            SlidingWindows(
                op: "folded", columnsShape: shape, outputSize: outputSize, kernelSize: kernelSize, stride: stride,
                padding: padding, dilation: dilation))
    }

    /// The windows of `windows` (whose `inputShape` is this tensor's shape): `[N, C, *K, *O]`.
    public func unfolded(_ windows: SlidingWindows, padValue: Double = 0) -> Tensor {
        precondition(
            shape == windows.inputShape,
            "unfolded: input of shape \(shape) for windows over \(windows.inputShape)")
        if windows.isIdentity { return reshaped(windows.unfoldedShape) }
        switch dtype {
        case .float32: return windows.unfold(self, fill: Float(padValue))
        case .float64: return windows.unfold(self, fill: padValue)
        default: preconditionFailure("unfolded: needs a floating input, got \(dtype) of shape \(shape)")
        }
    }

    /// The columns `[N, C, *K, *O]` of `windows` summed back onto `windows.inputShape`.
    public func folded(_ windows: SlidingWindows) -> Tensor {
        precondition(
            shape == windows.unfoldedShape,
            "folded: columns of shape \(shape) for windows whose columns are \(windows.unfoldedShape)")
        if windows.isIdentity { return reshaped(windows.inputShape) }
        switch dtype {
        case .float32: return windows.fold(self, Float.self)
        case .float64: return windows.fold(self, Double.self)
        default: preconditionFailure("folded: needs floating columns, got \(dtype) of shape \(shape)")
        }
    }
}

/// The geometry of sliding windows over the spatial axes of `[N, C, *S]`, and the two copy kernels.
///
/// Kernels work on a 2-D view of the geometry (a 1-D signal is an image of height 1), one (n, c) plane at a
/// time, planes split across cores.
public struct SlidingWindows: Sendable, Equatable {
    /// `[N, C, *S]`.
    public let inputShape: [Int]
    public let kernelSize: [Int], stride: [Int], padding: [Int], dilation: [Int]
    /// `O`: the number of windows along each spatial axis.
    public let outputSize: [Int]

    /// The windows of a kernel over an input of `inputShape`; stops with a message naming `op` unless the geometry
    /// is valid (r = 1 or 2 spatial axes, positive sizes, a kernel that fits the padded input).
    public init(op: String, inputShape: [Int], kernelSize: [Int], stride: [Int], padding: [Int], dilation: [Int]) {
        let r = kernelSize.count
        precondition(
            (r == 1 || r == 2) && inputShape.count == r + 2,
            "\(op): input of shape \(inputShape) must be [N, C, L] or [N, C, H, W] with a kernel of as many spatial "
                + "axes, got kernel size \(kernelSize)")
        precondition(
            stride.count == r && padding.count == r && dilation.count == r,
            "\(op): kernel size \(kernelSize), stride \(stride), padding \(padding) and dilation \(dilation) need "
                + "one entry per spatial axis")
        precondition(
            kernelSize.allSatisfy { $0 > 0 } && stride.allSatisfy { $0 > 0 } && dilation.allSatisfy { $0 > 0 }
                && padding.allSatisfy { $0 >= 0 },
            "\(op): kernel size \(kernelSize), stride \(stride) and dilation \(dilation) must be positive and "
                + "padding \(padding) non-negative")
        var outputSize: [Int] = []
        for i in 0..<r {
            let span = dilation[i] * (kernelSize[i] - 1) + 1
            let padded = inputShape[2 + i] + 2 * padding[i]
            precondition(
                padded >= span,
                "\(op): kernel \(kernelSize) with dilation \(dilation) spans \(span) along spatial axis \(i), more "
                    + "than the padded input (\(inputShape) with padding \(padding))")
            outputSize.append((padded - span) / stride[i] + 1)
        }
        self.inputShape = inputShape
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.outputSize = outputSize
    }

    /// The windows whose columns `[N, C, *K, *O]` have `columnsShape`, over a `[N, C, *outputSize]` signal (the
    /// geometry of a fold); stops with a message naming `op` unless the shapes match.
    public init(
        op: String, columnsShape: [Int], outputSize: [Int], kernelSize: [Int], stride: [Int], padding: [Int],
        dilation: [Int]
    ) {
        precondition(
            columnsShape.count >= 2,
            "\(op): columns of shape \(columnsShape) must be [N, C, *kernelSize, *windows] for output size "
                + "\(outputSize)")
        self.init(
            op: op, inputShape: Array(columnsShape.prefix(2)) + outputSize, kernelSize: kernelSize, stride: stride,
            padding: padding, dilation: dilation)
        precondition(
            columnsShape == unfoldedShape,
            "\(op): columns of shape \(columnsShape) do not match output size \(outputSize) with kernel "
                + "\(kernelSize), stride \(stride), padding \(padding), dilation \(dilation) (expected "
                + "\(unfoldedShape))")
    }

    /// `[N, C, *K, *O]`.
    public var unfoldedShape: [Int] { Array(inputShape.prefix(2)) + kernelSize + outputSize }

    /// A 1×1 kernel at stride 1 without padding: every window is one input element, in order.
    public var isIdentity: Bool {
        kernelSize.allSatisfy { $0 == 1 } && stride.allSatisfy { $0 == 1 } && padding.allSatisfy { $0 == 0 }
    }

    /// The geometry as an image: `[height, width]` entries of a 1-D geometry get a leading axis of size 1.
    private func planar(_ values: [Int], filler: Int) -> (Int, Int) {
        values.count == 1 ? (filler, values[0]) : (values[0], values[1])
    }

    fileprivate func unfold<T: FloatElement>(_ x: Tensor, fill: T) -> Tensor {
        let plan = Plan(self)
        let (planeStride, channelStride) = (x.strides[0], x.strides[1])
        let (rowStride, columnStride) = kernelSize.count == 1 ? (0, x.strides[2]) : (x.strides[2], x.strides[3])
        let channels = inputShape[1]
        // Every element is written below: a window entry is either copied or filled.
        var result = Tensor(uninitializedShape: unfoldedShape, dtype: x.dtype)
        x.withUnsafePointer(as: T.self) { source in
            result.withMutableElements(as: T.self) { destination in
                let context = UnsafeSendable((source, destination.baseAddress!))
                plan.forEachPlaneChunk(context: context) { planes, context in
                    let (source, destination) = context.value
                    for plane in planes {
                        let input = source + (plane / channels) * planeStride + (plane % channels) * channelStride
                        var output = destination + plane * plan.columnsPerPlane
                        plan.forEachLine { row, columnOffset, valid in
                            if let row {
                                // Wrapping index arithmetic (the indices are in bounds): with overflow checks this
                                // copy stayed a scalar loop (see docs/ARCHITECTURE.md, Tensor).
                                let line = row &* rowStride &+ columnOffset &* columnStride
                                let step = plan.strideWidth &* columnStride
                                for o in 0..<valid.lowerBound { output[o] = fill }
                                if step == 1 {
                                    for o in valid { output[o] = input[line &+ o] }
                                } else {
                                    for o in valid { output[o] = input[line &+ o &* step] }
                                }
                                for o in valid.upperBound..<plan.outputWidth { output[o] = fill }
                            } else {
                                for o in 0..<plan.outputWidth { output[o] = fill }
                            }
                            output += plan.outputWidth
                        }
                    }
                }
            }
        }
        return result
    }

    fileprivate func fold<T: FloatElement>(_ columns: Tensor, _: T.Type) -> Tensor {
        let plan = Plan(self)
        let dense = columns.contiguous()
        var result = Tensor.zeros(inputShape, dtype: columns.dtype)
        dense.withUnsafePointer(as: T.self) { source in
            result.withMutableElements(as: T.self) { destination in
                let context = UnsafeSendable((source, destination.baseAddress!))
                plan.forEachPlaneChunk(context: context) { planes, context in
                    let (source, destination) = context.value
                    for plane in planes {
                        var input = source + plane * plan.columnsPerPlane
                        let output = destination + plane * plan.inputHeight * plan.inputWidth
                        plan.forEachLine { row, columnOffset, valid in
                            if let row {
                                let line = row &* plan.inputWidth &+ columnOffset
                                if plan.strideWidth == 1 {
                                    for o in valid { output[line &+ o] += input[o] }
                                } else {
                                    for o in valid { output[line &+ o &* plan.strideWidth] += input[o] }
                                }
                            }
                            input += plan.outputWidth
                        }
                    }
                }
            }
        }
        return result
    }

    /// The 2-D loop bounds of one plane.
    private struct Plan {
        let planes: Int
        let inputHeight: Int, inputWidth: Int
        let kernelHeight: Int, kernelWidth: Int
        let strideHeight: Int, strideWidth: Int
        let paddingHeight: Int, paddingWidth: Int
        let dilationHeight: Int, dilationWidth: Int
        let outputHeight: Int, outputWidth: Int

        init(_ windows: SlidingWindows) {
            planes = windows.inputShape[0] * windows.inputShape[1]
            (inputHeight, inputWidth) = windows.planar(Array(windows.inputShape.dropFirst(2)), filler: 1)
            (kernelHeight, kernelWidth) = windows.planar(windows.kernelSize, filler: 1)
            (strideHeight, strideWidth) = windows.planar(windows.stride, filler: 1)
            (paddingHeight, paddingWidth) = windows.planar(windows.padding, filler: 0)
            (dilationHeight, dilationWidth) = windows.planar(windows.dilation, filler: 1)
            (outputHeight, outputWidth) = windows.planar(windows.outputSize, filler: 1)
        }

        var columnsPerPlane: Int { kernelHeight * kernelWidth * outputHeight * outputWidth }

        /// Calls `body` for each line of window columns of one plane, in the order of `[K_h, K_w, O_h]`, with
        /// the input row it reads (nil when it lies in the padding), the input column of the line's first window
        /// (column of window o: columnOffset + o·strideWidth) and the windows whose column lies inside the input.
        @inline(__always)
        func forEachLine(_ body: (_ row: Int?, _ columnOffset: Int, _ valid: Range<Int>) -> Void) {
            for kh in 0..<kernelHeight {
                for kw in 0..<kernelWidth {
                    let columnOffset = kw * dilationWidth - paddingWidth
                    // o is valid when 0 ≤ columnOffset + o·strideWidth < inputWidth.
                    let lower = columnOffset >= 0 ? 0 : (-columnOffset + strideWidth - 1) / strideWidth
                    let upperLimit = inputWidth - columnOffset
                    let upper = upperLimit <= 0 ? 0 : Swift.min(outputWidth, (upperLimit - 1) / strideWidth + 1)
                    let valid = Swift.min(lower, upper)..<upper
                    for oh in 0..<outputHeight {
                        let row = kh * dilationHeight + oh * strideHeight - paddingHeight
                        body(row >= 0 && row < inputHeight ? row : nil, columnOffset, valid)
                    }
                }
            }
        }

        /// Splits the planes across cores (planes are disjoint in both kernels). A window copy is a strided
        /// gather or scatter-add, costlier per element than a contiguous stream: the split pays from ~2^15 copied
        /// elements, hence a cost of 32 per copied element against `Parallel.threshold`.
        @inline(__always)
        func forEachPlaneChunk<Context>(context: Context, _ body: (Range<Int>, Context) -> Void) {
            Parallel.forEachChunk(count: planes, cost: 32 * columnsPerPlane, context: context, body)
        }
    }
}
