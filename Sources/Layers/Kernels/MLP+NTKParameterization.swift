import Tensor

extension MLP {
    /// An MLP in the NTK parameterization of Jacot et al. (2018): layer ℓ computes z = W̃h/√nₗ + β·b̃ with W̃, b̃ of
    /// standard normal entries, nₗ the layer's input width and β the bias scale.
    ///
    /// It is stored as an ordinary `MLP` with W = W̃/√nₗ, b = β·b̃ (the same function) and the per-parameter
    /// learning-rate scales that make a gradient step on (W, b) the step the NTK parameterization takes on (W̃, b̃):
    /// 1/nₗ for W and β² for b. So `SGD` with rate η trains it as η trains the NTK-parameterized network, and
    /// `NeuralTangentKernel.empirical` (which weighs each parameter by its scale) gives its tangent kernel, whose
    /// infinite-width limit for ReLU is `NeuralTangentKernel.reluLimit`.
    public static func ntkParameterized(
        _ sizes: [Int], activation: ActivationFunction = .relu, biasScale: Double = 0.1, dtype: DType = .float64,
        using generator: inout RandomGenerator
    ) -> MLP {
        precondition(biasScale >= 0, "MLP.ntkParameterized: the bias scale β must be ≥ 0, got \(biasScale)")
        let mlp = MLP(sizes, activation: activation, dtype: dtype, using: &generator)
        for layer in mlp.layers {
            let fanIn = Double(layer.inputDimensions)
            layer.weight.assign(
                Tensor.normal(
                    layer.weight.shape, standardDeviation: 1 / fanIn.squareRoot(), dtype: dtype, using: &generator))
            layer.weight.learningRateScale = 1 / fanIn
            if let bias = layer.bias {
                bias.assign(Tensor.normal(bias.shape, standardDeviation: biasScale, dtype: dtype, using: &generator))
                bias.learningRateScale = biasScale * biasScale
            }
        }
        return mlp
    }
}
