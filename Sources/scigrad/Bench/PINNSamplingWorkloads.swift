import Autograd
import Layers
import Tensor

/// Workloads of issue 13: one SDGD training step (stochastic dimension sampling of the Laplacian).
///
/// pinn.sdgd.d1000.b100.train: MLP 1000 → 128 → 128 → 128 → 1 (tanh, Float32) at 100 fixed points uniform in
/// [0, 1)^1000; each step draws 100 of the 1000 dimensions without replacement, takes ∂²u/∂xᵢ² along them (the forward
/// Laplacian restricted to the sample), forms Δ̂u = (1000/100)·Σ_{i∈I} ∂ᵢᵢu and the loss mean((Δ̂u − f)²) against a
/// fixed random f, back-propagates to the weights and takes an Adam (lr 1e-3) step.
extension Workloads {
    static var pinnSamplingWorkloads: [Workload] {
        [
            Workload(id: "pinn.sdgd.d1000.b100.train", unit: "ms") {
                var g = RandomGenerator(seed: 0)
                let (dimension, points, sampled) = (1000, 100, 100)
                let network = MLP([dimension, 128, 128, 128, 1], activation: .tanh, using: &g)
                let x = Variable(Tensor.uniform([points, dimension], using: &g))
                let f = Variable(Tensor.normal([points], using: &g))
                let adam = Adam(parameters: network.parameters(), learningRate: 1e-3)
                return Timing.measure(samples: 9, warmup: 3, target: 0.2) {
                    adam.zeroGradients()
                    let sample = DimensionSample(dimension: dimension, count: sampled, using: &g)
                    let second = ForwardLaplacian.derivativesWithHessianDiagonal(
                        of: network, at: x, dimensions: sample.indices
                    ).hessianDiagonal.squeezed(axis: 2)
                    (sample.laplacianEstimate(from: second) - f).square().mean().backward()
                    adam.step()
                }
            }
        ]
    }
}
