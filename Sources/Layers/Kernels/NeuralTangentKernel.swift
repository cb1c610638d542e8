import Autograd
import Tensor

/// The empirical neural tangent kernel Θ(x, x') = Σₚ sₚ·∂f(x)/∂θₚ·∂f(x')/∂θₚ of a scalar-output network, with sₚ
/// each parameter's `learningRateScale` (1 by default): the kernel of gradient descent with those per-parameter
/// rates, f ← f − lr·Θ·∂L/∂f to first order. The NTK parameterization is expressed through these scales
/// (`MLP.ntkParameterized`).
public enum NeuralTangentKernel {
    /// Θ = J·S·Jᵀ `[N, N]` for an `MLP` with one output, at inputs `[N, D]`, without forming J.
    ///
    /// For a layer z = hWᵀ + b the per-sample gradients are ∂f/∂W = δ⊗h and ∂f/∂b = δ, where δ = ∂f/∂z comes from
    /// one batched backward sweep; so Θ = Σₗ (ΔₗΔₗᵀ) ∘ (s_W·Hₗ₋₁Hₗ₋₁ᵀ + s_b) exactly, at the cost of a few N×N
    /// GEMMs instead of the N × P Jacobian (P = 268,801 for a 10→512→512→1 MLP).
    public static func empirical(of mlp: MLP, at inputs: Tensor) -> Tensor {
        precondition(
            mlp.layers.last!.outputDimensions == 1,
            "NeuralTangentKernel: the MLP must have one output, not \(mlp.layers.last!.outputDimensions)")
        return withoutGradients {
            // Forward: the input of each layer and σ'(z) of each hidden layer.
            var layerInputs: [Tensor] = []
            var slopes: [Tensor] = []
            var h = inputs
            for (index, layer) in mlp.layers.enumerated() {
                layerInputs.append(h)
                let z = layer(Variable(h)).value
                if index < mlp.layers.count - 1 {
                    let (y, slope) = activationAndSlope(mlp.activation, z)
                    slopes.append(slope)
                    h = y
                }
            }
            // Backward: δ of the output layer is 1 per sample; δₗ = (δₗ₊₁·Wₗ₊₁) ∘ σ'(zₗ).
            let n = inputs.shape[0]
            var delta = Tensor.ones([n, 1], dtype: inputs.dtype)
            var kernel = Tensor.zeros([n, n], dtype: inputs.dtype)
            for index in stride(from: mlp.layers.count - 1, through: 0, by: -1) {
                let x = layerInputs[index]
                let layer = mlp.layers[index]
                let inputGram =
                    x.matmul(x.transposed()) * layer.weight.learningRateScale
                    + (layer.bias?.learningRateScale ?? 0)
                kernel = kernel + delta.matmul(delta.transposed()) * inputGram
                if index > 0 { delta = delta.matmul(mlp.layers[index].weight.value) * slopes[index - 1] }
            }
            return kernel
        }
    }

    /// Θ = J·S·Jᵀ by materializing the per-sample gradients of any scalar-output `model` (one reverse pass per
    /// input), each scaled by √(learningRateScale): the reference for `empirical`, and the way for networks that are
    /// not MLPs.
    public static func byJacobian(of model: (Variable) -> Variable, parameters: [Parameter], at inputs: Tensor)
        -> Tensor
    {
        let n = inputs.shape[0]
        var rows: [Tensor] = []
        for i in 0..<n {
            let output = model(Variable(inputs.narrowed(axis: 0, start: i, length: 1))).sum()
            let grads = gradients(of: output, wrt: parameters.map(\.variable))
            let scaled = zip(grads, parameters).map { $0.value.flattened() * $1.learningRateScale.squareRoot() }
            rows.append(Tensor.concatenated(scaled).unsqueezed(axis: 0))
        }
        let jacobian = Tensor.concatenated(rows, axis: 0)
        return jacobian.matmul(jacobian.transposed())
    }

    /// σ(z) and σ'(z) elementwise (σ' by differentiating σ, so every activation works).
    private static func activationAndSlope(_ function: ActivationFunction, _ z: Tensor) -> (Tensor, Tensor) {
        withGradients {
            let leaf = Variable.leaf(z)
            let y = function(leaf)
            return (y.value, gradients(of: y.sum(), wrt: [leaf])[0].value)
        }
    }
}
