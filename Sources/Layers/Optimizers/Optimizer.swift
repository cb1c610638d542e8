import Autograd
import Tensor

/// Updates parameters from their gradients, outside the graph.
///
/// Per-parameter options are honored: `learningRateScale` multiplies the learning rate, `weightDecay` overrides
/// the optimizer's, and frozen parameters are skipped. State (moments, step count) is kept per parameter and can be
/// saved and restored by name through `state` and `load(state:)`.
public protocol Optimizer: AnyObject {
    /// The base learning rate (schedules change it between steps).
    var learningRate: Double { get set }
    /// One update of every parameter that has a gradient.
    func step()
    /// The optimizer's state as named tensors (for checkpoints).
    var state: [String: Tensor] { get }
    /// Restores state saved by `state`.
    func load(state: [String: Tensor]) throws
}

/// A state dictionary did not match the optimizer's parameters.
public struct OptimizerStateError: Error, CustomStringConvertible {
    public let description: String
}

/// The parameter list of an optimizer, with per-parameter state slots kept by position.
struct ParameterSlots {
    let parameters: [Parameter]
    var slots: [[String: Tensor]]

    init(_ parameters: [Parameter]) {
        self.parameters = parameters
        self.slots = Array(repeating: [:], count: parameters.count)
    }

    /// One optimizer step: for each trainable parameter with a gradient, `update(index, parameter, gradient,
    /// learning rate, weight decay, state slot)` returns the new value, which is assigned. The learning rate is
    /// scaled by the parameter's `learningRateScale`; the weight decay is the parameter's own or `defaultDecay`.
    mutating func step(
        learningRate: Double, defaultDecay: Double,
        _ update: (Int, Parameter, Tensor, Double, Double, inout [String: Tensor]) -> Tensor
    ) {
        for (i, parameter) in parameters.enumerated() where !parameter.isFrozen {
            guard let gradient = parameter.gradient else { continue }
            let lr = learningRate * parameter.learningRateScale
            let decay = parameter.weightDecay ?? defaultDecay
            parameter.assign(update(i, parameter, gradient, lr, decay, &slots[i]))
        }
    }

    var state: [String: Tensor] {
        var result: [String: Tensor] = [:]
        for (i, slot) in slots.enumerated() { for (key, value) in slot { result["\(i).\(key)"] = value } }
        return result
    }

    mutating func load(_ state: [String: Tensor]) throws {
        var fresh = Array(repeating: [String: Tensor](), count: parameters.count)
        for (key, value) in state {
            let parts = key.split(separator: ".", maxSplits: 1)
            guard parts.count == 2, let i = Int(parts[0]), i >= 0, i < parameters.count else {
                throw OptimizerStateError(description: "optimizer state: key \(key) names no parameter (there are \(parameters.count))")
            }
            let slotName = String(parts[1])
            if slotName != "step" && value.shape != parameters[i].shape {
                throw OptimizerStateError(
                    description: "optimizer state: \(key) has shape \(value.shape), parameter \(i) has \(parameters[i].shape)")
            }
            fresh[i][slotName] = value
        }
        slots = fresh
    }
}
