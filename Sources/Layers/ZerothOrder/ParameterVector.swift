import Tensor

/// The trainable parameters of a module as one flat vector θ ∈ ℝᴾ, each parameter flattened row-major and placed
/// after the previous one in discovery order (`Module.namedParameters()`): what the zeroth-order estimators work on.
///
/// `objective(_:)` turns any loss of the module into a `ZerothOrderObjective`; `setGradients(_:)` hands an
/// estimated gradient `[P]` to the parameters, so any `Optimizer` steps on it.
///
/// ```swift
/// var generator = RandomGenerator(seed: 0)
/// let model = MLP([2, 8, 1], using: &generator)
/// let vector = ParameterVector(model)
/// let x = Variable(Tensor.ones([4, 2]))
/// let objective = vector.objective { model(x).value.square().mean().item() }
/// let gradient = CoordinateGradientEstimator(smoothing: 1e-3).estimate(objective, at: vector.flattened())
/// vector.setGradients(gradient)                              // then optimizer.step()
/// ```
public struct ParameterVector {
    /// The trainable parameters, in order.
    public let parameters: [Parameter]
    /// Their dotted paths.
    public let names: [String]
    /// Where each parameter sits in θ.
    public let ranges: [Range<Int>]

    /// The trainable (not frozen) parameters of `module`; they share one dtype.
    public init(_ module: Module) {
        let named = module.namedParameters().filter { !$0.parameter.isFrozen }
        precondition(!named.isEmpty, "ParameterVector: the module has no trainable parameters")
        let dtype = named[0].parameter.dtype
        precondition(
            named.allSatisfy { $0.parameter.dtype == dtype },
            "ParameterVector: parameters mix dtypes \(Set(named.map { "\($0.parameter.dtype)" }).sorted())")
        parameters = named.map(\.parameter)
        names = named.map(\.name)
        var start = 0
        ranges = parameters.map { parameter in
            defer { start += parameter.value.count }
            return start..<start + parameter.value.count
        }
    }

    /// P.
    public var count: Int { ranges.last!.upperBound }
    /// The parameters' dtype.
    public var dtype: DType { parameters[0].dtype }

    /// θ `[P]`, the current values.
    public func flattened() -> Tensor {
        Tensor.concatenated(parameters.map { $0.value.flattened() }, axis: 0)
    }

    /// Sets every parameter from θ `[P]`.
    public func assign(_ vector: Tensor) {
        check(vector, "ParameterVector.assign")
        for (parameter, range) in zip(parameters, ranges) {
            parameter.assign(slice(of: vector, range).reshaped(parameter.shape).contiguous())
        }
    }

    /// Sets every parameter's gradient from a vector `[P]` (an estimated gradient), for an optimizer to step on.
    public func setGradients(_ vector: Tensor) {
        check(vector, "ParameterVector.setGradients")
        for (parameter, range) in zip(parameters, ranges) {
            parameter.setGradient(slice(of: vector, range).reshaped(parameter.shape).contiguous())
        }
    }

    /// The zeroth-order objective θ ↦ `loss()` evaluated with the module's parameters set to θ (they are restored
    /// afterwards). Queries run one at a time.
    public func objective(_ loss: @escaping () -> Double) -> ClosureObjective {
        ClosureObjective(parameterCount: count, dtype: dtype) { theta in
            let saved = flattened()
            assign(theta)
            defer { assign(saved) }
            return loss()
        }
    }

    private func slice(of vector: Tensor, _ range: Range<Int>) -> Tensor {
        vector.narrowed(axis: 0, start: range.lowerBound, length: range.count)
    }

    private func check(_ vector: Tensor, _ op: String) {
        precondition(
            vector.shape == [count] && vector.dtype == dtype,
            "\(op): vector is \(vector.dtype) \(vector.shape), the parameters are \(dtype) [\(count)]")
    }
}
