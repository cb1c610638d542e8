import Tensor

/// What a pullback sees: the gradient flowing into the op's result, the result itself, the op's inputs, and which
/// inputs need a gradient (so an op can skip work, e.g. matmul's two products).
public struct Backward {
    /// ∂L/∂result, the same shape as `result`.
    public let gradient: Variable
    /// The op's output (passed in by the engine, so a pullback never captures its own result: no ARC cycle).
    public let result: Variable
    /// The op's inputs, in order.
    public let inputs: [Variable]
    /// The op's scalar parameter, for ops with one (x·s, x + s, xᵖ): kept in the node so the pullback captures
    /// nothing (a capturing closure costs an allocation per op).
    public let scalar: Double
    let needsMask: UInt64

    /// Whether input `i` needs a gradient.
    @inline(__always) public func needs(_ i: Int) -> Bool { needsMask & Backward.bit(i) != 0 }

    /// Input `i`'s bit in `needsMask`. Inputs from 63 on share the last bit (set when any of them needs a gradient),
    /// so an op with many inputs (a concatenation) may compute a few gradients that are not needed, never miss one.
    @inline(__always) static func bit(_ i: Int) -> UInt64 { 1 << UInt64(Swift.min(i, 63)) }
}

/// A vector-Jacobian product: returns ∂L/∂input for each input (nil means zero or not needed), written with
/// `Variable` ops so that gradients of gradients work. Gradients may have the broadcast shape of the result; the
/// engine sums them back to each input's shape.
public typealias Pullback = (Backward) -> [Variable?]

/// One recorded op in the graph: its value, its inputs and its pullback. Leaves (trainable values) have no
/// inputs and no pullback and may hold an accumulated gradient.
public final class Node {
    let value: Tensor
    private(set) var inputs: [Variable]
    let pullback: Pullback?
    /// The op's scalar parameter (see `Backward.scalar`).
    let scalar: Double
    /// A name for error messages and debugging (the op for interior nodes).
    public let name: String
    /// The gradient accumulated by `backward()` (leaves only).
    var accumulatedGradient: Tensor?
    /// Length of the longest chain of nodes below this one (1 for a leaf).
    let depth: Int
    /// Scratch of the pass that runs alone (`NodeScratch`; a pass beside another keeps its own maps): the pass
    /// that last visited this node, and the node's position in that pass's topological order (saves hashing
    /// every node).
    var visitedInPass: UInt64 = 0
    var orderIndex = 0
    /// The pass in which this node is a target (its gradient is kept after its pullback ran).
    var targetOfPass: UInt64 = 0

    init(value: Tensor, inputs: [Variable], pullback: Pullback?, name: String, scalar: Double = 0) {
        if pullback != nil { AnomalyDetection.checkForward(name, value, inputs) }
        self.value = value
        self.inputs = inputs
        self.pullback = pullback
        self.name = name
        self.scalar = scalar
        var depth = 0
        for input in inputs { if let node = input.node, node.depth > depth { depth = node.depth } }
        self.depth = depth + 1
    }

    var isLeaf: Bool { pullback == nil }

    /// Deep graphs (a 100,000-op chain) are taken apart iteratively, so freeing them cannot overflow the stack;
    /// shallow ones are freed by the usual recursive release.
    deinit {
        guard depth > 512 else { return }
        var pending = inputs.compactMap(\.node)
        inputs = []
        while var node = pending.popLast() {
            if isKnownUniquelyReferenced(&node) {
                pending.append(contentsOf: node.inputs.compactMap(\.node))
                node.inputs = []
            }
        }
    }
}
