import Autograd
import Foundation
import Tensor

/// A deep neural mixture density on a box B ⊂ R^d (Trentin, 2020): p(x) = Σᵢ cᵢ·fᵢ(x)/Zᵢ, with fᵢ = softplus(MLPᵢ(x))
/// + 10⁻⁶ ≥ 0 a network's output (the box mapped onto [−1, 1]^d at its input), Zᵢ = ∫_B fᵢ estimated by midpoint quadrature, and c = softmax(logits) on the simplex.
///
/// log p(x) = logsumexpᵢ(log cᵢ + log fᵢ(x) − log Zᵢ). Training minimizes −(1/n)Σ log p(xₖ) + λΣᵢ(Zᵢ − 1)²: the
/// quadrature normalizes each component exactly as far as the quadrature is exact, and the penalty (the paper's soft
/// constraint) keeps the networks' own integrals near 1. The density is 0 outside B.
public final class NeuralMixtureDensity: Module {
    public let components: [MLP]
    /// The mixing logits, [K].
    public let logits: Parameter
    public let lower: [Double]
    public let upper: [Double]
    /// softplus⁻¹(1/|B|), added to every network's output so that an untrained fᵢ is about the uniform density
    /// (Zᵢ ≈ 1, so the penalty starts near 0 instead of dwarfing the likelihood).
    public let outputShift: Double

    /// - Parameters: hidden: the hidden widths of each component's MLP (tanh), e.g. [32, 32]; lower, upper: the box.
    public init(
        components count: Int, hidden: [Int], lower: [Double], upper: [Double], using generator: inout RandomGenerator
    ) {
        precondition(
            count >= 1 && !lower.isEmpty && lower.count == upper.count && zip(lower, upper).allSatisfy { $0 < $1 },
            "NeuralMixtureDensity: \(count) components on the box \(lower) … \(upper)")
        components = (0..<count).map { _ in
            MLP([lower.count] + hidden + [1], activation: .tanh, dtype: .float64, using: &generator)
        }
        logits = Parameter(Tensor.zeros([count], dtype: .float64))
        self.lower = lower
        self.upper = upper
        let volume = zip(lower, upper).reduce(1.0) { $0 * ($1.1 - $1.0) }
        outputShift = log(expm1(1 / volume))
        super.init()
    }

    /// fᵢ at the rows of `x` [n, d]: [n, K]. The networks see x mapped affinely onto [−1, 1]^d.
    public func unnormalized(_ x: Variable) -> Variable {
        let scale = Tensor(zip(lower, upper).map { 2 / ($1 - $0) }, shape: [lower.count], dtype: .float64)
        let shift = Tensor(zip(lower, upper).map { -($1 + $0) / ($1 - $0) }, shape: [lower.count], dtype: .float64)
        let unit = x * Variable(scale) + Variable(shift)
        return Variable.concatenated(components.map { ($0(unit) + outputShift).softplus() + 1e-6 }, axis: 1)
    }

    /// The midpoint grid of the box with `count` nodes per axis: nodes [count^d, d] and the cell volume.
    public func midpointGrid(count: Int) -> (nodes: Tensor, volume: Double) {
        let d = lower.count
        let total = Int(pow(Double(count), Double(d)))
        var values = [Double](repeating: 0, count: total * d)
        for index in 0..<total {
            var rest = index
            for axis in (0..<d).reversed() {
                let k = rest % count
                rest /= count
                values[index * d + axis] = lower[axis] + (Double(k) + 0.5) * (upper[axis] - lower[axis]) / Double(count)
            }
        }
        let volume = zip(lower, upper).reduce(1.0) { $0 * ($1.1 - $1.0) / Double(count) }
        return (Tensor(values, shape: [total, d], dtype: .float64), volume)
    }

    /// Zᵢ by midpoint quadrature on `grid`, [K].
    public func normalizers(on grid: (nodes: Tensor, volume: Double)) -> Variable {
        unnormalized(Variable(grid.nodes)).sum(axis: 0) * grid.volume
    }

    /// log p at the rows of `x` [n, d], [n], given the normalizers Zᵢ.
    public func logDensities(_ x: Variable, normalizers: Variable) -> Variable {
        let logWeights = logits.variable.logSoftmax(axis: 0)
        return (unnormalized(x).log() + (logWeights - normalizers.log())).logSumExp(axes: [1])
    }

    /// −(1/n)Σ log p(xₖ) + λΣᵢ(Zᵢ − 1)², the normalizers taken on `grid`.
    public func loss(_ x: Tensor, grid: (nodes: Tensor, volume: Double), penalty: Double) -> Variable {
        let z = normalizers(on: grid)
        return logDensities(Variable(x), normalizers: z).mean() * -1 + (z - 1).square().sum() * penalty
    }

    /// ∫_B p by midpoint quadrature on a `count`^d grid, with the normalizers from the training grid `grid` — the check
    /// that the trained density integrates to 1 on a finer grid than the one it was trained with.
    public func totalMass(count: Int, grid: (nodes: Tensor, volume: Double)) -> Double {
        withoutGradients {
            let z = normalizers(on: grid)
            let fine = midpointGrid(count: count)
            return logDensities(Variable(fine.nodes), normalizers: z).value.exp().sum().item() * fine.volume
        }
    }
}
