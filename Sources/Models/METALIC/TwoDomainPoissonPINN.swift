import Autograd
import Foundation
import Layers
import Tensor

/// METALIC's inner solver at CPU scale: −u″ = f_β on [0, 1], u = sin(βπx), split at x = ½ into two subdomains, each
/// with its own tanh MLP (1 → width → width → 1, Float64), stitched by a chosen set of `InterfaceCondition`s.
///
/// Loss (the weights of the authors' `xpinn_poisson.py`): 20·(boundary misfit) + Σ_subdomains mean(r²) +
/// 5·Σ_{I ∈ set} penalty_I at the interface point. The residual is scaled by 1/(βπ)² and the flux by 1/(βπ), so every
/// term is O(1) whatever β (the authors' problems are not this stiff in β). Training: Adam (1e-3), then L-BFGS with
/// strong Wolfe line search; the figure is log₁₀ of the relative L2 error on 200 points.
struct TwoDomainPoissonPINN {
    let beta: Double
    let width: Int
    let pointsPerDomain: Int

    var wavenumber: Double { beta * Double.pi }

    func exact(_ x: Tensor) -> Tensor { (x * wavenumber).sin() }

    /// Trains from `seed` with `conditions` and returns log₁₀ rel-L2.
    func train(conditions: [InterfaceCondition], adamSteps: Int, lbfgsIterations: Int, seed: UInt64) -> Double {
        var generator = RandomGenerator(seed: seed)
        let networks = (0..<2).map { _ in
            MLP([1, width, width, 1], activation: .tanh, dtype: .float64, using: &generator)
        }
        let collocation = [
            Tensor.linspace(0, 0.5, count: pointsPerDomain, dtype: .float64),
            Tensor.linspace(0.5, 1, count: pointsPerDomain, dtype: .float64),
        ].map { $0.unsqueezed(axis: 1) }
        let sources = collocation.map { exact($0) * (wavenumber * wavenumber) }
        let interface = Tensor.full([1, 1], value: 0.5, dtype: .float64)
        let interfaceSource = exact(interface) * (wavenumber * wavenumber)
        let ends = [Tensor.zeros([1, 1], dtype: .float64), Tensor.ones([1, 1], dtype: .float64)]
        let boundaryValues = ends.map { exact($0) }
        let residualScale = 1 / (wavenumber * wavenumber)

        func traces(_ network: MLP) -> InterfaceTraces {
            let (u, gradient, laplacian) = ForwardLaplacian.derivatives(of: network, at: Variable(interface))
            return InterfaceTraces(
                value: u, normalDerivative: gradient.squeezed(axis: 1) / wavenumber,
                residual: (laplacian + Variable(interfaceSource)) * residualScale)
        }
        func loss() -> Variable {
            var total = (networks[0](Variable(ends[0])) - Variable(boundaryValues[0])).square().sum()
            total = (total + (networks[1](Variable(ends[1])) - Variable(boundaryValues[1])).square().sum()) * 20
            for (network, (points, source)) in zip(networks, zip(collocation, sources)) {
                let (_, laplacian) = ForwardLaplacian.valueAndLaplacian(of: network, at: Variable(points))
                total = total + ((laplacian + Variable(source)) * residualScale).square().mean()
            }
            return total + InterfaceCondition.penalty(conditions, traces(networks[0]), traces(networks[1])) * 5
        }

        let parameters = networks.flatMap { $0.parameters() }
        let adam = Adam(parameters: parameters, learningRate: 1e-3)
        for _ in 0..<adamSteps {
            loss().backward()
            adam.step()
        }
        if lbfgsIterations > 0 {
            let lbfgs = LBFGS(
                parameters: parameters, maximumIterations: lbfgsIterations, gradientTolerance: 1e-12,
                changeTolerance: 1e-16, historySize: 50, lineSearch: .strongWolfe)
            lbfgs.minimize(loss)
        }
        return Foundation.log10(relativeError(networks))
    }

    /// rel-L2 on 200 uniform points, each predicted by its subdomain's network.
    private func relativeError(_ networks: [MLP]) -> Double {
        let halves = [
            Tensor.linspace(0, 0.5, count: 100, dtype: .float64),
            Tensor.linspace(0.5, 1, count: 101, dtype: .float64).sliced(axis: 0, start: 1),
        ]
        var squaredError = 0.0
        var squaredNorm = 0.0
        for (network, x) in zip(networks, halves) {
            let prediction = withoutGradients { network(Variable(x.unsqueezed(axis: 1))).value.squeezed(axis: 1) }
            let truth = exact(x)
            squaredError += (prediction - truth).square().sum().item()
            squaredNorm += truth.square().sum().item()
        }
        return (squaredError / squaredNorm).squareRoot()
    }
}
