import Foundation
import Layers
import Tensor
import XCTest

/// ARIMA simulation and estimation against closed forms and against statsmodels/SciPy. The reference numbers come from
/// scripts/arima_reference.py, which also wrote the series in Fixtures/arima_*.csv (NumPy's generator; seeds 11–13).
final class ARIMATests: XCTestCase {
    private func series(_ name: String) throws -> [Double] {
        try CSV.load(from: TestFiles.fixture(name + ".csv"), dtype: .float64).values.toDoubles()
    }

    private struct Reference {
        let name: String, p: Int, d: Int, q: Int
        /// (φ, θ, σ²) and statsmodels' log-likelihood there.
        let fixed: ([Double], [Double], Double), fixedLogLikelihood: Double
        /// statsmodels' exact MLE (φ…, θ…, σ²) and its log-likelihood.
        let likelihood: [Double], maximumLogLikelihood: Double
        let conditionalLeastSquares: [Double]
        let polynomialMaximization: [Double]
    }

    private let references = [
        Reference(
            name: "arima_110", p: 1, d: 1, q: 0, fixed: ([0.45], [], 1.3), fixedLogLikelihood: -458.76556963882445,
            likelihood: [0.4919930120827613, 1.2548196138091583], maximumLogLikelihood: -458.336475563026,
            conditionalLeastSquares: [0.49315924588264265], polynomialMaximization: [0.5131088624264554]),
        Reference(
            name: "arima_201", p: 2, d: 0, q: 1, fixed: ([0.4, -0.2], [0.3], 0.8),
            fixedLogLikelihood: -591.4325573730001,
            likelihood: [0.6241696446247581, -0.39537695916304827, 0.29803629344405774, 1.0002997423922966],
            maximumLogLikelihood: -568.1632701219629,
            conditionalLeastSquares: [0.6032830887878342, -0.38176739750559174, 0.3169201886364484],
            polynomialMaximization: [0.6137864147503803, -0.38815626903837425, 0.308256547697428]),
        Reference(
            name: "arima_111", p: 1, d: 1, q: 1, fixed: ([0.55], [0.35], 1.1), fixedLogLikelihood: -425.10450010378685,
            likelihood: [0.4829530333319178, 0.39700289981437625, 0.995049930248844],
            maximumLogLikelihood: -423.9147084925243,
            conditionalLeastSquares: [0.4828186325817947, 0.39931259729380736],
            polynomialMaximization: [0.5197782538946019, 0.36549649075946666]),
    ]

    func testKalmanLogLikelihoodMatchesStatsmodels() throws {
        for reference in references {
            let w = Differencing.differenced(try series(reference.name), order: reference.d)
            let model = ARIMAModel(
                autoregressive: reference.fixed.0, movingAverage: reference.fixed.1, differences: reference.d,
                innovationVariance: reference.fixed.2)
            let logLikelihood = try XCTUnwrap(model.exactLogLikelihood(differenced: w))
            XCTAssertEqual(
                logLikelihood / reference.fixedLogLikelihood, 1, accuracy: 1e-8,
                "\(reference.name): \(logLikelihood) vs statsmodels \(reference.fixedLogLikelihood)")
        }
    }

    func testExactMaximumLikelihoodMatchesStatsmodels() throws {
        for reference in references {
            let fit = ARIMAModel.fit(
                try series(reference.name), p: reference.p, d: reference.d, q: reference.q, by: .exactMaximumLikelihood)
            XCTAssertTrue(fit.converged, reference.name)
            let estimated = fit.model.autoregressive + fit.model.movingAverage + [fit.model.innovationVariance]
            for (value, expected) in zip(estimated, reference.likelihood) {
                XCTAssertEqual(
                    value, expected, accuracy: 1e-4, "\(reference.name): \(estimated) vs \(reference.likelihood)")
            }
            let logLikelihood = try XCTUnwrap(fit.logLikelihood)
            XCTAssertEqual(logLikelihood / reference.maximumLogLikelihood, 1, accuracy: 1e-8, reference.name)
        }
    }

    func testConditionalLeastSquaresMatchesSciPy() throws {
        for reference in references {
            let fit = ARIMAModel.fit(
                try series(reference.name), p: reference.p, d: reference.d, q: reference.q, by: .conditionalLeastSquares
            )
            let estimated = fit.model.autoregressive + fit.model.movingAverage
            for (value, expected) in zip(estimated, reference.conditionalLeastSquares) {
                XCTAssertEqual(value, expected, accuracy: 1e-6, "\(reference.name): \(estimated)")
            }
        }
    }

    /// PMM2 from the likelihood fit, against a NumPy transcription of EstemPMM's algorithm from statsmodels' fit.
    func testPolynomialMaximizationMatchesReference() throws {
        for reference in references {
            let fit = ARIMAModel.fit(
                try series(reference.name), p: reference.p, d: reference.d, q: reference.q, by: .polynomialMaximization)
            XCTAssertTrue(fit.converged, reference.name)
            let estimated = fit.model.autoregressive + fit.model.movingAverage
            for (value, expected) in zip(estimated, reference.polynomialMaximization) {
                XCTAssertEqual(value, expected, accuracy: 1e-5, "\(reference.name): \(estimated)")
            }
        }
    }

    /// AR(1): log L = −(n/2)log 2πσ² + ½log(1 − φ²) − [(1 − φ²)w₀² + Σ(w_t − φw_{t−1})²]/(2σ²).
    func testKalmanLikelihoodOfAR1HasItsClosedForm() throws {
        let w = [0.3, -1.2, 0.8, 2.1, 0.4, -0.6, 1.5]
        let phi = 0.7
        let variance = 1.7
        var squares = (1 - phi * phi) * w[0] * w[0]
        for t in 1..<w.count { squares += (w[t] - phi * w[t - 1]) * (w[t] - phi * w[t - 1]) }
        let n = Double(w.count)
        let expected = -n / 2 * log(2 * Double.pi * variance) + 0.5 * log(1 - phi * phi) - squares / (2 * variance)
        let filter = try XCTUnwrap(KalmanFilter(w, autoregressive: [phi], movingAverage: []))
        XCTAssertEqual(filter.logLikelihood(innovationVariance: variance), expected, accuracy: 1e-12)
        XCTAssertNil(KalmanFilter(w, autoregressive: [1.01], movingAverage: []), "no stationary start")
    }

    /// P₀ is the autocovariance of the state: AR(1) 1/(1 − φ²); MA(1) [[1 + θ², θ], [θ, θ²]]; ARMA(1, 1)
    /// γ₀ = (1 + 2φθ + θ²)/(1 − φ²).
    func testStationaryCovarianceHasClosedForms() throws {
        let ar = ARMAStateSpace(autoregressive: [0.6], movingAverage: [])
        XCTAssertEqual(try XCTUnwrap(ar.stationaryCovariance(autoregressive: [0.6]))[0], 1 / 0.64, accuracy: 1e-14)
        let ma = ARMAStateSpace(autoregressive: [], movingAverage: [0.4])
        let maCovariance = try XCTUnwrap(ma.stationaryCovariance(autoregressive: []))
        for (value, expected) in zip(maCovariance, [1.16, 0.4, 0.4, 0.16]) {
            XCTAssertEqual(value, expected, accuracy: 1e-14)
        }
        let arma = ARMAStateSpace(autoregressive: [0.5], movingAverage: [0.3])
        let armaCovariance = try XCTUnwrap(arma.stationaryCovariance(autoregressive: [0.5]))
        XCTAssertEqual(armaCovariance[0], (1 + 2 * 0.5 * 0.3 + 0.09) / 0.75, accuracy: 1e-13)
        XCTAssertTrue(ARMAStateSpace.isStationary([0.5, 0.3]))
        XCTAssertFalse(ARMAStateSpace.isStationary([0.5, 0.6]), "φ₁ + φ₂ > 1")
        XCTAssertFalse(ARMAStateSpace.isStationary([0, -1.1]), "|φ₂| > 1")
        XCTAssertFalse(ARMAStateSpace.isStationary([0.2, -0.5, 1]), "|φ₃| = 1")
    }

    /// The simulated series differences back to the ARMA recursion driven by the drawn innovations.
    func testSimulatedSeriesFollowsTheRecursion() {
        let model = ARIMAModel(autoregressive: [0.5], movingAverage: [0.3], differences: 1, innovationVariance: 4)
        var generator = RandomGenerator(seed: 3)
        let unit = (0..<71).map { _ in generator.nextDouble() - 0.5 }
        let y = model.simulate(count: 50, burnIn: 20, innovations: unit)
        let drawn = unit.map { 2 * $0 }
        XCTAssertEqual(y.count, 50)
        let w = Differencing.differenced(y)
        // w[k] is the ARMA value at time 22 + k of the recursion driven by `drawn` (71 = 20 + 50 + 1 values; the
        // integrated series drops its first d = 1 values after the zero start).
        for k in 1..<w.count {
            let t = 22 + k
            XCTAssertEqual(w[k] - 0.5 * w[k - 1] - 0.3 * drawn[t - 1], drawn[t], accuracy: 1e-12)
        }
        XCTAssertEqual(Differencing.differenced(Differencing.integrated([1, 2, 3], order: 2), order: 2), [1, 2, 3])
        XCTAssertEqual(Differencing.integrated([1, 2, 3]), [0, 1, 3, 6])
    }

    /// g = 1 − γ₃²/(2 + γ₄): 5/9 for χ²₃ (γ₃ = √(8/3), γ₄ = 4), 3/5 for Gamma(2) (√2, 3), 1 for a Gaussian; with m₃ = 0
    /// the PMM2 equations are least squares' normal equations.
    func testPolynomialMaximizationClosedForms() {
        XCTAssertEqual(
            PolynomialMaximization.varianceRatio(skewness: (8.0 / 3).squareRoot(), excessKurtosis: 4), 5.0 / 9,
            accuracy: 1e-15)
        XCTAssertEqual(
            PolynomialMaximization.varianceRatio(skewness: 2.0.squareRoot(), excessKurtosis: 3), 0.6, accuracy: 1e-15)
        XCTAssertEqual(PolynomialMaximization.varianceRatio(skewness: 0, excessKurtosis: 0), 1)
        let moments = PolynomialMaximization.Moments(residuals: [1, -2, 3, 0.5])
        XCTAssertEqual(moments.m2, (1 + 4 + 9 + 0.25) / 4)
        XCTAssertEqual(moments.m3, (1 - 8 + 27 + 0.125) / 4)
        XCTAssertEqual(moments.m4, (1 + 16 + 81 + 0.0625) / 4)
        // y = b₀ + b₁x: least squares in closed form.
        let x = [0.0, 1, 2, 3, 4, 5]
        let y = [1.1, 2.9, 5.2, 7.1, 8.8, 11.3]
        let meanX = x.reduce(0, +) / 6
        let meanY = y.reduce(0, +) / 6
        let slope =
            zip(x, y).reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanY) }
            / x.reduce(0) { $0 + ($1 - meanX) * ($1 - meanX) }
        let design = x.flatMap { value -> [Double] in [1, value] }
        let solution = PolynomialMaximization.solve(
            design: design, response: y, start: [0, 0], moments: PolynomialMaximization.Moments(m2: 1, m3: 0, m4: 3))
        XCTAssertTrue(solution.converged)
        XCTAssertEqual(solution.coefficients[1], slope, accuracy: 1e-9)
        XCTAssertEqual(solution.coefficients[0], meanY - slope * meanX, accuracy: 1e-9)
    }
}
