import Autograd
import Foundation
import Layers
import Tensor

/// Workloads of issue 13: the exact-GP marginal likelihood (peers in Benchmarks/peers/gp_ref.py).
///
/// gp.nll.n2000.grad: −log p(y | X, θ) of an exact GP with the ARD squared-exponential kernel on N = 2000 points in
/// 8-D (Float64) and its gradient with respect to θ = (8 log-lengthscales, log σ², log σ_n²): build K `[N, N]`, add
/// σ_n²I, Cholesky, solve, log-determinant, backward. Data from `BenchRandom(seed: 0)`: X uniform in [0, 1)⁸ row by
/// row, then y = sin(2πx₀)·cos(2πx₁) + x₂ + 0.1ε with ε standard normal; θ at ℓ_d = 0.5 + 0.1d, σ² = 1, σ_n² = 0.01.
extension Workloads {
    static var gaussianProcessWorkloads: [Workload] {
        [
            Workload(
                id: "gp.nll.n2000.grad", unit: "ms",
                run: {
                    let (inputs, targets) = gaussianProcessData(count: 2000, dimensions: 8)
                    let logLengthscales = Variable.leaf(
                        Tensor((0..<8).map { Foundation.log(0.5 + 0.1 * Double($0)) }, shape: [8], dtype: .float64))
                    let logVariance = Variable.leaf(Tensor(scalar: 0, dtype: .float64))
                    let logNoiseVariance = Variable.leaf(Tensor(scalar: Foundation.log(0.01), dtype: .float64))
                    let leaves = [logLengthscales, logVariance, logNoiseVariance]
                    return Timing.measure(samples: 9, warmup: 2, target: 0.2) {
                        let kernel = SquaredExponentialKernel(
                            logLengthscales: logLengthscales, logVariance: logVariance)
                        // K + σ_n²I is positive definite for these hyperparameters.
                        let gp = try! GaussianProcessRegression(
                            kernel: kernel, inputs: inputs, targets: targets, noiseVariance: logNoiseVariance.exp())
                        let nll = gp.negativeLogMarginalLikelihood()
                        nll.backward()
                        // The last evaluation's figures, for comparison with the peers' printout.
                        gaussianProcessCheck = String(
                            format: "nll %.12g, gradient %@", nll.item(),
                            leaves.flatMap { $0.gradient!.toDoubles() }.map { String(format: "%.8g", $0) }
                                .joined(separator: " "))
                        for leaf in leaves { leaf.zeroGradient() }
                    }
                }, note: { gaussianProcessCheck })
        ]
    }

    /// The value and gradient of the last gp.nll evaluation, printed beside its time.
    nonisolated(unsafe) private static var gaussianProcessCheck = ""

    /// X `[count, dimensions]` uniform in [0, 1) and y = sin(2πx₀)·cos(2πx₁) + x₂ + 0.1ε `[count]` (Float64), as
    /// gp_ref.py draws them.
    static func gaussianProcessData(count: Int, dimensions: Int) -> (inputs: Tensor, targets: Tensor) {
        var g = BenchRandom(seed: 0)
        let x = (0..<count * dimensions).map { _ in g.next() }
        let noise = g.normal([count], dtype: .float64).scalars(as: Double.self)
        let y = (0..<count).map { i in
            let (x0, x1, x2) = (x[i * dimensions], x[i * dimensions + 1], x[i * dimensions + 2])
            return Foundation.sin(2 * Double.pi * x0) * Foundation.cos(2 * Double.pi * x1) + x2 + 0.1 * noise[i]
        }
        return (
            Tensor(x, shape: [count, dimensions], dtype: .float64), Tensor(y, shape: [count], dtype: .float64)
        )
    }
}
