import Autograd
import Foundation
import Tensor

/// The grid spectral-mixture product (GSMP) kernel (Suwandi et al., 2023): a linear multiple kernel
/// κ(τ) = Σ_m α_m·k_m(τ) whose sub-kernels are products over the D input axes of one-dimensional spectral-mixture
/// components on a fixed grid, k_m(τ) = Π_d exp(−τ_d²/(2ℓ_md²))·cos(2πμ_md·τ_d), with frequencies μ_md (cycles per
/// unit of x) and envelope lengthscales ℓ_md (a Gaussian spectral density of deviation 1/(2πℓ_md) around ±μ_md).
/// Only the weights α `[M]` are hyperparameters (α ≥ 0 keeps κ positive semi-definite); the grid is fixed, so the
/// sub-kernel Gram matrices are constants and κ's Gram matrix is linear in α.
public struct GridSpectralMixtureProductKernel: StationaryKernel {
    /// α `[M]`.
    public let weights: Variable
    /// μ `[M, D]`.
    public let frequencies: Tensor
    /// ℓ `[M, D]`.
    public let lengthscales: Tensor

    public init(weights: Variable, frequencies: Tensor, lengthscales: Tensor) {
        precondition(
            weights.rank == 1 && frequencies.rank == 2 && frequencies.shape[0] == weights.shape[0]
                && lengthscales.shape == frequencies.shape,
            "GridSpectralMixtureProductKernel: weights must be [M] and frequencies, lengthscales [M, D], got "
                + "\(weights.shape), \(frequencies.shape), \(lengthscales.shape)")
        precondition(
            lengthscales.toDoubles().allSatisfy { $0 > 0 },
            "GridSpectralMixtureProductKernel: lengthscales must be positive")
        self.weights = weights
        self.frequencies = frequencies
        self.lengthscales = lengthscales
    }

    /// The sub-kernels on the Cartesian product of per-axis grids: one sub-kernel per choice of a frequency on every
    /// axis (M = Π_d |frequencies[d]|, the last axis varying fastest), with the envelope lengthscale of axis d
    /// `lengthscales[d]`, and weights α.
    public init(weights: Variable, axisFrequencies: [[Double]], lengthscales: [Double]) {
        precondition(
            !axisFrequencies.isEmpty && axisFrequencies.count == lengthscales.count
                && axisFrequencies.allSatisfy { !$0.isEmpty },
            "GridSpectralMixtureProductKernel: one non-empty frequency grid and one lengthscale per axis, got "
                + "\(axisFrequencies.map(\.count)) grids and \(lengthscales.count) lengthscales")
        var rows: [[Double]] = [[]]
        for grid in axisFrequencies { rows = rows.flatMap { row in grid.map { row + [$0] } } }
        let shape = [rows.count, axisFrequencies.count]
        self.init(
            weights: weights, frequencies: Tensor(rows.flatMap { $0 }, shape: shape, dtype: weights.dtype),
            lengthscales: Tensor(
                Array(Array(repeating: lengthscales, count: rows.count).joined()), shape: shape, dtype: weights.dtype))
    }

    public var componentCount: Int { frequencies.shape[0] }
    public var dimensions: Int { frequencies.shape[1] }
    /// Only the covariance itself (derivatives of the product along one axis are not provided).
    public var maximumDerivativeOrder: Int { 0 }

    /// k_m(τ) for every sub-kernel, `[M, …]` for the differences `[…, D]`. Each distinct (axis, μ, ℓ) factor is
    /// evaluated once (a grid repeats them).
    public func subKernels(at differences: Tensor) -> Tensor {
        checkDerivative(
            "GridSpectralMixtureProductKernel", differences: differences, dimensions: dimensions, axis: 0, order: 0)
        let last = differences.rank - 1
        let mu = frequencies.toDoubles()
        let ell = lengthscales.toDoubles()
        var factors: [[Double]: Tensor] = [:]
        func factor(_ m: Int, _ d: Int) -> Tensor {
            let (frequency, lengthscale) = (mu[m * dimensions + d], ell[m * dimensions + d])
            let key = [Double(d), frequency, lengthscale]
            if let cached = factors[key] { return cached }
            let tau = differences.selected(axis: last, index: d)
            let envelope = (tau.square() * (-0.5 / (lengthscale * lengthscale))).exp()
            let computed = envelope * (tau * (2 * Double.pi * frequency)).cos()
            factors[key] = computed
            return computed
        }
        let components = (0..<componentCount).map { m in
            (1..<dimensions).reduce(factor(m, 0)) { $0 * factor(m, $1) }
        }
        return Tensor.stacked(components)
    }

    /// The sub-kernel Gram matrices k_m(xᵢ − yⱼ) `[M, N, K]` for `x` `[N, D]` and `y` `[K, D]`.
    public func subKernelMatrices(_ x: Tensor, _ y: Tensor) -> Tensor { subKernels(at: Self.differences(x, y)) }

    public func derivative(at differences: Tensor, axis: Int, order: Int) -> Variable {
        let basis = subKernels(at: differences)  // [M, …]
        let flat = Variable(basis.reshaped([componentCount, -1]))
        let combined = weights.unsqueezed(axis: 0).matmul(flat)  // [1, ∏…]
        return combined.reshaped(Array(differences.shape.dropLast()))
    }
}
