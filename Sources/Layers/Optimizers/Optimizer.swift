import Autograd
import Tensor

/// Updates parameters from their gradients, outside the graph.
///
/// Per-parameter options are honored: `learningRateScale` multiplies the learning rate, `weightDecay` overrides
/// the optimizer's, and frozen parameters are skipped. State (moments, step count) is kept per parameter and can be
/// saved and restored through `state` and `load(state:)`, keyed `<index>.<slot>` by the parameter's position, or
/// by the parameter's name in a module with `state(namedBy:)` and `load(state:namedBy:)` (`layers.0.weight.m`).
///
/// ```swift
/// let optimizer = Adam(parameters: model.parameters(), learningRate: 1e-3)
/// let loss = optimizer.step { Loss.meanSquaredError(model(x), y) }   // forward, backward, update
/// ```
public protocol Optimizer: AnyObject {
    /// The parameters updated, in the order their state is keyed by.
    var parameters: [Parameter] { get }
    /// The base learning rate (schedules change it between steps).
    var learningRate: Double { get set }
    /// One update of every parameter that has a gradient.
    func step()
    /// Evaluates the loss with `closure` (a fresh forward pass), differentiates it and updates the parameters, as
    /// PyTorch's `optimizer.step(closure)`; returns the loss before the update. First-order optimizers call the
    /// closure once; L-BFGS calls it as often as its line search needs.
    @discardableResult
    func step(_ closure: () -> Variable) -> Double
    /// The optimizer's state as named tensors (for checkpoints).
    var state: [String: Tensor] { get }
    /// Restores state saved by `state`. Every entry is checked against the parameters (its key, shape and dtype;
    /// a step count must be a finite whole number) before anything changes; an entry that does not fit throws an
    /// `OptimizerStateError` naming the optimizer and the parameter. Moments are converted to their parameter's
    /// dtype.
    func load(state: [String: Tensor]) throws
}

extension Optimizer {
    /// Clears the gradient of every parameter this optimizer updates, as PyTorch's `optimizer.zero_grad()`: a
    /// walk over its list, where `Module.zeroGradients()` first finds the module's parameters by reflection (24 µs
    /// of a 0.6 ms `mlp.small.train` step).
    public func zeroGradients() { for parameter in parameters { parameter.zeroGradient() } }

    /// The first-order `step(closure)`: one evaluation, its gradients accumulated by `backward()`, one `step()`.
    /// A non-finite loss is refused before the update (it would turn every parameter into NaN).
    @discardableResult
    public func step(_ closure: () -> Variable) -> Double {
        let loss = closure()
        precondition(
            loss.count == 1, "\(Self.self).step(closure): the closure must return a scalar loss, got \(loss.shape)")
        let value = loss.item()
        precondition(value.isFinite, "\(Self.self).step(closure): the loss is \(value); no parameter was updated")
        loss.backward()
        step()
        return value
    }

    /// `state` keyed by the names `module` gives the parameters: `<name>.<slot>` (`layers.0.weight.m`), the layout
    /// a checkpoint stores. Entries that belong to no single parameter keep their keys.
    public func state(namedBy module: Module) -> [String: Tensor] {
        let names = OptimizerStateNames(parameters: parameters, module: module)
        return Dictionary(uniqueKeysWithValues: state.map { (names.named($0.key), $0.value) })
    }

    /// Restores state saved by `state(namedBy:)` with the same module (or one with the same parameter names).
    public func load(state named: [String: Tensor], namedBy module: Module) throws {
        let names = OptimizerStateNames(parameters: parameters, module: module)
        var indexed: [String: Tensor] = [:]
        var namedKeys: [String: String] = [:]
        for (key, value) in named {
            guard let indexedKey = names.indexed(key) else {
                throw OptimizerStateError(
                    optimizer: "\(Self.self)", parameter: nil,
                    reason: "key '\(key)' names no parameter of the module that this optimizer updates")
            }
            indexed[indexedKey] = value
            namedKeys[indexedKey] = key
        }
        do {
            try load(state: indexed)
        } catch var error as OptimizerStateError {
            if let index = error.parameterIndex { error.parameter = names.names[index] ?? error.parameter }
            for (indexedKey, key) in namedKeys {
                error.reason = error.reason.replacing("'\(indexedKey)'", with: "'\(key)'")
            }
            throw error
        }
    }
}

/// The names a module gives an optimizer's parameters, by position.
struct OptimizerStateNames {
    let names: [Int: String]
    let indices: [String: Int]

    init(parameters: [Parameter], module: Module) {
        var names: [Int: String] = [:]
        let named = module.namedParameters()
        for (index, parameter) in parameters.enumerated() {
            names[index] = named.first { $0.parameter === parameter }?.name
        }
        self.names = names
        self.indices = Dictionary(names.map { ($0.value, $0.key) }, uniquingKeysWith: min)
    }

    /// `<index>.<slot>` as `<name>.<slot>`.
    func named(_ key: String) -> String {
        guard let dot = key.lastIndex(of: "."), let index = Int(key[..<dot]), let name = names[index] else {
            return key
        }
        return name + key[dot...]
    }

    /// `<name>.<slot>` as `<index>.<slot>`, or nil when the name is no parameter's.
    func indexed(_ key: String) -> String? {
        guard let dot = key.lastIndex(of: ".") else { return nil }
        guard let index = indices[String(key[..<dot])] else { return Int(key[..<dot]) == nil ? nil : key }
        return String(index) + key[dot...]
    }
}

/// A state dictionary did not fit the optimizer's parameters; nothing was loaded.
public struct OptimizerStateError: Error, CustomStringConvertible {
    /// The optimizer's type (`Adam`).
    public let optimizer: String
    /// The parameter the entry belongs to: its name, or its position, shape and dtype.
    public var parameter: String?
    /// What is wrong.
    public var reason: String
    /// The parameter's position, when the entry belongs to one.
    var parameterIndex: Int? = nil

    public var description: String {
        "\(optimizer).load(state:): " + (parameter.map { "parameter \($0): " } ?? "") + reason
    }
}

/// The parameter list of an optimizer, with per-parameter state slots kept by position.
struct ParameterSlots {
    let parameters: [Parameter]
    var slots: [[String: Tensor]]
    /// The optimizer's type, named in errors.
    let optimizer: String
    /// The slots a parameter's state may hold (`m`, `v`, `step`); `step` is a scalar count, the rest moments of
    /// the parameter's shape.
    let slotNames: [String]

    init(_ parameters: [Parameter], optimizer: String, slotNames: [String]) {
        self.parameters = parameters
        self.slots = Array(repeating: [:], count: parameters.count)
        self.optimizer = optimizer
        self.slotNames = slotNames
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

    /// The largest step count a `Double` holds exactly.
    static let maximumStep = 9_007_199_254_740_992.0

    /// Replaces the state by `state` after checking every entry; moments take their parameter's dtype.
    mutating func load(_ state: [String: Tensor]) throws {
        var fresh = Array(repeating: [String: Tensor](), count: parameters.count)
        for key in state.keys.sorted() {
            let value = state[key]!
            guard let dot = key.lastIndex(of: "."), let i = Int(key[..<dot]), parameters.indices.contains(i) else {
                throw OptimizerStateError(
                    optimizer: optimizer, parameter: nil,
                    reason: "key '\(key)' names no parameter (keys are <index>.<slot> for \(parameters.count) "
                        + "parameters)")
            }
            let parameter = parameters[i]
            func refuse(_ reason: String) -> OptimizerStateError {
                OptimizerStateError(
                    optimizer: optimizer, parameter: "\(i) (\(parameter.shape) \(parameter.dtype))",
                    reason: "'\(key)' " + reason, parameterIndex: i)
            }
            let slot = String(key[key.index(after: dot)...])
            guard slotNames.contains(slot) else {
                throw refuse("is no state of \(optimizer), which keeps \(slotNames.joined(separator: ", "))")
            }
            guard value.dtype != .bool else { throw refuse("is a bool tensor") }
            if slot == "step" {
                guard value.shape.isEmpty else { throw refuse("has shape \(value.shape); a step count is a scalar") }
                let step = value.item()
                guard step.isFinite, step >= 0, step.rounded() == step, step <= Self.maximumStep else {
                    throw refuse("is \(step), not a whole number of steps")
                }
                fresh[i][slot] = Tensor(scalar: step, dtype: .float64)
            } else {
                guard value.shape == parameter.shape else {
                    throw refuse("has shape \(value.shape), the parameter has \(parameter.shape)")
                }
                guard value.dtype.isFloatingPoint else { throw refuse("is \(value.dtype), not a floating dtype") }
                fresh[i][slot] = value.cast(to: parameter.dtype)
            }
        }
        slots = fresh
    }
}
