import Tensor

/// A differentiable value: a `Tensor` plus, when it takes part in a recorded computation, its node in the graph.
///
/// Variables that need no gradient (`constant`s and results computed with recording off) carry no node and cost
/// nothing beyond their tensor. Ops on variables record a node only when recording is on and some input has a
/// node; gradients are then available through `gradients(of:wrt:)` or `backward()`.
///
/// ```swift
/// let x = Variable.leaf(Tensor([0.5, 1.5]))
/// let y = (x * x).sum()
/// let dx = gradients(of: y, wrt: [x])[0]        // 2x
/// ```
public struct Variable {
    /// The value.
    public let value: Tensor
    /// The node in the graph, nil for a constant.
    public let node: Node?

    init(value: Tensor, node: Node?) {
        self.value = value
        self.node = node
    }

    /// A constant: no gradient flows into it.
    public init(_ value: Tensor) { self.init(value: value, node: nil) }

    /// A leaf that needs a gradient (a trainable value, or an input to differentiate with respect to).
    public static func leaf(_ value: Tensor, name: String = "leaf") -> Variable {
        Variable(value: value, node: Node(value: value, inputs: [], pullback: nil, name: name))
    }

    /// Whether gradients flow into this value.
    public var requiresGradient: Bool { node != nil }
    /// Whether this value is a leaf of the graph (created by `leaf`).
    public var isLeaf: Bool { node?.isLeaf ?? false }

    /// The same value, cut from the graph.
    public func detached() -> Variable { Variable(value) }

    public var shape: [Int] { value.shape }
    public var rank: Int { value.rank }
    public var count: Int { value.count }
    public var dtype: DType { value.dtype }

    /// The single element of a one-element value.
    public func item() -> Double { value.item() }

    /// The gradient accumulated in this leaf by `backward()`, if any.
    public var gradient: Tensor? { node?.accumulatedGradient }

    /// Clears the gradient accumulated in this leaf.
    public func zeroGradient() { node?.accumulatedGradient = nil }

    /// Replaces the gradient accumulated in this leaf (for gradient clipping and custom updates).
    public func setGradient(_ gradient: Tensor?) { node?.accumulatedGradient = gradient }

    /// Records an op's result: a node when recording is on and some input needs a gradient, else a constant.
    @inline(__always)
    static func record(_ name: String, _ value: Tensor, _ inputs: [Variable], _ pullback: @escaping Pullback)
        -> Variable
    {
        guard GradientMode.isRecording, inputs.contains(where: { $0.node != nil }) else { return Variable(value) }
        return Variable(value: value, node: Node(value: value, inputs: inputs, pullback: pullback, name: name))
    }

    /// `record` for one input, checking the input before building the inputs array.
    @usableFromInline @inline(__always)
    static func record(_ name: String, _ value: Tensor, _ input: Variable, _ pullback: @escaping Pullback) -> Variable {
        guard input.node != nil, GradientMode.isRecording else { return Variable(value) }
        return Variable(value: value, node: Node(value: value, inputs: [input], pullback: pullback, name: name))
    }

    /// `record` for one input and a scalar parameter that the pullback reads as `Backward.scalar`.
    @inline(__always)
    static func record(
        _ name: String, _ value: Tensor, _ input: Variable, scalar: Double, _ pullback: @escaping Pullback
    ) -> Variable {
        guard input.node != nil, GradientMode.isRecording else { return Variable(value) }
        return Variable(
            value: value, node: Node(value: value, inputs: [input], pullback: pullback, name: name, scalar: scalar))
    }

    /// `record` for two inputs, checking them before building the inputs array.
    @inline(__always)
    static func record(
        _ name: String, _ value: Tensor, _ a: Variable, _ b: Variable, _ pullback: @escaping Pullback
    ) -> Variable {
        guard a.node != nil || b.node != nil, GradientMode.isRecording else { return Variable(value) }
        return Variable(value: value, node: Node(value: value, inputs: [a, b], pullback: pullback, name: name))
    }
}

extension Variable: CustomStringConvertible {
    public var description: String {
        "Variable(\(node.map { $0.isLeaf ? "leaf" : $0.name } ?? "constant"), \(value))"
    }
}
