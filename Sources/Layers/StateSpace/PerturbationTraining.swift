import Autograd
import Foundation
import Tensor

/// The perturbation of perturb-then-diagonalize trained as the S4-PTD authors train it: Adam on
/// J(E) = κ₂(Ṽ)² + λ·‖E‖_F, where A + E = Ṽ·diag(λ̃)·Ṽ⁻¹, from a uniform start (github.com/AnnanYu/Approximate_Diagonal,
/// S4-PTD/models/s4/s4_PTD.py, `perturbation_trainer`: `mse_loss(cond(V), 0) + lamb·norm(P)`, P complex uniform
/// in [0, ½γ)² with γ = 0.2, Adam with learning rate 0.1).
///
/// The authors perturb −A (their `perturbation` module builds the positive matrix −A_HiPPO), so their start P is
/// E = −P here. E is real: entries uniform in (−`initialScale`, 0], the real part of the authors' start. So A + E
/// stays real, its eigenvalues come in conjugate pairs and the diagonal layers keep their conjugate-pair form (the
/// matrix the authors ship, S4-PTD/ptbHiPPO32.mat, is real too: ṼΛ̃Ṽ⁻¹ − A has imaginary parts below 1e-13). The gradient of
/// κ₂ flows through the differentiable eigendecomposition (`Linalg.eig`) and the singular values of Ṽ's real
/// embedding (`conditionNumber(of:)`).
public struct PerturbationTraining: Sendable {
    /// λ, the weight of ‖E‖_F.
    public var penalty: Double
    public var steps: Int
    public var learningRate: Double
    /// Entries of the start are uniform in (−`initialScale`, 0].
    public var initialScale: Double

    public init(penalty: Double, steps: Int, learningRate: Double = 0.1, initialScale: Double = 0.1) {
        self.penalty = penalty
        self.steps = steps
        self.learningRate = learningRate
        self.initialScale = initialScale
    }

    /// One point of the optimization.
    public struct Record: Sendable {
        public var step: Int
        /// κ₂(Ṽ).
        public var conditionNumber: Double
        /// ‖E‖_F.
        public var norm: Double
        /// The largest Re λ(A + E): negative when A + E is stable.
        public var largestRealPart: Double
        /// κ₂(Ṽ)² + λ·‖E‖_F.
        public var objective: Double
    }

    /// E `[n, n]` for the real matrix `a` `[n, n]`: of the iterates whose A + E is stable (every Re λ < 0), the one
    /// with the lowest objective. The objective does not see stability, and Adam can end where an eigenvalue has
    /// crossed the imaginary axis (at n = 32, λ = 10: stable after 1500 steps, Re λ = +6 after 3000); the authors'
    /// shipped matrix is stable, so the selection keeps what their result has. The start is stable for any A whose
    /// eigenvalues lie left of −‖E₀‖₂ (HiPPO-LegS: −1, …, −n).
    /// - Returns: E, the history of every step, and the step E comes from.
    public func train(_ a: Tensor, using generator: inout RandomGenerator) throws -> (
        perturbation: Tensor, history: [Record], selectedStep: Int
    ) {
        precondition(a.rank == 2 && a.shape[0] == a.shape[1], "PerturbationTraining: A \(a.shape) is not square")
        let n = a.shape[0]
        let matrix = Variable(a.cast(to: .float64))
        let e = Parameter(
            Tensor.uniform([n, n], low: 0, high: initialScale, dtype: .float64, using: &generator).negated())
        let optimizer = Adam(parameters: [e], learningRate: learningRate)
        var history: [Record] = []
        var selected: (step: Int, value: Tensor)?
        for step in 0...steps {
            let (values, vectors) = try Linalg.eig(matrix + e.variable)
            let condition = try PerturbationTraining.conditionNumber(of: vectors)
            let norm = e.variable.square().sum().sqrt()
            let objective = condition.square() + norm * penalty
            let record = Record(
                step: step, conditionNumber: condition.item(), norm: norm.item(),
                largestRealPart: values.real.value.max().item(), objective: objective.item())
            history.append(record)
            if record.largestRealPart < 0 && selected.map({ record.objective < history[$0.step].objective }) ?? true {
                selected = (step, e.value)
            }
            if step == steps { break }
            objective.backward()
            optimizer.step()
        }
        guard let selected else {
            throw PerturbationTrainingError(
                description: "PerturbationTraining: no iterate of A + E was stable (A \(a.shape) is not stable itself)")
        }
        return (selected.value, history, selected.step)
    }

    /// κ₂(V) = σ_max/σ_min of a complex `[n, n]` matrix, differentiable: the singular values of its real embedding
    /// [[Re, −Im], [Im, Re]] (each appears twice there; `Linalg.singularValues` is exact to first order for them).
    public static func conditionNumber(of v: ComplexVariable) throws -> Variable {
        let embedding = Variable.concatenated(
            [
                Variable.concatenated([v.real, -v.imaginary], axis: 1),
                Variable.concatenated([v.imaginary, v.real], axis: 1),
            ], axis: 0)
        let singular = try Linalg.singularValues(embedding)
        let count = singular.shape[0]
        return singular.narrowed(axis: 0, start: 0, length: 1).reshaped([])
            / singular.narrowed(axis: 0, start: count - 1, length: 1).reshaped([])
    }
}

/// `PerturbationTraining` found no stable A + E.
public struct PerturbationTrainingError: Error, CustomStringConvertible {
    public let description: String
}
