import Autograd
import Tensor

/// Derivatives of a network's output with respect to its inputs, at a batch of points, for physics-informed
/// losses. Every result stays on the graph (`createGraph`), so a loss built from it can be differentiated with
/// respect to the weights.
///
/// Points are `x: [N, D]` (a leaf, e.g. `Variable.leaf(points)`), the output `u: [N]` or `[N, 1]`, one value per
/// point, each depending only on its own point (true of any pointwise network).
public enum InputDerivatives {
    /// ∇ₓu at each point: `[N, D]`.
    public static func gradient(of u: Variable, at x: Variable) -> Variable {
        check(u, x, op: "gradient")
        return gradients(of: u.sum(), wrt: [x], createGraph: true)[0]
    }

    /// ∂²u/∂xᵢ² for each input dimension i: `[N, D]` (one reverse pass per dimension).
    public static func hessianDiagonal(of u: Variable, at x: Variable) -> Variable {
        hessianDiagonal(of: u, at: x, dimensions: Array(0..<x.shape[1]))
    }

    /// ∂²u/∂x_{dimensions[j]}² for the input dimensions `dimensions` only: `[N, k]` (one reverse pass per listed
    /// dimension after the gradient, the reverse-over-reverse path of SDGD's reference code).
    public static func hessianDiagonal(of u: Variable, at x: Variable, dimensions: [Int]) -> Variable {
        precondition(
            !dimensions.isEmpty && dimensions.allSatisfy { (0..<x.shape[1]).contains($0) },
            "hessianDiagonal: dimensions \(dimensions) must be indices in 0..<\(x.shape[1])")
        let g = gradient(of: u, at: x)
        let columns = dimensions.map { i in
            gradients(of: g.selected(axis: 1, index: i).sum(), wrt: [x], createGraph: true)[0]
                .selected(axis: 1, index: i)
        }
        return Variable.stacked(columns, axis: 1)
    }

    /// Δu = Σᵢ ∂²u/∂xᵢ²: `[N]`. For an `MLP` prefer `ForwardLaplacian`, which needs no reverse pass per dimension.
    public static func laplacian(of u: Variable, at x: Variable) -> Variable {
        hessianDiagonal(of: u, at: x).sum(axes: [1])
    }

    /// A mixed partial derivative: `orders[i]` derivatives along input dimension i, e.g. `[2, 1]` is ∂³u/∂x₀²∂x₁.
    /// Returns `[N]`.
    public static func partial(of u: Variable, at x: Variable, orders: [Int]) -> Variable {
        check(u, x, op: "partial")
        precondition(
            orders.count == x.shape[1] && orders.allSatisfy { $0 >= 0 },
            "partial: orders \(orders) for inputs of dimension \(x.shape[1])")
        var current = u.reshaped([-1])
        for (dimension, order) in orders.enumerated() {
            for _ in 0..<order {
                current = gradients(of: current.sum(), wrt: [x], createGraph: true)[0].selected(
                    axis: 1, index: dimension)
            }
        }
        return current
    }

    private static func check(_ u: Variable, _ x: Variable, op: String) {
        precondition(x.rank == 2, "\(op): points must be [N, D], got \(x.shape)")
        precondition(x.requiresGradient, "\(op): the points must require gradients (make them with Variable.leaf)")
        precondition(
            u.count == x.shape[0] && (u.rank == 1 || (u.rank == 2 && u.shape[1] == 1)),
            "\(op): output \(u.shape) is not one value per point for points \(x.shape)")
    }
}
