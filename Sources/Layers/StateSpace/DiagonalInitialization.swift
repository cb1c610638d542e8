import Foundation
import Tensor

/// How the diagonal state matrix Λ of an S4D, S4-PTD or S5 layer starts, for state size N.
///
/// The structured initializations come from the S4D paper (Gu et al., 2022) and S4-PTD (Yu et al., 2024); the
/// HiPPO-based ones carry a basis change that maps real input and output matrices of HiPPO coordinates into the
/// eigenbasis. The random ones are the three switches of the authors' `dplr` (state-spaces/s4,
/// `src/models/sequence/kernels/dplr.py`), each on S4D-Lin's grid λ_n = −½ + iπn, n = 0..<N/2. Every layer keeps Λ in
/// conjugate-pair form (N/2 complex states, outputs 2·Re).
public enum DiagonalInitialization: Sendable {
    /// S4D-LegS: the eigenvalues of the normal part of HiPPO-LegS (−½ + iw, w from a Hermitian eigendecomposition),
    /// V unitary.
    case legendre
    /// S4D-Lin: λ_n = −½ + iπn.
    case linear
    /// S4D-Inv: λ_n = −½ + i(N/π)(N/(2n + 1) − 1).
    case inverse
    /// S4D-Lin with a random real part, the authors' `real_random`: Re λ_n = −U[0, 1), Im λ_n = πn.
    case randomReal
    /// S4D-Lin with random imaginary parts, the authors' `imag_random`: the grid n replaced by U[0, N/2) before the
    /// Lin map, Im λ_n = π·U[0, N/2), Re λ_n = −½.
    case randomImaginary
    /// The authors' `init='rand'`: log-normal imaginary parts, Im λ_n = e^{z}, z ~ N(0, 1), Re λ_n = −½.
    case random
    /// S4-PTD / S5-PTD: the eigenvalues of HiPPO-LegS A + E (`PerturbedDiagonalization`).
    case perturbedLegendre(Perturbation)

    /// Eigenvalues in conjugate-pair form for a state size `n` (N/2 of them for the closed forms; (N + r)/2 for a
    /// perturbed matrix with r real eigenvalues), with the HiPPO basis change where there is one.
    public func initialState(stateSize n: Int, using generator: inout RandomGenerator) throws -> InitialDiagonalState {
        precondition(n >= 2 && n % 2 == 0, "DiagonalInitialization: the state size must be even and positive, got \(n)")
        let half = n / 2
        func closedForm(_ imaginary: [Double], real: [Double]? = nil) -> InitialDiagonalState {
            InitialDiagonalState(
                eigenvalues: ComplexTensor(
                    real: Tensor(real ?? Array(repeating: -0.5, count: half), shape: [half]),
                    imaginary: Tensor(imaginary, shape: [half])),
                basis: nil)
        }
        let grid = (0..<half).map(Double.init)
        func draws(_ sample: (inout RandomGenerator) -> Tensor) -> [Double] { sample(&generator).toDoubles() }
        switch self {
        case .legendre:
            return InitialDiagonalState(basis: try HiPPO(.legendreScaled, stateSize: n).diagonalizedNormalPart())
        case .linear:
            return closedForm(grid.map { Double.pi * $0 })
        case .inverse:
            let size = Double(n)
            return closedForm(grid.map { size / Double.pi * (size / (2 * $0 + 1) - 1) })
        case .randomReal:
            let real = draws { Tensor.uniform([half], dtype: .float64, using: &$0) }
            return closedForm(grid.map { Double.pi * $0 }, real: real.map { -$0 })
        case .randomImaginary:
            let positions = draws { Tensor.uniform([half], high: Double(half), dtype: .float64, using: &$0) }
            return closedForm(positions.map { Double.pi * $0 })
        case .random:
            return closedForm(draws { Tensor.normal([half], dtype: .float64, using: &$0) }.map { Foundation.exp($0) })
        case .perturbedLegendre(let perturbation):
            let ptd = try PerturbedDiagonalization(
                HiPPO(.legendreScaled, stateSize: n).stateMatrix, perturbation: perturbation, using: &generator)
            return InitialDiagonalState(basis: ptd.diagonalization)
        }
    }
}

/// The initial Λ `[M]` of a layer in conjugate-pair form and, for HiPPO-based initializations, the eigenbasis V of the
/// full matrix with the states kept.
public struct InitialDiagonalState: Sendable {
    /// λ `[M]`, real parts at most −1e-4 (a perturbation may push a few eigenvalues to the right half plane; the layers
    /// parameterize Re λ = −e^a, so they are clipped as S5's `clip_eigs` does).
    public let eigenvalues: ComplexTensor
    /// V of the full matrix, nil for the closed forms.
    public let basis: Diagonalization?
    private let kept: Tensor
    private let weights: Tensor

    init(eigenvalues: ComplexTensor, basis: Diagonalization?) {
        self.eigenvalues = InitialDiagonalState.clipped(eigenvalues)
        self.basis = basis
        kept = Tensor((0..<eigenvalues.shape[0]).map(Int64.init), shape: [eigenvalues.shape[0]])
        weights = Tensor.ones([eigenvalues.shape[0]], dtype: .float64)
    }

    init(basis: Diagonalization) {
        let (indices, weights) = DiagonalSystem.conjugateHalfSelection(basis.eigenvalues)
        let kept = Tensor(indices.map(Int64.init), shape: [indices.count])
        self.eigenvalues = InitialDiagonalState.clipped(
            ComplexTensor(
                real: basis.eigenvalues.real.indexSelected(axis: 0, indices: kept),
                imaginary: basis.eigenvalues.imaginary.indexSelected(axis: 0, indices: kept)))
        self.basis = basis
        self.kept = kept
        self.weights = Tensor(weights, shape: [indices.count])
    }

    private static func clipped(_ eigenvalues: ComplexTensor) -> ComplexTensor {
        ComplexTensor(real: eigenvalues.real.clamped(max: -1e-4), imaginary: eigenvalues.imaginary)
    }

    /// M, the number of complex states.
    public var size: Int { eigenvalues.shape[0] }

    /// B̃ = (V⁻¹B) on the kept states, for a real B `[N]` or `[N, k]` of HiPPO coordinates: `[M]` or `[M, k]`.
    public func input(_ b: Tensor) throws -> ComplexTensor {
        guard let basis else {
            preconditionFailure("InitialDiagonalState.input: a closed-form initialization has no basis")
        }
        let transformed = try basis.transformedInput(b)
        return ComplexTensor(
            real: transformed.real.indexSelected(axis: 0, indices: kept),
            imaginary: transformed.imaginary.indexSelected(axis: 0, indices: kept))
    }

    /// C̃ = CV on the kept states (real eigenvalues' columns halved), for a real C `[N]` or `[k, N]`: `[M]` or `[k, M]`.
    public func output(_ c: Tensor) -> ComplexTensor {
        guard let basis else {
            preconditionFailure("InitialDiagonalState.output: a closed-form initialization has no basis")
        }
        let transformed = basis.transformedOutput(c)
        return ComplexTensor(
            real: transformed.real.indexSelected(axis: -1, indices: kept) * weights,
            imaginary: transformed.imaginary.indexSelected(axis: -1, indices: kept) * weights)
    }
}
