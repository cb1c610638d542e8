import Autograd
import Tensor

/// The base of every layer and model: parameters and sub-modules are discovered by reflection.
///
/// Stored properties holding a `Parameter`, a `Module`, or arrays/optionals/dictionaries of them are found by a
/// read-only `Mirror` walk and named by their path (`blocks.2.linear.weight`). Properties whose names start with
/// `_` are skipped. Subclasses may override `namedParameters()` for anything unusual.
///
/// ```swift
/// final class Net: Module {
///     let hidden: Linear, output: Linear
///     init(using generator: inout RandomGenerator) {
///         hidden = Linear(2, 64, using: &generator)
///         output = Linear(64, 1, using: &generator)
///         super.init()
///     }
///     func callAsFunction(_ x: Variable) -> Variable { output(hidden(x).tanh()) }
/// }
/// ```
open class Module {
    /// Training mode (dropout active, batch norm updating its statistics) or evaluation mode.
    public private(set) var isTraining = true

    public init() {}

    /// Every parameter of this module and its sub-modules, with its dotted path.
    open func namedParameters() -> [(name: String, parameter: Parameter)] {
        var result: [(String, Parameter)] = []
        var seen = Set<ObjectIdentifier>()
        Module.collect(self, prefix: "", into: &result, seen: &seen)
        return result
    }

    /// Every parameter, in discovery order.
    public func parameters() -> [Parameter] { namedParameters().map(\.parameter) }

    /// The parameters that train (not frozen).
    public func trainableParameters() -> [Parameter] { parameters().filter { !$0.isFrozen } }

    /// Number of scalar parameters.
    public var parameterCount: Int { parameters().reduce(0) { $0 + $1.value.count } }

    /// The direct sub-modules, with their paths (found as `namedParameters()` finds parameters: in properties,
    /// optionals, arrays `name.i` and dictionaries `name.key`).
    public func children() -> [(name: String, module: Module)] {
        var result: [(String, Module)] = []
        for (name, value) in Module.properties(of: self) {
            for (path, object) in Module.members(of: value, path: name) {
                if let module = object as? Module { result.append((path, module)) }
            }
        }
        return result
    }

    /// Switches this module and all sub-modules to training (`true`) or evaluation mode.
    public func train(_ on: Bool = true) {
        isTraining = on
        for (_, child) in children() { child.train(on) }
    }

    /// Evaluation mode.
    public func eval() { train(false) }

    /// Clears the gradients of every parameter.
    public func zeroGradients() { for p in parameters() { p.zeroGradient() } }

    private static func properties(of object: Any) -> [(String, Any)] {
        var result: [(String, Any)] = []
        var mirror: Mirror? = Mirror(reflecting: object)
        while let m = mirror {
            for child in m.children {
                guard let label = child.label, !label.hasPrefix("_") else { continue }
                result.append((label, child.value))
            }
            mirror = m.superclassMirror
        }
        return result
    }

    private static func collect(
        _ module: Module, prefix: String, into result: inout [(String, Parameter)], seen: inout Set<ObjectIdentifier>
    ) {
        for (name, value) in properties(of: module) {
            for (path, object) in members(of: value, path: prefix + name)
            where seen.insert(ObjectIdentifier(object)).inserted {
                if let parameter = object as? Parameter {
                    result.append((path, parameter))
                } else if let child = object as? Module {
                    collect(child, prefix: path + ".", into: &result, seen: &seen)
                }
            }
        }
    }

    /// The parameters and modules a stored property holds, with their paths: the value itself, or the elements of
    /// an optional (same path), an array (`path.i`) or a dictionary (`path.key`, keys sorted), recursively.
    private static func members(of value: Any, path: String) -> [(String, AnyObject)] {
        if let parameter = value as? Parameter { return [(path, parameter)] }
        if let module = value as? Module { return [(path, module)] }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.map { members(of: $0.value, path: path) } ?? []
        case .collection:
            return mirror.children.enumerated().flatMap { members(of: $0.element.value, path: "\(path).\($0.offset)") }
        case .dictionary:
            let entries = mirror.children.compactMap { entry -> (String, Any)? in
                let pair = Array(Mirror(reflecting: entry.value).children)
                guard pair.count == 2 else { return nil }
                return ("\(pair[0].value)", pair[1].value)
            }
            return entries.sorted { $0.0 < $1.0 }.flatMap { members(of: $0.1, path: "\(path).\($0.0)") }
        default:
            return []
        }
    }
}

/// A layer with one input and one output.
public protocol UnaryLayer: Module {
    func callAsFunction(_ x: Variable) -> Variable
}

/// Layers applied one after another.
public final class Sequential: Module, UnaryLayer {
    public let layers: [any UnaryLayer]

    public init(_ layers: [any UnaryLayer]) {
        self.layers = layers
        super.init()
    }

    public convenience init(@SequentialBuilder _ build: () -> [any UnaryLayer]) { self.init(build()) }

    public func callAsFunction(_ x: Variable) -> Variable { layers.reduce(x) { $1($0) } }
}

/// Builds the layer list of a `Sequential` from a block.
@resultBuilder
public enum SequentialBuilder {
    public static func buildBlock(_ layers: (any UnaryLayer)...) -> [any UnaryLayer] { layers }
}
