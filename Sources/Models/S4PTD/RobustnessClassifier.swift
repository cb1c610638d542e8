import Autograd
import Foundation
import Layers
import Tensor

/// The classifier of the S4-PTD authors' robustness test (S4-PTD/robustness.py, `S4Model` with `S4_PTD` layers), in
/// which the arms differ only in the perturbation E of HiPPO-LegS A that the diagonal layers start from.
///
/// u `[batch, L, 1]` → Linear encoder to H channels → `depth` × [y = GELU(K ∗ (z + noise)); z = GLU(Linear_{H→2H}(y));
/// x = LayerNorm(z)] (post-norm, no residual, no D term, as the authors' code) → mean over time → Linear decoder.
/// Each layer is an `S4DLayer` initialized from eig(A + E) with B̃ = Ṽ⁻¹B and C̃ = C₀Ṽ (the authors' `S4_PTD_Kernel`);
/// Λ, Δ and B are frozen (the authors register them with learning rate 0), C trains at 0.4× the base rate (their
/// 0.004 against 0.01).
final class RobustnessClassifier: Module {
    let encoder: Linear
    let layers: [S4DLayer]
    let mixers: [Linear]
    let norms: [LayerNorm]
    let decoder: Linear
    let gate = GLU(axis: -1)

    /// - Parameter perturbation: E `[n, n]`; A + E is diagonalized for every layer.
    init(
        classes: Int, channels: Int, depth: Int, stateSize: Int, perturbation: Tensor,
        stepRange: ClosedRange<Double>, using generator: inout RandomGenerator
    ) throws {
        encoder = Linear(1, channels, dtype: .float64, using: &generator)
        var layers: [S4DLayer] = []
        var mixers: [Linear] = []
        var norms: [LayerNorm] = []
        for _ in 0..<depth {
            let layer = try S4DLayer(
                channels: channels, stateSize: stateSize, initialization: .perturbedLegendre(.given(perturbation)),
                stepRange: stepRange, stateLearningRateScale: 0, dtype: .float64, using: &generator)
            for frozen in [
                layer.logStep, layer.logNegativeRealEigenvalues, layer.imaginaryEigenvalues, layer.inputReal,
                layer.inputImaginary, layer.skip,
            ] {
                frozen.isFrozen = true
            }
            layer.outputReal.learningRateScale = 0.4
            layer.outputImaginary.learningRateScale = 0.4
            layers.append(layer)
            mixers.append(Linear(channels, 2 * channels, dtype: .float64, using: &generator))
            norms.append(LayerNorm(normalizedShape: [channels], dtype: .float64))
        }
        self.layers = layers
        self.mixers = mixers
        self.norms = norms
        decoder = Linear(channels, classes, dtype: .float64, using: &generator)
        super.init()
    }

    /// Logits `[batch, classes]`; `noise(layer index, layer)` gives the in-layer noise `[batch, H, L]` (nil: none).
    func callAsFunction(_ u: Variable, noise: ((Int, S4DLayer) -> Tensor)? = nil) -> Variable {
        var x = encoder(u)
        let length = u.shape[1]
        for (index, layer) in layers.enumerated() {
            var z = x.permuted([0, 2, 1])  // [batch, H, L]
            if let noise { z = z + Variable(noise(index, layer)) }
            let y = CausalConvolution.apply(z, kernel: layer.kernel(length: length)).gelu().permuted([0, 2, 1])
            x = norms[index](gate(mixers[index](y)))
        }
        return decoder(x.mean(axes: [1]))
    }

    /// The authors' evaluation noise for one layer: 0.1·a_{b,h}·cos(ω*·Δ_h·k), a ~ U[0, 1] per sample and channel,
    /// k = 0…L−1, Δ_h the channel's step, so ω*Δ_h (radians per step) is the channel's discrete image of ω*.
    /// - Returns: `[batch, H, L]`.
    static func channelNoise(
        _ layer: S4DLayer, batch: Int, length: Int, frequency: Double, amplitude: Double = 0.1,
        using generator: inout RandomGenerator
    ) -> Tensor {
        let steps = layer.logStep.value.exp().reshaped([1, layer.channels, 1])
        let time = Tensor.arange(0, Double(length), dtype: .float64).reshaped([1, 1, length])
        let waves = (steps * time * frequency).cos()
        let gains = Tensor.uniform([batch, layer.channels, 1], low: 0, high: 1, dtype: .float64, using: &generator)
        return gains * waves * amplitude
    }
}
