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
        let pass = nextPass()
        let order = topologicalOrder(
            from: outputs.compactMap(\.node), pass: pass, relevantTo: targets, everything: accumulateIntoLeaves)
        var gradients = [Variable?](repeating: nil, count: order.nodes.count)
        func slot(_ node: Node) -> Int? { node.visitedInPass == pass ? node.orderIndex : nil }
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
                if !node.isTarget(of: pass) { gradients[index] = nil }
                let inputs = node.inputs
                var mask: UInt64 = 0
                for (i, input) in inputs.enumerated() {
                    if let n = input.node, let j = slot(n), order.relevant[j] { mask |= Backward.bit(i) }
                }
                if mask == 0 { continue }
                let result = Variable(value: node.value, node: createGraph ? node : nil)
                let inputGradients = pullback(Backward(gradient: g, result: result, inputs: inputs, scalar: node.scalar, needsMask: mask))
                precondition(
                    inputGradients.count == inputs.count,
                    "gradients: the pullback of \(node.name) returned \(inputGradients.count) gradients for \(inputs.count) inputs")
                AnomalyDetection.checkBackward(node.name, incoming: g, returned: inputGradients, inputs: inputs)
                for (i, input) in inputs.enumerated() where mask & Backward.bit(i) != 0 {
                    guard var gi = inputGradients[i], let inputNode = input.node else { continue }
                    if gi.shape != input.shape { gi = gi.summed(toShape: input.shape) }
                    accumulate(gi, into: inputNode.orderIndex, &gradients)
                }
            }
            if accumulateIntoLeaves {
                for (index, node) in order.nodes.enumerated() where node.isLeaf {
                    guard let g = gradients[index]?.value else { continue }
                    node.accumulatedGradient = node.accumulatedGradient.map { $0 + g } ?? g
                }
            }
            return targets.map { target in
                slot(target.node!).flatMap { gradients[$0] } ?? Variable(Tensor.zeros(target.shape, dtype: target.dtype))
            }
        }
    }

    /// A fresh pass number (passes mark the nodes they visit; see `Node.visitedInPass`).
    private static func nextPass() -> UInt64 { passCounter.add(1, ordering: .relaxed).newValue }
    private static let passCounter = Atomic<UInt64>(0)

    @inline(__always)
    private static func accumulate(_ g: Variable, into index: Int, _ gradients: inout [Variable?]) {
        if let existing = gradients[index] {
            gradients[index] = existing + g
        } else {
            gradients[index] = g
        }
    }

    /// The nodes reachable from `roots` in topological order (inputs before users), each marked with `pass` and
    /// its position, and for each whether it lies on a path to a target (or everything, when `everything`).
    private static func topologicalOrder(
        from roots: [Node], pass: UInt64, relevantTo targets: [Variable], everything: Bool
    ) -> (nodes: [Node], relevant: [Bool]) {
        var order: [Node] = []
        var relevant: [Bool] = []
        for target in targets { target.node?.targetOfPass = pass }
        // Iterative depth-first search: (node, index of the next input to visit).
        var stack: [(Node, Int)] = []
        for root in roots where root.visitedInPass != pass {
            root.visitedInPass = pass
            stack.append((root, 0))
            while let (node, next) = stack.last {
                if next < node.inputs.count {
                    stack[stack.count - 1].1 = next + 1
                    if let child = node.inputs[next].node, child.visitedInPass != pass {
                        child.visitedInPass = pass
                        stack.append((child, 0))
                    }
                } else {
                    stack.removeLast()
                    node.orderIndex = order.count
                    order.append(node)
                    var isRelevant = everything || node.targetOfPass == pass
                    if !isRelevant {
                        for input in node.inputs where input.node.map({ relevant[$0.orderIndex] }) ?? false {
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
