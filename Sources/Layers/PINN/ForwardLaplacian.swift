import Autograd
import Tensor

/// The value and the Laplacian of an `MLP` at a batch of points in one forward pass (the "forward Laplacian"
/// of Li et al., 2023): each layer carries h, its Jacobian J = ∂h/∂x and its Laplacian Δh.
///
/// For z = hWᵀ + b: J_z = J·Wᵀ, Δz = Δh·Wᵀ. For h' = σ(z): J' = σ'(z)·J_z and Δh' = σ'(z)·Δz + σ''(z)·Σᵢ(J_z)ᵢ².
/// The Jacobian is `[D, N, width]`, so each layer costs one GEMM of `[D·N, width]` — far cheaper than D reverse
/// passes — and everything is a differentiable op, so the loss can be differentiated with respect to the weights.
public enum ForwardLaplacian {
    /// u `[N, outputs]` and Δu `[N, outputs]` of `mlp` at points `x: [N, D]` (a constant or a variable).
    public static func valueAndLaplacian(of mlp: MLP, at x: Variable) -> (value: Variable, laplacian: Variable) {
        let result = derivatives(of: mlp, at: x)
        return (result.value, result.laplacian)
    }

    /// u `[N, outputs]`, ∇u `[N, D, outputs]` and Δu `[N, outputs]` of `mlp` at points `x: [N, D]`.
    public static func derivatives(of mlp: MLP, at x: Variable) -> (value: Variable, gradient: Variable, laplacian: Variable) {
        precondition(x.rank == 2, "ForwardLaplacian: points must be [N, D], got \(x.shape)")
        let d = x.shape[1]
        precondition(d == mlp.layers[0].inputSize, "ForwardLaplacian: points \(x.shape) for an MLP with \(mlp.layers[0].inputSize) inputs")
        let derivatives = activationDerivatives(mlp.activation)
        var h = x
        // J = ∂h/∂x as [D, N or 1, width]; the identity at the input (broadcast over points).
        var jacobian = Variable(Tensor.eye(d, dtype: x.dtype).reshaped([d, 1, d]))
        var laplacian: Variable? = nil  // zero at the input
        for (index, layer) in mlp.layers.enumerated() {
            let weightT = layer.weight.variable.transposed()
            let z = layer(h)
            let jz = jacobian.matmul(weightT)
            let lz = laplacian.map { $0.matmul(weightT) }
            if index == mlp.layers.count - 1 {
                let gradient = jz.expanded(to: [d, z.shape[0], z.shape[1]]).permuted([1, 0, 2])
                return (z, gradient, lz ?? Variable(Tensor.zeros(z.shape, dtype: z.dtype)))
            }
            let (y, first, second) = derivatives(z)
            let curvature = second * jz.square().sum(axes: [0])
            laplacian = lz.map { first * $0 + curvature } ?? curvature
            jacobian = first.unsqueezed(axis: 0) * jz
            h = y
        }
        preconditionFailure("ForwardLaplacian: an MLP has at least one layer")
    }

    /// σ(z), σ'(z), σ''(z) as differentiable values.
    private static func activationDerivatives(_ function: ActivationFunction) -> (Variable) -> (Variable, Variable, Variable) {
        switch function {
        case .tanh:
            return { z in
                let y = z.tanh()
                let first = 1 - y.square()
                return (y, first, y * first * -2)
            }
        case .sin:
            return { z in
                let y = z.sin()
                return (y, z.cos(), -y)
            }
        case .sigmoid:
            return { z in
                let y = z.sigmoid()
                let first = y * (1 - y)
                return (y, first, first * (1 - y * 2))
            }
        case .softplus:
            return { z in
                let s = z.sigmoid()
                return (z.softplus(), s, s * (1 - s))
            }
        case .identity:
            return { z in
                let zero = Variable(Tensor.zeros([], dtype: z.dtype))
                return (z, zero + 1, zero)
            }
        default:
            preconditionFailure("ForwardLaplacian: activation \(function) is not supported (tanh, sin, sigmoid, softplus, identity)")
        }
    }
}
