import Autograd
import Tensor

/// The value and the Laplacian of an `MLP` at a batch of points in one forward pass (the "forward Laplacian"
/// of Li et al., 2023): each layer carries h, its Jacobian J = ∂h/∂x and its Laplacian Δh.
///
/// For z = hWᵀ + b: J_z = J·Wᵀ, Δz = Δh·Wᵀ. For h' = σ(z): J' = σ'(z)·J_z and Δh' = σ'(z)·Δz + σ''(z)·Σᵢ(J_z)ᵢ².
/// The diagonal second derivatives ∂²h/∂xᵢ² follow the same recursion without the sum over i.
/// The Jacobian is `[D, N, width]`, so each layer costs one GEMM of `[D·N, width]` — far cheaper than D reverse
/// passes — and everything is a differentiable op, so the loss can be differentiated with respect to the weights.
/// σ' and σ'' come from the activation's own differentiable function (`derivedActivationDerivatives`), so every
/// `ActivationFunction` works; tanh and sin, the usual PINN activations, take their closed forms instead (4 ops per
/// layer where the derived path records about 13, which made pinn.d2.b4096.train 8–15% slower), and a test keeps
/// the two paths equal.
public enum ForwardLaplacian {
    /// u `[N, outputs]` and Δu `[N, outputs]` of `mlp` at points `x: [N, D]` (a constant or a variable).
    public static func valueAndLaplacian(of mlp: MLP, at x: Variable) -> (value: Variable, laplacian: Variable) {
        let result = derivatives(of: mlp, at: x)
        return (result.value, result.laplacian)
    }

    /// u `[N, outputs]`, ∇u `[N, D, outputs]` and Δu `[N, outputs]` of `mlp` at points `x: [N, D]`.
    public static func derivatives(of mlp: MLP, at x: Variable)
        -> (value: Variable, gradient: Variable, laplacian: Variable)
    {
        let result = propagate(mlp, at: x, perDimension: false)
        return (result.value, result.gradient, result.second)
    }

    /// u `[N, outputs]`, ∇u `[N, D, outputs]` and the diagonal of the Hessian, ∂²u/∂xᵢ² `[N, D, outputs]`, of
    /// `mlp` at points `x: [N, D]` (Δu is its sum over D; carrying it costs D times the memory of Δu).
    public static func derivativesWithHessianDiagonal(of mlp: MLP, at x: Variable)
        -> (value: Variable, gradient: Variable, hessianDiagonal: Variable)
    {
        let result = propagate(mlp, at: x, perDimension: true)
        return (result.value, result.gradient, result.second.permuted([1, 0, 2]))
    }

    /// u `[N, outputs]` and, for the input dimensions `dimensions` only (k distinct indices in `0..<D`), the
    /// derivatives ∂u/∂x_{dimensions[j]} `[N, k, outputs]` and ∂²u/∂x_{dimensions[j]}² `[N, k, outputs]` of `mlp` at
    /// points `x: [N, D]`.
    ///
    /// The recursion starts from the k rows of the identity instead of all D, so each hidden layer costs a GEMM of
    /// `[k·N, width]`: the cost of the derivatives grows with k, not with D (the D-sized part is the first layer's
    /// ordinary forward product). This is what stochastic dimension sampling (`SampledLaplacian`) needs.
    public static func derivativesWithHessianDiagonal(of mlp: MLP, at x: Variable, dimensions: [Int])
        -> (value: Variable, gradient: Variable, hessianDiagonal: Variable)
    {
        precondition(x.rank == 2, "ForwardLaplacian: points must be [N, D], got \(x.shape)")
        precondition(
            !dimensions.isEmpty && dimensions.allSatisfy { (0..<x.shape[1]).contains($0) }
                && Set(dimensions).count == dimensions.count,
            "ForwardLaplacian: dimensions \(dimensions) must be distinct indices in 0..<\(x.shape[1])")
        let result = propagate(mlp, at: x, perDimension: true, dimensions: dimensions)
        return (result.value, result.gradient, result.second.permuted([1, 0, 2]))
    }

    /// The forward recursion over the input directions `dimensions` (all D when nil, k of them otherwise); `second`
    /// is Δu `[N, outputs]`, or ∂²u/∂xᵢ² `[k, N, outputs]` when `perDimension`; `gradient` is `[N, k, outputs]`.
    private static func propagate(_ mlp: MLP, at x: Variable, perDimension: Bool, dimensions: [Int]? = nil)
        -> (value: Variable, gradient: Variable, second: Variable)
    {
        precondition(x.rank == 2, "ForwardLaplacian: points must be [N, D], got \(x.shape)")
        let d = x.shape[1]
        precondition(
            d == mlp.layers[0].inputDimensions,
            "ForwardLaplacian: points \(x.shape) for an MLP with \(mlp.layers[0].inputDimensions) inputs")
        var h = x
        // J = ∂h/∂x as [k, N or 1, width]; rows of the identity at the input (broadcast over points).
        let identity = Tensor.eye(d, dtype: x.dtype)
        let directions = dimensions.map { identity.indexSelected(axis: 0, indices: Tensor($0.map(Int64.init))) }
        let k = dimensions?.count ?? d
        var jacobian = Variable((directions ?? identity).reshaped([k, 1, d]))
        var second: Variable? = nil  // zero at the input
        for (index, layer) in mlp.layers.enumerated() {
            let weightT = layer.weight.variable.transposed()
            let z = layer(h)
            let jz = jacobian.matmul(weightT)
            let sz = second.map { $0.matmul(weightT) }
            if index == mlp.layers.count - 1 {
                let gradient = jz.expanded(to: [k, z.shape[0], z.shape[1]]).permuted([1, 0, 2])
                let zeroShape = perDimension ? [k] + z.shape : z.shape
                return (z, gradient, sz ?? Variable(Tensor.zeros(zeroShape, dtype: z.dtype)))
            }
            let (y, first, secondDerivative) = activationDerivatives(mlp.activation, at: z)
            let squares = perDimension ? jz.square() : jz.square().sum(axes: [0])
            let curvature = secondDerivative * squares
            second = sz.map { first * $0 + curvature } ?? curvature
            jacobian = first.unsqueezed(axis: 0) * jz
            h = y
        }
        preconditionFailure("ForwardLaplacian: an MLP has at least one layer")
    }

    /// σ(z), σ'(z) and σ''(z): closed forms for tanh (σ' = 1 − σ², σ'' = −2σσ') and sin (cos, −sin), the derived
    /// path for every other activation.
    static func activationDerivatives(_ function: ActivationFunction, at z: Variable)
        -> (value: Variable, first: Variable, second: Variable)
    {
        switch function {
        case .tanh:
            let y = z.tanh()
            let first = 1 - y.square()
            return (y, first, y * first * -2)
        case .sin:
            let y = z.sin()
            return (y, z.cos(), -y)
        default:
            return derivedActivationDerivatives(function, at: z)
        }
    }

    /// σ(z), σ'(z) and σ''(z) of an elementwise activation, from its own differentiable function: σ' is the
    /// gradient of Σσ(z) with respect to z and σ'' that of Σσ'(z), both recorded, so they stay differentiable
    /// with respect to whatever z depends on (the weights). A constant z (nothing upstream needs a gradient, or
    /// recording is off) gets them on a leaf copy, as constants.
    static func derivedActivationDerivatives(_ function: ActivationFunction, at z: Variable)
        -> (value: Variable, first: Variable, second: Variable)
    {
        guard z.requiresGradient else {
            let leaf = withGradients { derivedActivationDerivatives(function, at: Variable.leaf(z.value)) }
            return (leaf.value.detached(), leaf.first.detached(), leaf.second.detached())
        }
        let ones = Tensor.ones(z.shape, dtype: z.dtype)
        let y = function(z)
        let first = gradients(of: y, wrt: [z], seed: ones, createGraph: true)[0]
        let second = gradients(of: first, wrt: [z], seed: ones, createGraph: true)[0]
        return (y, first, second)
    }
}
