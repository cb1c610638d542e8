import Autograd
import Tensor

/// The loss of an `MLP` on fixed data as a layered zeroth-order objective, evaluated for many parameter vectors at
/// once.
///
/// θ is the MLP's `ParameterVector` (per layer: W_s `[out, in]` row-major, then b_s `[out]`); `inputs` `[n, d₀]` are
/// the data and `loss` maps the outputs of K copies `[K, n, d_S]` to their K losses `[K]`. The MLP supplies the
/// architecture (sizes, biases, activation), not the values. K parameter copies run as one batched model (DeepZero's
/// forward parallelization): a layer whose copies share their input (the data, or a reused feature) multiplies it by
/// the copies' stacked weights `[K·out, in]` in one GEMM; copies with inputs of their own use a batched product; a
/// layer whose weights all copies share runs one GEMM over the K·n rows.
///
/// ```swift
/// var generator = RandomGenerator(seed: 0)
/// let mlp = MLP([3, 8, 2], activation: .relu, dtype: .float64, using: &generator)
/// let x = Tensor.normal([16, 3], dtype: .float64, using: &generator)
/// let objective = MLPObjective(mlp, inputs: x) { outputs in outputs.square().mean(axes: [1, 2]) }  // [K]
/// let theta = ParameterVector(mlp).flattened()
/// let gradient = CoordinateGradientEstimator(smoothing: 1e-4)
///     .estimate(objective, at: theta, reusingFeatures: true)
/// ```
public struct MLPObjective: LayeredObjective {
    /// The data `[n, d₀]`.
    public let inputs: Tensor
    public let activation: ActivationFunction
    public let layerRanges: [Range<Int>]
    private let shapes: [(outputs: Int, inputs: Int, hasBias: Bool)]
    private let loss: (Tensor) -> Tensor

    public init(_ mlp: MLP, inputs: Tensor, loss: @escaping (Tensor) -> Tensor) {
        let first = mlp.layers[0]
        precondition(
            inputs.rank == 2 && inputs.shape[1] == first.inputDimensions && inputs.dtype == first.weight.dtype,
            "MLPObjective: inputs \(inputs.dtype) \(inputs.shape) for an MLP taking \(first.weight.dtype) "
                + "[n, \(first.inputDimensions)]")
        shapes = mlp.layers.map { ($0.outputDimensions, $0.inputDimensions, $0.bias != nil) }
        var start = 0
        layerRanges = shapes.map { shape in
            let size = shape.outputs * shape.inputs + (shape.hasBias ? shape.outputs : 0)
            defer { start += size }
            return start..<start + size
        }
        self.inputs = inputs
        self.activation = mlp.activation
        self.loss = loss
    }

    public var parameterCount: Int { layerRanges.last!.upperBound }
    public var dtype: DType { inputs.dtype }

    public func losses(at parameters: Tensor) -> Tensor {
        precondition(
            parameters.rank == 2 && parameters.shape[1] == parameterCount && parameters.dtype == dtype,
            "MLPObjective.losses: parameters \(parameters.dtype) \(parameters.shape), expected \(dtype) "
                + "[K, \(parameterCount)]")
        var h = inputs
        for layer in shapes.indices {
            let (weight, bias) = copies(of: layer, parameters.narrowed(axis: 1, range: layerRanges[layer]))
            h = layer == 0 ? applied(sharedInput: h, weight, bias) : applied(copyInputs: h, weight, bias)
            h = activated(h, after: layer)
        }
        return checkedLosses(h, copies: parameters.shape[0])
    }

    public func layerInputs(at parameters: Tensor) -> [Tensor] {
        checkParameters(parameters, "MLPObjective.layerInputs")
        var result = [inputs]
        for layer in 0..<shapes.count - 1 {
            let (weight, bias) = shared(layer, parameters)
            result.append(activated(applied(sharedWeight: result[layer], weight, bias), after: layer))
        }
        return result
    }

    public func losses(replacing layer: Int, with blocks: Tensor, at parameters: Tensor, reusing input: Tensor?)
        -> Tensor
    {
        checkParameters(parameters, "MLPObjective.losses(replacing:)")
        precondition(layer >= 0 && layer < shapes.count, "MLPObjective: layer \(layer) of \(shapes.count)")
        precondition(
            blocks.rank == 2 && blocks.shape[1] == layerRanges[layer].count && blocks.dtype == dtype,
            "MLPObjective.losses(replacing: \(layer)): blocks \(blocks.dtype) \(blocks.shape), expected \(dtype) "
                + "[K, \(layerRanges[layer].count)]")
        let count = blocks.shape[0]
        let (weight, bias) = copies(of: layer, blocks)
        var h: Tensor
        if let input {
            precondition(
                input.shape == [inputs.shape[0], shapes[layer].inputs],
                "MLPObjective.losses(replacing: \(layer)): reused input \(input.shape), expected "
                    + "[\(inputs.shape[0]), \(shapes[layer].inputs)]")
            h = applied(sharedInput: input, weight, bias)
        } else if layer == 0 {
            h = applied(sharedInput: inputs, weight, bias)
        } else {
            // Every copy recomputes the layers below `layer` from the data.
            var x = inputs.unsqueezed(axis: 0).expanded(to: [count] + inputs.shape).contiguous()
            for below in 0..<layer {
                let (w, b) = shared(below, parameters)
                x = activated(applied(sharedWeight: x, w, b), after: below)
            }
            h = applied(copyInputs: x, weight, bias)
        }
        h = activated(h, after: layer)
        for above in layer + 1..<shapes.count {
            let (w, b) = shared(above, parameters)
            h = activated(applied(sharedWeight: h, w, b), after: above)
        }
        return checkedLosses(h, copies: count)
    }

    /// The weights `[K, out, in]` and biases `[K, out]` of `layer` in the rows of `block` `[K, |θ_layer|]`.
    private func copies(of layer: Int, _ block: Tensor) -> (weight: Tensor, bias: Tensor?) {
        let (outputs, inputs, hasBias) = shapes[layer]
        let count = block.shape[0]
        let weight = block.narrowed(axis: 1, start: 0, length: outputs * inputs).reshaped([count, outputs, inputs])
        let bias = hasBias ? block.narrowed(axis: 1, start: outputs * inputs, length: outputs) : nil
        return (weight, bias)
    }

    /// The weight `[out, in]` and bias `[out]` of `layer` in θ `[P]`.
    private func shared(_ layer: Int, _ parameters: Tensor) -> (weight: Tensor, bias: Tensor?) {
        let (weight, bias) = copies(
            of: layer, parameters.narrowed(axis: 0, range: layerRanges[layer]).unsqueezed(axis: 0))
        return (weight.selected(axis: 0, index: 0), bias?.selected(axis: 0, index: 0))
    }

    /// K weight copies `[K, out, in]` on one input `[n, in]` → `[K, n, out]`, as one GEMM against `[K·out, in]`.
    private func applied(sharedInput x: Tensor, _ weight: Tensor, _ bias: Tensor?) -> Tensor {
        let (count, outputs, inputs) = (weight.shape[0], weight.shape[1], weight.shape[2])
        let z = x.matmul(weight.reshaped([count * outputs, inputs]).transposed())  // [n, K·out]
            .reshaped([x.shape[0], count, outputs]).permuted([1, 0, 2])  // [K, n, out]
        return bias.map { z + $0.unsqueezed(axis: 1) } ?? z.contiguous()
    }

    /// K weight copies `[K, out, in]` on K inputs `[K, n, in]` → `[K, n, out]`, a batched product.
    private func applied(copyInputs x: Tensor, _ weight: Tensor, _ bias: Tensor?) -> Tensor {
        let z = x.matmul(weight.transposed(1, 2))
        return bias.map { z + $0.unsqueezed(axis: 1) } ?? z
    }

    /// One weight `[out, in]` on inputs `[…, in]` → `[…, out]`, one GEMM over every row.
    private func applied(sharedWeight x: Tensor, _ weight: Tensor, _ bias: Tensor?) -> Tensor {
        let z = x.matmul(weight.transposed())
        return bias.map { z + $0 } ?? z
    }

    /// The activation after every layer but the last.
    private func activated(_ h: Tensor, after layer: Int) -> Tensor {
        layer < shapes.count - 1 ? activation(Variable(h)).value : h
    }

    private func checkedLosses(_ outputs: Tensor, copies: Int) -> Tensor {
        let values = loss(outputs)
        precondition(
            values.shape == [copies] && values.dtype == dtype,
            "MLPObjective: the loss maps outputs \(outputs.shape) to \(values.dtype) \(values.shape), expected "
                + "\(dtype) [\(copies)]")
        return values
    }
}

extension Tensor {
    fileprivate func narrowed(axis: Int, range: Range<Int>) -> Tensor {
        narrowed(axis: axis, start: range.lowerBound, length: range.count)
    }
}
