import Synchronization
import Tensor

/// The reverse-mode engine.
///
/// `gradients(of:wrt:)` walks the graph behind `outputs` once, in reverse topological order, and returns
/// ∂(Σ seedᵢ·outputᵢ)/∂target for each target, touching no state. Only nodes between the outputs and the targets run
/// their pullbacks. Gradients reaching a node from several uses are summed; a gradient with the broadcast shape
/// of an op's result is summed back to its input's shape here, in one place. With `createGraph: true` the
/// backward pass is itself recorded, so the returned gradients can be differentiated again.
public enum GradientEngine {
    /// Gradients of `outputs` (weighted by `seeds`) with respect to each of `targets`.
    static func run(
        outputs: [Variable], seeds: [Variable?], targets: [Variable], createGraph: Bool, accumulateIntoLeaves: Bool
    ) -> [Variable] {
        precondition(outputs.count == seeds.count, "gradients: \(outputs.count) outputs but \(seeds.count) seeds")
        for (output, seed) in zip(outputs, seeds) {
            if let seed {
                precondition(
                    seed.shape == output.shape,
                    "gradients: seed of shape \(seed.shape) for an output of shape \(output.shape)")
                precondition(
                    seed.dtype == output.dtype, "gradients: seed is \(seed.dtype) but the output is \(output.dtype)")
            } else {
                precondition(
                    output.count == 1,
                    "gradients: the output has shape \(output.shape); a non-scalar output needs a seed (∂L/∂output)")
            }
        }
        for target in targets {
            precondition(
                target.node != nil,
                "gradients: a target of shape \(target.shape) does not require a gradient (it is a constant; make it with Variable.leaf)"
            )
        }
        // The first pass to start keeps its scratch in the nodes (no hashing); a pass that starts while another
        // runs, on another thread or nested inside a pullback, keeps it in its own maps, so the two never write
        // the same scratch.
        let alone = activePasses.add(1, ordering: .acquiringAndReleasing).oldValue == 0
        defer { activePasses.subtract(1, ordering: .acquiringAndReleasing) }
        if alone {
            return run(
                outputs: outputs, seeds: seeds, targets: targets, createGraph: createGraph,
                accumulateIntoLeaves: accumulateIntoLeaves, scratch: NodeScratch(pass: nextPass()))
        }
        return run(
            outputs: outputs, seeds: seeds, targets: targets, createGraph: createGraph,
            accumulateIntoLeaves: accumulateIntoLeaves, scratch: MapScratch())
    }

    /// The pass itself, with its per-node scratch in `scratch`.
    private static func run<Scratch: PassScratch>(
        outputs: [Variable], seeds: [Variable?], targets: [Variable], createGraph: Bool, accumulateIntoLeaves: Bool,
        scratch: Scratch
    ) -> [Variable] {
        var scratch = scratch
        let order = topologicalOrder(
            from: outputs.compactMap(\.node), scratch: &scratch, relevantTo: targets, everything: accumulateIntoLeaves)
        let marks = scratch
        var gradients = [Variable?](repeating: nil, count: order.nodes.count)
        func slot(_ node: Node) -> Int? { marks.slot(node) }
        return GradientMode.$isRecording.withValue(createGraph) {
            for (output, seed) in zip(outputs, seeds) {
                guard let node = output.node, let i = slot(node) else { continue }
                let g = seed ?? Variable(Tensor.ones(output.shape, dtype: output.dtype))
                accumulate(g, into: i, &gradients)
            }
            for index in stride(from: order.nodes.count - 1, through: 0, by: -1) {
                let node = order.nodes[index]
                guard let pullback = node.pullback, let g = gradients[index] else { continue }
                // A target keeps its gradient (it is returned), even when nothing below it needs one.
                if !marks.isTarget(node) { gradients[index] = nil }
                let inputs = node.inputs
                var mask: UInt64 = 0
                for (i, input) in inputs.enumerated() {
                    if let n = input.node, let j = slot(n), order.relevant[j] { mask |= Backward.bit(i) }
                }
                if mask == 0 { continue }
                let result = Variable(value: node.value, node: createGraph ? node : nil)
                let inputGradients = pullback(
                    Backward(gradient: g, result: result, inputs: inputs, scalar: node.scalar, needsMask: mask))
                precondition(
                    inputGradients.count == inputs.count,
                    "gradients: the pullback of \(node.name) returned \(inputGradients.count) gradients for \(inputs.count) inputs"
                )
                AnomalyDetection.checkBackward(node.name, incoming: g, returned: inputGradients, inputs: inputs)
                for (i, input) in inputs.enumerated() where mask & Backward.bit(i) != 0 {
                    guard var gi = inputGradients[i], let inputNode = input.node else { continue }
                    if gi.shape != input.shape { gi = gi.summed(toShape: input.shape) }
                    accumulate(gi, into: slot(inputNode)!, &gradients)
                }
            }
            if accumulateIntoLeaves {
                // Passes on several threads may share leaves: their sums into a leaf's gradient take turns.
                leafAccumulation.withLock { _ in
                    for (index, node) in order.nodes.enumerated() where node.isLeaf {
                        guard let g = gradients[index]?.value else { continue }
                        node.accumulatedGradient = node.accumulatedGradient.map { $0 + g } ?? g
                    }
                }
            }
            return targets.map { target in
                slot(target.node!).flatMap { gradients[$0] }
                    ?? Variable(Tensor.zeros(target.shape, dtype: target.dtype))
            }
        }
    }

    /// A fresh pass number (passes mark the nodes they visit; see `Node.visitedInPass`).
    private static func nextPass() -> UInt64 { passCounter.add(1, ordering: .relaxed).newValue }
    private static let passCounter = Atomic<UInt64>(0)
    /// How many passes are running now, on any thread.
    private static let activePasses = Atomic<Int>(0)
    /// Serializes the sums into leaf gradients at the end of `backward()`.
    private static let leafAccumulation = Mutex<Void>(())

    @inline(__always)
    private static func accumulate(_ g: Variable, into index: Int, _ gradients: inout [Variable?]) {
        if let existing = gradients[index] {
            gradients[index] = existing + g
        } else {
            gradients[index] = g
        }
    }

    /// The nodes reachable from `roots` in topological order (inputs before users), each marked in `scratch` with
    /// its position, and for each whether it lies on a path to a target (or everything, when `everything`).
    private static func topologicalOrder<Scratch: PassScratch>(
        from roots: [Node], scratch: inout Scratch, relevantTo targets: [Variable], everything: Bool
    ) -> (nodes: [Node], relevant: [Bool]) {
        var order: [Node] = []
        var relevant: [Bool] = []
        for target in targets { if let node = target.node { scratch.markTarget(node) } }
        // Iterative depth-first search: (node, index of the next input to visit).
        var stack: [(Node, Int)] = []
        for root in roots where scratch.markVisited(root) {
            stack.append((root, 0))
            while let (node, next) = stack.last {
                if next < node.inputs.count {
                    stack[stack.count - 1].1 = next + 1
                    if let child = node.inputs[next].node, scratch.markVisited(child) {
                        stack.append((child, 0))
                    }
                } else {
                    stack.removeLast()
                    scratch.setSlot(node, order.count)
                    order.append(node)
                    var isRelevant = everything || scratch.isTarget(node)
                    if !isRelevant {
                        for input in node.inputs where input.node.map({ relevant[scratch.slot($0)!] }) ?? false {
                            isRelevant = true
                            break
                        }
                    }
                    relevant.append(isRelevant)
                }
            }
        }
        return (order, relevant)
    }
}

/// Where one pass keeps its per-node scratch: which nodes it has visited, each node's position in its topological
/// order, and which nodes are its targets.
protocol PassScratch {
    /// Marks `node` visited; true when it was not visited before.
    mutating func markVisited(_ node: Node) -> Bool
    mutating func setSlot(_ node: Node, _ index: Int)
    /// `node`'s position in this pass's order, nil when the pass did not reach it.
    func slot(_ node: Node) -> Int?
    mutating func markTarget(_ node: Node)
    func isTarget(_ node: Node) -> Bool
}

/// Scratch in the nodes themselves, tagged with the pass number: no hashing, but only one pass at a time may use it.
struct NodeScratch: PassScratch {
    let pass: UInt64

    @inline(__always) func markVisited(_ node: Node) -> Bool {
        if node.visitedInPass == pass { return false }
        node.visitedInPass = pass
        return true
    }
    @inline(__always) func setSlot(_ node: Node, _ index: Int) { node.orderIndex = index }
    @inline(__always) func slot(_ node: Node) -> Int? { node.visitedInPass == pass ? node.orderIndex : nil }
    @inline(__always) func markTarget(_ node: Node) { node.targetOfPass = pass }
    @inline(__always) func isTarget(_ node: Node) -> Bool { node.targetOfPass == pass }
}

/// Scratch in maps owned by the pass, for a pass that runs beside another (the nodes are only read).
struct MapScratch: PassScratch {
    private var slots: [ObjectIdentifier: Int] = [:]
    private var visited: Set<ObjectIdentifier> = []
    private var targets: Set<ObjectIdentifier> = []

    mutating func markVisited(_ node: Node) -> Bool { visited.insert(ObjectIdentifier(node)).inserted }
    mutating func setSlot(_ node: Node, _ index: Int) { slots[ObjectIdentifier(node)] = index }
    func slot(_ node: Node) -> Int? { slots[ObjectIdentifier(node)] }
    mutating func markTarget(_ node: Node) { targets.insert(ObjectIdentifier(node)) }
    func isTarget(_ node: Node) -> Bool { targets.contains(ObjectIdentifier(node)) }
}

/// Gradients of a scalar `output` with respect to each of `targets`: ∂output/∂target, the shape of each target.
///
/// - Parameters:
///   - seed: ∂L/∂output for a non-scalar output (the vector of a vector-Jacobian product).
///   - createGraph: record the backward pass so the gradients can be differentiated again (second derivatives).
/// Targets the output does not depend on get zeros.
public func gradients(of output: Variable, wrt targets: [Variable], seed: Tensor? = nil, createGraph: Bool = false)
    -> [Variable]
{
    GradientEngine.run(
        outputs: [output], seeds: [seed.map(Variable.init)], targets: targets, createGraph: createGraph,
        accumulateIntoLeaves: false)
}

/// Gradients with a differentiable seed: the result is linear in `seed` and, with `createGraph`, can be
/// differentiated with respect to it (the double-VJP trick behind `jvp`, and second-order gradient checks).
public func gradients(of output: Variable, wrt targets: [Variable], seed: Variable, createGraph: Bool = true)
    -> [Variable]
{
    GradientEngine.run(
        outputs: [output], seeds: [seed], targets: targets, createGraph: createGraph, accumulateIntoLeaves: false)
}

/// Gradients of Σᵢ ⟨seedᵢ, outputᵢ⟩ with respect to each of `targets` (several outputs at once).
public func gradients(of outputs: [Variable], seeds: [Tensor?], wrt targets: [Variable], createGraph: Bool = false)
    -> [Variable]
{
    GradientEngine.run(
        outputs: outputs, seeds: seeds.map { $0.map(Variable.init) }, targets: targets, createGraph: createGraph,
        accumulateIntoLeaves: false)
}

extension Variable {
    /// Accumulates ∂self/∂leaf into every leaf this value depends on (read it with `gradient`).
    /// A non-scalar value needs a `seed`. The graph is not kept alive: call it again on a new forward pass.
    public func backward(seed: Tensor? = nil) {
        _ = GradientEngine.run(
            outputs: [self], seeds: [seed.map(Variable.init)], targets: [], createGraph: false,
            accumulateIntoLeaves: true)
    }
}
