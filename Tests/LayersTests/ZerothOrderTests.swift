import Autograd
import Layers
import Tensor
import TestSupport
import XCTest

/// The zeroth-order estimators against what they estimate: CGE against analytic gradients (error O(μ)), RGE's mean
/// over many draws against the smoothed gradient, masks, and the batched MLP objective (every path equal to running
/// the module; feature reuse equal to the plain computation).
final class ZerothOrderTests: XCTestCase {
    /// ℓ(θ) = ½θᵀAθ + bᵀθ + Σ c_i θ_i³ in Float64.
    private struct Polynomial {
        let a: Tensor, b: Tensor, c: Tensor

        init(dimension: Int, cubic: Bool, using generator: inout RandomGenerator) {
            let m = Tensor.normal([dimension, dimension], dtype: .float64, using: &generator)
            a = m.matmul(m.transposed()) + Tensor.eye(dimension, dtype: .float64)
            b = Tensor.normal([dimension], dtype: .float64, using: &generator)
            c =
                cubic
                ? Tensor.normal([dimension], dtype: .float64, using: &generator)
                : Tensor.zeros([dimension], dtype: .float64)
        }

        var objective: ClosureObjective {
            ClosureObjective(parameterCount: b.count) { theta in
                let quadratic = 0.5 * (theta * a.matmul(theta)).sum().item() + (b * theta).sum().item()
                return quadratic + (c * theta * theta * theta).sum().item()
            }
        }

        func gradient(_ theta: Tensor) -> Tensor { a.matmul(theta) + b + 3 * c * theta * theta }
    }

    func testCoordinateEstimateOfAQuadraticErrsByHalfMuTimesTheCurvature() {
        var generator = RandomGenerator(seed: 1)
        let quadratic = Polynomial(dimension: 6, cubic: false, using: &generator)
        let theta = Tensor.normal([6], dtype: .float64, using: &generator)
        let exact = quadratic.gradient(theta)
        var errors: [Double] = []
        for mu in [1e-2, 5e-3, 2.5e-3] {
            let estimate = CoordinateGradientEstimator(smoothing: mu).estimate(quadratic.objective, at: theta)
            // A forward difference of a quadratic is exact up to (μ/2)·A_ii.
            assertClose(
                estimate, exact + quadratic.a.diagonal() * (mu / 2), relativeTolerance: 1e-8, absoluteTolerance: 1e-8)
            errors.append((estimate - exact).abs().max().item())
        }
        XCTAssertEqual(errors[0] / errors[1], 2, accuracy: 1e-4)
        XCTAssertEqual(errors[1] / errors[2], 2, accuracy: 1e-4)
    }

    func testRandomEstimateIsUnbiasedForTheSmoothedGradient() {
        var generator = RandomGenerator(seed: 2)
        let dimension = 3
        let cubic = Polynomial(dimension: dimension, cubic: true, using: &generator)
        let theta = Tensor.normal([dimension], dtype: .float64, using: &generator)
        let mu = 0.5
        let draws = 4000
        // For a cubic, ∇ℓ_μ = ∇ℓ + 3c·μ²·E[v_i²]: E v_i² = 1 for Gaussian v, 1/(d + 2) for v uniform in the unit ball.
        for (direction, secondMoment) in [
            (RandomGradientEstimator.Direction.gaussian, 1.0), (.sphere, 1 / Double(dimension + 2)),
        ] {
            let estimator = RandomGradientEstimator(directionCount: 4, smoothing: mu, direction: direction)
            let samples = (0..<draws).map { _ in
                estimator.estimate(cubic.objective, at: theta, using: &generator).toDoubles()
            }
            let smoothed = (cubic.gradient(theta) + 3 * mu * mu * secondMoment * cubic.c).toDoubles()
            let plain = cubic.gradient(theta).toDoubles()
            var separatesSmoothing = false
            for i in 0..<dimension {
                let values = samples.map { $0[i] }
                let mean = values.reduce(0, +) / Double(draws)
                let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(draws - 1)
                let standardError = (variance / Double(draws)).squareRoot()
                XCTAssertLessThan(abs(mean - smoothed[i]), 4 * standardError, "\(direction) coordinate \(i)")
                separatesSmoothing = separatesSmoothing || abs(mean - plain[i]) > 4 * standardError
            }
            XCTAssertTrue(separatesSmoothing, "\(direction): the mean should tell ∇ℓ_μ from ∇ℓ at μ = \(mu)")
        }
    }

    func testMasksLeaveTheOtherCoordinatesZero() {
        var generator = RandomGenerator(seed: 3)
        let cubic = Polynomial(dimension: 8, cubic: true, using: &generator)
        let theta = Tensor.normal([8], dtype: .float64, using: &generator)
        let mask = CoordinateMask(parameterCount: 8, indices: [6, 1, 4])
        let cge = CoordinateGradientEstimator(smoothing: 1e-4)
        let sparse = cge.estimate(cubic.objective, at: theta, mask: mask).toDoubles()
        let dense = cge.estimate(cubic.objective, at: theta).toDoubles()
        for direction in [RandomGradientEstimator.Direction.gaussian, .sphere] {
            let random = RandomGradientEstimator(directionCount: 5, direction: direction)
                .estimate(cubic.objective, at: theta, mask: mask, using: &generator).toDoubles()
            for i in 0..<8 where !mask.indices.contains(i) { XCTAssertEqual(random[i], 0, "\(direction) \(i)") }
            XCTAssertTrue(mask.indices.allSatisfy { random[$0] != 0 })
        }
        for i in 0..<8 {
            XCTAssertEqual(sparse[i], mask.indices.contains(i) ? dense[i] : 0, "coordinate \(i)")
        }
    }

    func testLayerwiseRandomMaskKeepsTheDensityOfEachBlock() {
        var generator = RandomGenerator(seed: 4)
        let mask = CoordinateMask.random(
            parameterCount: 30, blocks: [0..<10, 10..<20, 25..<30], densities: [0.3, 0, 1], using: &generator)
        XCTAssertEqual(mask.count(in: 0..<10), 3)
        XCTAssertEqual(mask.count(in: 10..<25), 0)
        XCTAssertEqual(Array(mask.indices.suffix(5)), Array(25..<30))
        let again = CoordinateMask.random(
            parameterCount: 30, blocks: [0..<10, 10..<20, 25..<30], densities: [0.3, 0, 1], using: &generator)
        XCTAssertEqual(again.count, mask.count)
    }

    /// A 5 → 7 → 6 → 3 tanh MLP in Float64 on 9 samples, with a squared loss per copy.
    private func mlpObjective(_ generator: inout RandomGenerator) -> (MLP, MLPObjective) {
        let mlp = MLP([5, 7, 6, 3], activation: .tanh, dtype: .float64, using: &generator)
        let x = Tensor.normal([9, 5], dtype: .float64, using: &generator)
        let target = Tensor.normal([9, 3], dtype: .float64, using: &generator)
        return (mlp, MLPObjective(mlp, inputs: x) { outputs in (outputs - target).square().mean(axes: [1, 2]) })
    }

    func testBatchedMLPLossesEqualTheModuleAtEachParameterVector() {
        var generator = RandomGenerator(seed: 5)
        let (mlp, objective) = mlpObjective(&generator)
        let vector = ParameterVector(mlp)
        XCTAssertEqual(objective.parameterCount, mlp.parameterCount)
        XCTAssertEqual(objective.layerRanges.map(\.count), [42, 48, 21])
        let theta = vector.flattened()
        let x = objective.inputs
        let probe = Tensor.normal([9, 3], dtype: .float64, using: &generator)  // weighs every output differently
        // The reference: assign each row to the module and run it.
        let rows =
            theta.unsqueezed(axis: 0)
            + Tensor.normal([4, theta.count], standardDeviation: 0.1, dtype: .float64, using: &generator)
        var expected: [Double] = []
        for k in 0..<4 {
            vector.assign(rows.selected(axis: 0, index: k).contiguous())
            expected.append((mlp(Variable(x)).value * probe).sum().item())
        }
        vector.assign(theta)
        let sums = MLPObjective(mlp, inputs: x) { ($0 * probe).sum(axes: [1, 2]) }
        assertClose(sums.losses(at: rows), expected, relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
        // Replacing one layer's block, from the data and from the reused input.
        for layer in 0..<3 {
            let range = objective.layerRanges[layer]
            var mixed = theta.unsqueezed(axis: 0).expanded(to: [4, theta.count]).contiguous()
            mixed = Tensor.concatenated(
                [
                    mixed.narrowed(axis: 1, start: 0, length: range.lowerBound),
                    rows.narrowed(axis: 1, start: range.lowerBound, length: range.count),
                    mixed.narrowed(axis: 1, start: range.upperBound, length: theta.count - range.upperBound),
                ], axis: 1)
            let blocks = rows.narrowed(axis: 1, start: range.lowerBound, length: range.count).contiguous()
            let inputs = sums.layerInputs(at: theta)
            let full = sums.losses(at: mixed)
            assertClose(
                sums.losses(replacing: layer, with: blocks, at: theta, reusing: nil), full, relativeTolerance: 1e-12,
                absoluteTolerance: 1e-12)
            assertClose(
                sums.losses(replacing: layer, with: blocks, at: theta, reusing: inputs[layer]), full,
                relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
        }
    }

    func testFeatureReuseGivesThePlainEstimate() {
        var generator = RandomGenerator(seed: 6)
        let (mlp, objective) = mlpObjective(&generator)
        let theta = ParameterVector(mlp).flattened()
        let mask = CoordinateMask.random(
            parameterCount: theta.count, blocks: objective.layerRanges, densities: [0.4, 0.5, 1], using: &generator)
        for mask in [nil, mask] {
            let cge = CoordinateGradientEstimator(smoothing: 1e-3, batchSize: 5)  // chunks straddle the layers
            let generic = cge.estimate(objective, at: theta, mask: mask)
            let plain = cge.estimate(objective, at: theta, mask: mask, reusingFeatures: false)
            let reused = cge.estimate(objective, at: theta, mask: mask, reusingFeatures: true)
            assertClose(plain, generic, relativeTolerance: 1e-8, absoluteTolerance: 1e-10)
            assertClose(reused, generic, relativeTolerance: 1e-8, absoluteTolerance: 1e-10)
        }
    }

    func testCoordinateEstimateOfAnMLPMatchesBackpropagation() {
        var generator = RandomGenerator(seed: 7)
        let (mlp, objective) = mlpObjective(&generator)
        let vector = ParameterVector(mlp)
        let target = Tensor.normal([9, 3], dtype: .float64, using: &generator)
        let squared = MLPObjective(mlp, inputs: objective.inputs) { ($0 - target).square().mean(axes: [1, 2]) }
        Loss.meanSquaredError(mlp(Variable(objective.inputs)), Variable(target)).backward()
        let backpropagated = Tensor.concatenated(vector.parameters.map { $0.gradient!.flattened() }, axis: 0)
        let estimate = CoordinateGradientEstimator(smoothing: 1e-7)
            .estimate(squared, at: vector.flattened(), reusingFeatures: true)
        assertClose(estimate, backpropagated, relativeTolerance: 1e-5, absoluteTolerance: 1e-7)
    }

    func testParameterVectorRoundTripsValuesAndGradients() {
        var generator = RandomGenerator(seed: 8)
        let mlp = MLP([3, 4, 2], dtype: .float64, using: &generator)
        let vector = ParameterVector(mlp)
        XCTAssertEqual(vector.names, ["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"])
        XCTAssertEqual(vector.ranges, [0..<12, 12..<16, 16..<24, 24..<26])
        let theta = vector.flattened()
        assertClose(theta.narrowed(axis: 0, start: 12, length: 4), mlp.layers[0].bias!.value, relativeTolerance: 0)
        let shifted = theta + 1
        vector.assign(shifted)
        assertClose(mlp.layers[1].weight.value.flattened(), shifted.narrowed(axis: 0, start: 16, length: 8))
        vector.setGradients(theta)
        assertClose(mlp.layers[0].weight.gradient!, theta.narrowed(axis: 0, start: 0, length: 12).reshaped([4, 3]))
        // The objective evaluates at θ and puts the parameters back.
        let x = Variable(Tensor.ones([2, 3], dtype: .float64))
        let objective = vector.objective { mlp(x).value.sum().item() }
        let atTheta = objective.loss(at: theta)
        assertClose(vector.flattened(), shifted, relativeTolerance: 0, absoluteTolerance: 0)
        vector.assign(theta)
        XCTAssertEqual(atTheta, mlp(x).value.sum().item(), accuracy: 1e-12)
    }

    func testBadInputsStopWithTheirShapes() {
        expectFatalError(containing: "CoordinateGradientEstimator: a mask of 3 coordinates for 2 parameters") {
            let objective = ClosureObjective(parameterCount: 2) { $0.sum().item() }
            _ = CoordinateGradientEstimator().estimate(
                objective, at: Tensor([1.0, 2.0]), mask: CoordinateMask(parameterCount: 3, indices: [0]))
        }
        expectFatalError(containing: "θ is float64 [3], the objective takes float64 [2]") {
            var generator = RandomGenerator(seed: 0)
            let objective = ClosureObjective(parameterCount: 2) { $0.sum().item() }
            _ = RandomGradientEstimator(directionCount: 2).estimate(
                objective, at: Tensor([1.0, 2.0, 3.0]), using: &generator)
        }
    }
}
