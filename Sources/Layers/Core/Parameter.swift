import Autograd
import Tensor

/// A trainable tensor: a reference cell holding the current value as a graph leaf, its accumulated gradient,
/// and per-parameter options that optimizers honor.
///
/// Optimizers replace the value after each step (`assign`), which starts a fresh leaf with no gradient, so a
/// step also clears the gradient (as `zero_grad` would). Several `backward()` calls before a step accumulate.
public final class Parameter {
    /// The value as a leaf of the graph; use it in the forward pass.
    public private(set) var variable: Variable
    /// Multiplies the optimizer's learning rate for this parameter (S4 trains A and dt with 0.1×).
    public var learningRateScale: Double
    /// Weight decay for this parameter; nil uses the optimizer's default (S4 uses 0 for A and dt).
    public var weightDecay: Double?
    /// A frozen parameter is skipped by optimizers and gets no gradient.
    public var isFrozen: Bool {
        didSet { variable = isFrozen ? Variable(value) : Variable.leaf(value, name: "parameter") }
    }

    public init(_ value: Tensor, learningRateScale: Double = 1, weightDecay: Double? = nil, isFrozen: Bool = false) {
        precondition(value.dtype.isFloatingPoint, "Parameter: needs a floating dtype, got \(value.dtype)")
        self.variable = isFrozen ? Variable(value) : Variable.leaf(value, name: "parameter")
        self.learningRateScale = learningRateScale
        self.weightDecay = weightDecay
        self.isFrozen = isFrozen
    }

    /// The current value.
    public var value: Tensor { variable.value }
    public var shape: [Int] { value.shape }
    public var dtype: DType { value.dtype }

    /// The gradient accumulated by `backward()` since the last step, if any.
    public var gradient: Tensor? { variable.gradient }

    /// Replaces the value (a new leaf; the gradient is cleared).
    public func assign(_ newValue: Tensor) {
        precondition(
            newValue.shape == value.shape && newValue.dtype == value.dtype,
            "Parameter.assign: new value \(newValue.shape) \(newValue.dtype) for a parameter \(value.shape) \(value.dtype)"
        )
        variable = isFrozen ? Variable(newValue) : Variable.leaf(newValue, name: "parameter")
    }

    /// Clears the accumulated gradient.
    public func zeroGradient() { variable.zeroGradient() }

    /// Replaces the accumulated gradient (gradient clipping, custom updates).
    public func setGradient(_ gradient: Tensor?) {
        if let gradient {
            precondition(
                gradient.shape == shape && gradient.dtype == dtype,
                "Parameter.setGradient: gradient \(gradient.shape) \(gradient.dtype) for a parameter \(shape) \(dtype)")
        }
        variable.setGradient(gradient)
    }
}
