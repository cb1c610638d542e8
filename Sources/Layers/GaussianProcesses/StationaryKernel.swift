import Autograd
import Tensor

/// A stationary covariance k(x, x′) = κ(τ), τ = x − x′, on D-dimensional inputs, with its hyperparameters held as
/// variables so that covariance matrices (and their input derivatives) are differentiable with respect to them.
///
/// Input derivatives give the covariances of derivatives of a GP sample u: for one axis d,
/// Cov(∂ᵃu(x)/∂x_dᵃ, ∂ᵇu(x′)/∂x′_dᵇ) = ∂ᵃ⁺ᵇk/∂x_dᵃ∂x′_dᵇ = (−1)ᵇ·κ⁽ᵃ⁺ᵇ⁾(τ), with κ⁽ⁿ⁾ = ∂ⁿκ/∂τ_dⁿ. This is how a PDE
/// operator reaches a GP: u_xx at the points X is K⁽²⁾(X, X)·K(X, X)⁻¹·u.
public protocol StationaryKernel {
    /// The largest n for which κ⁽ⁿ⁾ is provided (a sample is ⌊n/2⌋ times mean-square differentiable).
    var maximumDerivativeOrder: Int { get }

    /// κ⁽ⁿ⁾(τ) = ∂ⁿκ/∂τ_dⁿ at the differences `differences` `[…, D]`, as `[…]`; order 0 is κ(τ) (then `axis` is not
    /// read).
    func derivative(at differences: Tensor, axis: Int, order: Int) -> Variable

    /// The covariance matrix k(xᵢ, yⱼ) `[N, M]` between the rows of `x` `[N, D]` and `y` `[M, D]`. The default
    /// evaluates κ on the differences `[N, M, D]`; a kernel may provide a path that avoids them.
    func matrix(_ x: Tensor, _ y: Tensor) -> Variable
}

extension StationaryKernel {
    /// κ(τ) at the differences `[…, D]`, as `[…]`.
    public func value(at differences: Tensor) -> Variable { derivative(at: differences, axis: 0, order: 0) }

    /// κ on the differences `[N, M, D]` between the rows of `x` `[N, D]` and `y` `[M, D]`, as `[N, M]`.
    public func matrix(_ x: Tensor, _ y: Tensor) -> Variable { value(at: Self.differences(x, y)) }

    /// ∂ᵃ⁺ᵇk(xᵢ, yⱼ)/∂x_dᵃ∂y_dᵇ `[N, M]` = (−1)ᵇ·κ⁽ᵃ⁺ᵇ⁾(xᵢ − yⱼ): the covariance of ∂ᵃu/∂x_dᵃ at the rows of `x`
    /// with ∂ᵇu/∂x_dᵇ at the rows of `y`.
    public func matrix(_ x: Tensor, _ y: Tensor, axis: Int, orders: (Int, Int)) -> Variable {
        precondition(
            orders.0 >= 0 && orders.1 >= 0,
            "StationaryKernel.matrix: derivative orders must be non-negative, got \(orders)")
        let result = derivative(at: Self.differences(x, y), axis: axis, order: orders.0 + orders.1)
        return orders.1 % 2 == 0 ? result : -result
    }

    /// τ = xᵢ − yⱼ `[N, M, D]` for `x` `[N, D]` and `y` `[M, D]`.
    public static func differences(_ x: Tensor, _ y: Tensor) -> Tensor {
        precondition(
            x.rank == 2 && y.rank == 2 && x.shape[1] == y.shape[1],
            "StationaryKernel: inputs must be [N, D] and [M, D], got \(x.shape) and \(y.shape)")
        return x.unsqueezed(axis: 1) - y.unsqueezed(axis: 0)
    }

    /// Checks an order and an axis against the kernel's smoothness and the differences' dimension.
    func checkDerivative(_ name: String, differences: Tensor, dimensions: Int, axis: Int, order: Int) {
        precondition(
            differences.rank >= 1 && differences.shape[differences.rank - 1] == dimensions,
            "\(name): differences must be […, \(dimensions)], got \(differences.shape)")
        precondition(
            order >= 0 && order <= maximumDerivativeOrder,
            "\(name): derivative order must be in 0...\(maximumDerivativeOrder), got \(order)")
        precondition(
            order == 0 || (axis >= 0 && axis < dimensions),
            "\(name): axis \(axis) out of range for \(dimensions)-dimensional inputs")
    }
}
