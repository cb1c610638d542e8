import Foundation
import Tensor
import TestSupport
import XCTest

@testable import Layers

/// The stochastic EnKF against the Kalman filter on a linear-Gaussian update (large ensemble, within sampling
/// error), and the mechanics of inflation, localization and the Gaspari–Cohn taper.
final class EnsembleKalmanFilterTests: XCTestCase {
    /// Prior N(μ, P) in 3-D, variables 0 and 2 observed with σ = 0.5: the analysis ensemble's mean and covariance
    /// are the Kalman filter's, μ + K(y − Hμ) and (I − KH)P, within 5 standard errors of M = 40 000 members.
    func testLargeEnsembleMatchesTheKalmanFilter() throws {
        let mu = [1.0, -0.5, 2.0]
        let p = Tensor([1.0, 0.6, 0.2, 0.6, 2.0, -0.4, 0.2, -0.4, 1.5], shape: [3, 3])
        let (members, sigma) = (40_000, 0.5)
        let observed = [0, 2]
        let y = [1.8, 1.2]
        var g = RandomGenerator(seed: 11)
        let factor = try Linalg.cholesky(p)
        let prior =
            Tensor(mu, shape: [1, 3])
            + Tensor.normal([members, 3], dtype: .float64, using: &g).matmul(factor.transposed())
        let filter = EnsembleKalmanFilter(observationStandardDeviation: sigma)
        let analysis = try filter.analysis(of: prior, observed: observed, observations: y, using: &g)

        // The Kalman filter, by hand: S = HPHᵀ + R (2 × 2), K = PHᵀS⁻¹.
        let ph = p.indexSelected(axis: 1, indices: Tensor(observed.map(Int64.init)))
        let s =
            ph.indexSelected(axis: 0, indices: Tensor(observed.map(Int64.init))) + Tensor.eye(2, dtype: .float64)
            * (sigma * sigma)
        let gain = ph.matmul(try Linalg.inverse(s))
        let innovation = Tensor([y[0] - mu[0], y[1] - mu[2]], shape: [2, 1])
        let meanKF = (Tensor(mu, shape: [3, 1]) + gain.matmul(innovation)).toDoubles()
        let covarianceKF = (p - gain.matmul(ph.transposed())).toDoubles()

        let mean = analysis.mean(axes: [0], keepDims: true)
        let anomalies = analysis - mean
        let covariance = (anomalies.transposed().matmul(anomalies) / Double(members - 1)).toDoubles()
        let pv = p.toDoubles()
        for i in 0..<3 {
            XCTAssertEqual(
                mean.toDoubles()[i], meanKF[i], accuracy: 5 * (pv[4 * i] / Double(members)).squareRoot(), "mean \(i)")
            for j in 0..<3 {
                let standardError = ((pv[4 * i] * pv[4 * j] + pv[3 * i + j] * pv[3 * i + j]) / Double(members))
                    .squareRoot()
                XCTAssertEqual(
                    covariance[3 * i + j], covarianceKF[3 * i + j], accuracy: 5 * standardError, "P[\(i), \(j)]")
            }
        }
        // The update is not the identity: the observed variances shrink well below the prior's.
        XCTAssertLessThan(covariance[0], 0.5 * pv[0])
    }

    /// With nothing observed the analysis is the forecast with anomalies scaled by the inflation.
    func testInflationScalesTheAnomalies() throws {
        var g = RandomGenerator(seed: 2)
        let ensemble = Tensor.normal([8, 5], dtype: .float64, using: &g)
        let filter = EnsembleKalmanFilter(observationStandardDeviation: 1, inflation: 1.3)
        let result = try filter.analysis(of: ensemble, observed: [], observations: [], using: &g)
        let mean = ensemble.mean(axes: [0], keepDims: true)
        assertClose(result, mean + (ensemble - mean) * 1.3, relativeTolerance: 1e-14, absoluteTolerance: 1e-14)
    }

    /// Localization: a variable beyond 2c of every observation on the ring is left exactly as forecast.
    func testLocalizationLeavesDistantVariablesAlone() throws {
        var g = RandomGenerator(seed: 3)
        let ensemble =
            Tensor.normal([20, 10], dtype: .float64, using: &g) + Tensor.normal([1, 10], dtype: .float64, using: &g)
        let taper = EnsembleKalmanFilter.periodicGaspariCohn(size: 10, radius: 1)
        let filter = EnsembleKalmanFilter(observationStandardDeviation: 0.3, localization: taper)
        let result = try filter.analysis(of: ensemble, observed: [0, 1], observations: [2, -1], using: &g)
        for far in [4, 5, 6, 7] {
            // Exact up to the rounding of x̄ + (x − x̄).
            assertClose(
                result.selected(axis: 1, index: far), ensemble.selected(axis: 1, index: far), relativeTolerance: 0,
                absoluteTolerance: 1e-14, "variable \(far)")
        }
        XCTAssertNotEqual(
            result.selected(axis: 1, index: 0).toDoubles(), ensemble.selected(axis: 1, index: 0).toDoubles())
    }

    func testGaspariCohnTaper() {
        XCTAssertEqual(EnsembleKalmanFilter.gaspariCohn(0), 1)
        XCTAssertEqual(EnsembleKalmanFilter.gaspariCohn(2), 0)
        XCTAssertEqual(EnsembleKalmanFilter.gaspariCohn(3), 0)
        XCTAssertEqual(
            EnsembleKalmanFilter.gaspariCohn(1 - 1e-9), EnsembleKalmanFilter.gaspariCohn(1 + 1e-9), accuracy: 1e-7)
        XCTAssertEqual(EnsembleKalmanFilter.gaspariCohn(-0.5), EnsembleKalmanFilter.gaspariCohn(0.5))
        let taper = EnsembleKalmanFilter.periodicGaspariCohn(size: 6, radius: 1)
        XCTAssertEqual(taper.element(at: [0, 5]), EnsembleKalmanFilter.gaspariCohn(1), "the ring wraps")
        XCTAssertEqual(taper.toDoubles(), taper.transposed().contiguous().toDoubles())
    }

    func testBadObservationsStopWithAMessage() {
        expectFatalError(containing: "EnsembleKalmanFilter.analysis") {
            var g = RandomGenerator(seed: 0)
            _ = try? EnsembleKalmanFilter(observationStandardDeviation: 1).analysis(
                of: Tensor.zeros([4, 3], dtype: .float64), observed: [3], observations: [1], using: &g)
        }
    }
}
