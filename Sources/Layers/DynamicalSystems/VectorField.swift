import Autograd
import Tensor

/// The right-hand side f of an autonomous ODE x' = f(x), on batches of states `[…, D]` (the last axis is the state).
///
/// f is written with `Variable` ops, so the same field steps an integrator on plain tensors (constants: no graph)
/// and is differentiated through by `LyapunovExponents` (Jacobian–vector products of a step).
public struct VectorField: Sendable {
    /// D, the length of the state.
    public let dimension: Int
    private let field: @Sendable (Variable) -> Variable

    /// A field on states `[…, dimension]`; `field` must map such states to derivatives of the same shape.
    public init(dimension: Int, _ field: @escaping @Sendable (Variable) -> Variable) {
        precondition(dimension >= 1, "VectorField: the dimension must be at least 1, got \(dimension)")
        self.dimension = dimension
        self.field = field
    }

    /// f(x) for differentiable states `[…, D]`.
    public func callAsFunction(_ x: Variable) -> Variable {
        precondition(
            x.shape.last == dimension, "VectorField: states \(x.shape) must end in the dimension \(dimension)")
        return field(x)
    }

    /// f(x) for states `[…, D]`.
    public func callAsFunction(_ x: Tensor) -> Tensor { self(Variable(x)).value }

    /// The component `index` of the states, keeping the last axis: `[…, 1]`.
    static func component(_ x: Variable, _ index: Int) -> Variable { x.narrowed(axis: -1, start: index, length: 1) }
}
