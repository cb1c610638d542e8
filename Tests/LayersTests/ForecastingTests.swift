import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

/// The forecasting pieces against direct references: the sparse product against the dense one, ridge regression
/// against its normal equations (and batch accumulation against one pass), delay windows and rollouts against
/// hand-built ones, NVAR recovering a quadratic map exactly, the echo-state network's spectral radius, fading memory
/// and a forecast of a rotation, and the valid prediction time on hand-made errors.
final class ForecastingTests: XCTestCase {
    func testSparseProductMatchesTheDenseOne() {
        var generator = RandomGenerator(seed: 1)
        let entries = (0..<20).map { _ in
            (
                row: Int(generator.nextInteger(below: 5)), column: Int(generator.nextInteger(below: 7)),
                value: generator.nextDouble() - 0.5
            )
        }
        let matrix = SparseMatrix(rows: 5, columns: 7, entries: entries)
        let x = Tensor.normal([3, 7], dtype: .float64, using: &generator)
        let expected = x.matmul(matrix.dense().transposed()).toDoubles()
        for (a, b) in zip(matrix.rightMultiplied(x).toDoubles(), expected) { XCTAssertEqual(a, b, accuracy: 1e-12) }
        XCTAssertEqual(matrix.scaled(by: 2).dense().toDoubles(), (matrix.dense() * 2).toDoubles())
        XCTAssertEqual(matrix.dense().sum().item(), entries.map(\.value).reduce(0, +), accuracy: 1e-12)
    }

    /// (XᵀX + αI)W = XᵀY holds; adding the rows in two batches gives the same weights.
    func testRidgeRegressionSolvesItsNormalEquations() throws {
        var generator = RandomGenerator(seed: 2)
        let x = Tensor.normal([40, 6], dtype: .float64, using: &generator)
        let y = Tensor.normal([40, 2], dtype: .float64, using: &generator)
        let w = try RidgeRegression.fit(features: x, targets: y, ridge: 0.3)
        let residual = x.transposed().matmul(x).matmul(w) + w * 0.3 - x.transposed().matmul(y)
        XCTAssertLessThan(residual.abs().max().item(), 1e-10)
        var equations = RidgeRegression(featureCount: 6, outputCount: 2)
        equations.add(
            features: x.narrowed(axis: 0, start: 0, length: 15), targets: y.narrowed(axis: 0, start: 0, length: 15))
        equations.add(
            features: x.narrowed(axis: 0, start: 15, length: 25), targets: y.narrowed(axis: 0, start: 15, length: 25))
        XCTAssertEqual(equations.rowCount, 40)
        for (a, b) in zip(try equations.solve(ridge: 0.3).toDoubles(), w.toDoubles()) {
            XCTAssertEqual(a, b, accuracy: 1e-12)
        }
    }

    func testDelayWindowsAndRollout() {
        // Series b: value 100b + t in both coordinates.
        var values: [Double] = []
        for b in 0..<2 {
            for t in 0..<6 { values += [Double(100 * b + t), Double(100 * b + t)] }
        }
        let series = Tensor(values, shape: [2, 6, 2], dtype: .float64)
        let (inputs, targets) = DelayEmbedding.forecastingPairs(series, length: 3)
        XCTAssertEqual(inputs.shape, [6, 3, 2])
        XCTAssertEqual(
            inputs.selected(axis: 2, index: 0).toDoubles(),
            [0, 1, 2, 1, 2, 3, 2, 3, 4, 100, 101, 102, 101, 102, 103, 102, 103, 104])
        XCTAssertEqual(targets.selected(axis: 1, index: 1).toDoubles(), [3, 4, 5, 103, 104, 105])
        // A Fibonacci rollout: next = sum of the last two.
        let context = Tensor([1.0, 1.0], shape: [1, 2, 1], dtype: .float64)
        let forecast = AutoregressiveRollout.forecast(context: context, window: 2, steps: 5) { $0.sum(axes: [1]) }
        XCTAssertEqual(forecast.shape, [1, 5, 1])
        XCTAssertEqual(forecast.toDoubles(), [2, 3, 5, 8, 13])
    }

    /// The Hénon map x' = 1 − 1.4x² + y, y' = 0.3x is quadratic in one state, so NVAR with one delay and a tiny ridge
    /// recovers it: its forecast follows the map for 15 steps.
    func testNVARRecoversAQuadraticMap() throws {
        func henon(_ s: [Double]) -> [Double] { [1 - 1.4 * s[0] * s[0] + s[1], 0.3 * s[0]] }
        var state = [0.1, 0.1]
        var points: [Double] = []
        for _ in 0..<400 {
            state = henon(state)
            points += state
        }
        let series = Tensor(points, shape: [1, 400, 2], dtype: .float64)
        var nvar = NonlinearVectorAutoregression(inputDimensions: 2, delays: 1)
        XCTAssertEqual(nvar.featureCount, 1 + 2 + 3)
        try nvar.fit(series.narrowed(axis: 1, start: 0, length: 300), ridge: 1e-10)
        let forecast = nvar.forecast(context: series.narrowed(axis: 1, start: 0, length: 300), steps: 15).toDoubles()
        let truth = series.narrowed(axis: 1, start: 300, length: 15).toDoubles()
        for (a, b) in zip(forecast, truth) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        // Two delays: features of a window are [1, x_t, x_{t−1}, their 10 products].
        let two = NonlinearVectorAutoregression(inputDimensions: 2, delays: 2)
        let window = Tensor([1.0, 2.0, 3.0, 5.0], shape: [1, 2, 2], dtype: .float64)
        XCTAssertEqual(
            two.features(window).toDoubles(), [1, 3, 5, 1, 2, 9, 15, 3, 6, 25, 5, 10, 1, 2, 4])
        // Degree 3 adds the 20 cubic monomials of L = (3, 5, 1, 2), each once: their sum is the complete homogeneous
        // polynomial h₃(L) = Σ_{i≤j≤l} L_i L_j L_l.
        let cubic = NonlinearVectorAutoregression(inputDimensions: 2, delays: 2, degree: 3)
        XCTAssertEqual(cubic.featureCount, 15 + 20)
        let features = cubic.features(window).toDoubles()
        XCTAssertEqual(Array(features[0..<15]), [1, 3, 5, 1, 2, 9, 15, 3, 6, 25, 5, 10, 1, 2, 4])
        let l: [Double] = [3, 5, 1, 2]
        var h3 = 0.0
        for i in 0..<4 { for j in i..<4 { for k in j..<4 { h3 += l[i] * l[j] * l[k] } } }
        XCTAssertEqual(features[15...].reduce(0, +), h3)
        XCTAssertEqual(features[15], 27)
        XCTAssertEqual(features[34], 8)
    }

    /// The reservoir is rescaled to spectral radius 0.9, so two different states driven by the same inputs converge
    /// (fading memory); the fitted network continues a rotation.
    func testEchoStateNetworkHasFadingMemoryAndContinuesARotation() throws {
        var generator = RandomGenerator(seed: 4)
        var network = try EchoStateNetwork(inputDimensions: 2, reservoirSize: 80, using: &generator)
        let eigenvalues = try Linalg.eig(network.reservoir.dense()).eigenvalues
        let radius = (eigenvalues.real.square() + eigenvalues.imaginary.square()).sqrt().max().item()
        XCTAssertEqual(radius, 0.9, accuracy: 1e-9)

        let angles = (0..<700).map { Double($0) * 2 * Double.pi / 25 }
        let circle = Tensor(angles.flatMap { [cos($0), sin($0)] }, shape: [1, 700, 2], dtype: .float64)
        var a = Tensor.normal([1, 80], dtype: .float64, using: &generator)
        var b = Tensor.zeros([1, 80], dtype: .float64)
        let gap = (a - b).abs().max().item()
        for t in 0..<200 {
            let input = circle.selected(axis: 1, index: t)
            (a, b) = (network.update(a, input: input), network.update(b, input: input))
        }
        XCTAssertLessThan((a - b).abs().max().item(), 1e-3 * gap, "the reservoir forgets its initial state")

        try network.fit(circle.narrowed(axis: 1, start: 0, length: 600), washout: 100, ridge: 1e-8)
        let forecast = network.forecast(context: circle.narrowed(axis: 1, start: 500, length: 100), steps: 50)
        let truth = circle.narrowed(axis: 1, start: 600, length: 50)
        XCTAssertEqual(forecast.shape, [1, 50, 2])
        XCTAssertLessThan((forecast - truth).abs().max().item(), 0.05)
    }

    /// Errors of 0.1·t in every coordinate with σ = 1: NRMSE(t) = 0.1·t, below 0.5 for t = 0 … 4; a NaN ends the count.
    func testValidPredictionTimeCountsTheLeadingValidSteps() {
        let truth = Tensor.zeros([2, 10, 3], dtype: .float64)
        var errors = (0..<10).flatMap { t in [Double](repeating: 0.1 * Double(t), count: 3) }
        errors += (0..<10).flatMap { t in [Double](repeating: t == 2 ? .nan : 0, count: 3) }
        let prediction = Tensor(errors, shape: [2, 10, 3], dtype: .float64)
        let steps = ValidPredictionTime.steps(
            prediction: prediction, truth: truth, scale: Tensor.ones([3], dtype: .float64), threshold: 0.5)
        XCTAssertEqual(steps, [5, 2])
        // σ = 2 halves the errors.
        let halved = ValidPredictionTime.steps(
            prediction: prediction.narrowed(axis: 0, start: 0, length: 1),
            truth: truth.narrowed(axis: 0, start: 0, length: 1),
            scale: Tensor.full([3], value: 2, dtype: .float64))
        XCTAssertEqual(halved, [10])
        XCTAssertEqual(
            ValidPredictionTime.lyapunovTimes(steps: 40, interval: 0.05, largestExponent: 0.9), 1.8, accuracy: 1e-12)
    }

    func testBadInputStopsWithAMessage() {
        expectFatalError(containing: "NonlinearVectorAutoregression.next: call fit first") {
            _ = NonlinearVectorAutoregression(inputDimensions: 2).next(Tensor.zeros([1, 2, 2], dtype: .float64))
        }
        expectFatalError(containing: "ValidPredictionTime: prediction [1, 2, 3] and truth [1, 2, 2]") {
            _ = ValidPredictionTime.steps(
                prediction: Tensor.zeros([1, 2, 3], dtype: .float64), truth: Tensor.zeros([1, 2, 2], dtype: .float64),
                scale: Tensor.ones([2], dtype: .float64))
        }
        expectFatalError(containing: "SparseMatrix.rightMultiplied: x must be Float64 [B, 3], got float64 [2, 4]") {
            _ = SparseMatrix(rows: 2, columns: 3, entries: [(0, 1, 1.0)]).rightMultiplied(
                Tensor.zeros([2, 4], dtype: .float64))
        }
        expectFatalError(containing: "RidgeRegression.solve: the ridge must be > 0") {
            _ = try? RidgeRegression(featureCount: 2, outputCount: 1).solve(ridge: 0)
        }
    }

    /// With its last layer zeroed the delay MLP is persistence: every forecast step repeats the last context state.
    func testDelayMLPWithZeroLastLayerIsPersistence() {
        var generator = RandomGenerator(seed: 5)
        let forecaster = DelayMLPForecaster(inputDimensions: 3, window: 4, hiddenDimensions: [16], using: &generator)
        let last = forecaster.network.layers.last!
        last.weight.assign(Tensor.zeros(last.weight.shape, dtype: .float32))
        last.bias!.assign(Tensor.zeros(last.bias!.shape, dtype: .float32))
        let context = Tensor.normal([2, 6, 3], using: &generator)
        let forecast = forecaster.forecast(context: context, steps: 3)
        XCTAssertEqual(forecast.shape, [2, 3, 3])
        let final = context.selected(axis: 1, index: 5).toDoubles()
        for step in 0..<3 { XCTAssertEqual(forecast.selected(axis: 1, index: step).toDoubles(), final) }
    }
}
