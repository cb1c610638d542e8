import Autograd
import Foundation
import Layers
import Tensor

/// The baseline of GP-HM's tables: a tanh PINN u = N(x) (1 → width³ → 1, Float64) for u″ = f on [0, 1], trained by
/// Adam on mean((u″ − f)²)/mean(f²) + Σ_boundary (u − g)² at the grid points (u″ by the forward Laplacian). The
/// residual is normalized by mean(f²) so that one learning rate serves sources of any size.
enum MultiScalePINN {
    /// Trains from `seed` and returns the rel-L2 error against `exact` at `points` `[N]` and the prediction there.
    static func train(
        points: Tensor, source: Tensor, boundary: (Double, Double), exact: Tensor, width: Int, steps: Int,
        learningRate: Double, seed: UInt64
    ) -> (error: Double, prediction: Tensor) {
        var generator = RandomGenerator(seed: seed)
        let network = MLP([1, width, width, width, 1], activation: .tanh, dtype: .float64, using: &generator)
        let x = Variable(points.unsqueezed(axis: 1))
        let ends = Variable(Tensor([0.0, 1.0], shape: [2, 1], dtype: .float64))
        let target = Variable(Tensor([boundary.0, boundary.1], shape: [2, 1], dtype: .float64))
        let scale = 1 / source.square().mean().item()
        let adam = Adam(parameters: network.parameters(), learningRate: learningRate)
        for _ in 0..<steps {
            let (_, uxx) = ForwardLaplacian.valueAndLaplacian(of: network, at: x)
            let residual = (uxx.squeezed(axis: 1) - Variable(source)).square().mean() * scale
            let loss = residual + (network(ends) - target).square().sum()
            loss.backward()
            adam.step()
        }
        let prediction = withoutGradients { network(x).value.squeezed(axis: 1) }
        return (relativeError(prediction, exact), prediction)
    }
}
