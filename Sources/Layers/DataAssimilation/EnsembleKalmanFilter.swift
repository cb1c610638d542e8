import Foundation
import Tensor

/// The analysis step of the stochastic ensemble Kalman filter (Evensen, 1994; Burgers, van Leeuwen and Evensen,
/// 1998) with multiplicative inflation and covariance localization, for observations of some state variables with
/// independent Gaussian errors.
///
/// With the forecast ensemble X `[M, n]` (M members), its mean x̄ and anomalies A = λ·(X − x̄) (λ = `inflation`),
/// P = ρ ∘ (AᵀA/(M − 1)) (ρ `[n, n]` the localization taper, all ones when nil), H the selection of the observed
/// variables and R = σ²I:
///
///     K = P Hᵀ (H P Hᵀ + R)⁻¹,   Xᵃₘ = x̄ + Aₘ + K (y + σεₘ − H(x̄ + Aₘ)),   εₘ ~ N(0, I),
///
/// so that, as M → ∞ with λ = 1 and no localization, the analysis mean and covariance are the Kalman filter's
/// (perturbed observations keep the analysis spread right). All in Float64.
public struct EnsembleKalmanFilter: Sendable {
    /// σ, the standard deviation of each observation error.
    public let observationStandardDeviation: Double
    /// λ ≥ 1, the factor on the forecast anomalies.
    public let inflation: Double
    /// ρ `[n, n]`, multiplied elementwise into the sample covariance; nil for none.
    public let localization: Tensor?

    public init(observationStandardDeviation: Double, inflation: Double = 1, localization: Tensor? = nil) {
        precondition(
            observationStandardDeviation > 0 && inflation >= 1,
            "EnsembleKalmanFilter: needs σ > 0 and inflation ≥ 1, got σ = \(observationStandardDeviation), "
                + "inflation = \(inflation)")
        precondition(
            localization.map { $0.rank == 2 && $0.shape[0] == $0.shape[1] } ?? true,
            "EnsembleKalmanFilter: localization \(localization?.shape ?? []) must be square")
        self.observationStandardDeviation = observationStandardDeviation
        self.inflation = inflation
        self.localization = localization?.cast(to: .float64)
    }

    /// The analysis ensemble `[M, n]` (Float64; the inflated forecast when nothing is observed) from the forecast
    /// `ensemble: [M, n]` and the `observations` of the variables `observed` (distinct indices in `0..<n`). Throws
    /// when H P Hᵀ + R is not positive definite (it always is for σ > 0 unless the ensemble holds non-finite values).
    public func analysis(
        of ensemble: Tensor, observed: [Int], observations: [Double], using generator: inout RandomGenerator
    ) throws -> Tensor {
        precondition(
            ensemble.rank == 2 && ensemble.shape[0] >= 2,
            "EnsembleKalmanFilter.analysis: ensemble \(ensemble.shape) must be [members ≥ 2, n]")
        let (members, n) = (ensemble.shape[0], ensemble.shape[1])
        precondition(
            observed.count == observations.count && observed.allSatisfy { (0..<n).contains($0) }
                && Set(observed).count == observed.count,
            "EnsembleKalmanFilter.analysis: \(observations.count) observations of variables \(observed) for n = \(n)")
        precondition(
            localization.map { $0.shape == [n, n] } ?? true,
            "EnsembleKalmanFilter.analysis: localization \(localization!.shape) for n = \(n)")
        let x = ensemble.cast(to: .float64)
        let mean = x.mean(axes: [0], keepDims: true)
        let anomalies = (x - mean) * inflation
        let forecast = mean + anomalies
        guard !observed.isEmpty else { return forecast }
        var covariance = anomalies.transposed().matmul(anomalies) / Double(members - 1)
        if let localization { covariance = covariance * localization }
        let selection = Tensor(observed.map(Int64.init))
        let crossCovariance = covariance.indexSelected(axis: 1, indices: selection)  // P Hᵀ: [n, p]
        let innovationCovariance =
            crossCovariance.indexSelected(axis: 0, indices: selection)
            + Tensor.eye(observed.count, dtype: .float64)
            * (observationStandardDeviation * observationStandardDeviation)
        let factor = try Linalg.cholesky(innovationCovariance)
        let perturbed =
            Tensor(observations, shape: [1, observed.count], dtype: .float64)
            + Tensor.normal([members, observed.count], dtype: .float64, using: &generator)
            * observationStandardDeviation
        let innovations = perturbed - forecast.indexSelected(axis: 1, indices: selection)  // [M, p]
        // Xᵃ = X + innovations·(H P Hᵀ + R)⁻¹·(P Hᵀ)ᵀ; the middle matrix is symmetric.
        let weights = Linalg.choleskySolve(factor, innovations.transposed())  // [p, M]
        return forecast + weights.transposed().matmul(crossCovariance.transposed())
    }

    /// The Gaspari–Cohn taper ρ[i, j] = GC(dᵢⱼ/c) for n variables on a ring (dᵢⱼ = min(|i − j|, n − |i − j|)), with
    /// half-width c (`radius`; ρ = 0 beyond 2c): the usual localization for Lorenz-96.
    public static func periodicGaspariCohn(size n: Int, radius: Double) -> Tensor {
        precondition(n >= 1 && radius > 0, "periodicGaspariCohn: size \(n), radius \(radius)")
        var values = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                let separation = abs(i - j)
                values[i * n + j] = gaspariCohn(Double(min(separation, n - separation)) / radius)
            }
        }
        return Tensor(values, shape: [n, n], dtype: .float64)
    }

    /// The fifth-order piecewise rational function of Gaspari and Cohn (1999) at r = distance/c: 1 at 0, 0 from 2.
    public static func gaspariCohn(_ r: Double) -> Double {
        let r = abs(r)
        if r >= 2 { return 0 }
        let (r2, r3) = (r * r, r * r * r)
        let (r4, r5) = (r2 * r2, r2 * r3)
        if r <= 1 { return -r5 / 4 + r4 / 2 + 5 * r3 / 8 - 5 * r2 / 3 + 1 }
        return r5 / 12 - r4 / 2 + 5 * r3 / 8 + 5 * r2 / 3 - 5 * r + 4 - 2 / (3 * r)
    }
}
