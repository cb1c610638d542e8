import Autograd
import Layers
import Tensor
import XCTest

final class OptimizerTests: XCTestCase {
    /// Rosenbrock f(x, y) = (1 − x)² + 100(y − x²)², minimum at (1, 1).
    private func rosenbrock(_ p: Parameter) -> Variable {
        let x = p.variable[0]
        let y = p.variable[1]
        return (1 - x).square() + (y - x.square()).square() * 100
    }

    func testLBFGSConvergesOnRosenbrockInFewIterations() {
        let p = Parameter(Tensor([-1.2, 1.0]))
        let lbfgs = LBFGS(
            parameters: [p], maximumIterations: 100, gradientTolerance: 1e-10, changeTolerance: 1e-14,
            lineSearch: .strongWolfe)
        lbfgs.minimize { self.rosenbrock(p) }
        XCTAssertEqual(p.value.toDoubles()[0], 1, accuracy: 1e-6)
        XCTAssertEqual(p.value.toDoubles()[1], 1, accuracy: 1e-6)
        XCTAssertLessThan(lbfgs.iterations, 60)
    }

    /// L-BFGS is invariant to scaling the loss (its initial Hessian γ = sᵀy/yᵀy scales along), so a quadratic
    /// multiplied by 1e-8 must take as many iterations as the original (with its tolerance scaled alike). An
    /// absolute curvature threshold (PyTorch's sᵀy > 1e-10) breaks this: it drops every pair of the scaled problem
    /// and leaves steepest descent.
    func testLBFGSIterationsDoNotDependOnTheLossScale() {
        let curvatures = Tensor((0..<20).map { pow(100, Double($0) / 19) })
        func iterations(scale: Double, _ test: LBFGS.CurvatureTest = .relative) -> Int {
            let p = Parameter(Tensor.zeros([20], dtype: .float64))
            let lbfgs = LBFGS(
                parameters: [p], maximumIterations: 200, gradientTolerance: 1e-9 * scale, changeTolerance: 0,
                historySize: 10, lineSearch: .strongWolfe, curvatureTest: test)
            lbfgs.minimize { ((p.variable - 1).square() * Variable(curvatures)).sum() * (0.5 * scale) }
            if test == .relative {
                XCTAssertEqual(p.value.toDoubles().map { abs($0 - 1) }.max()!, 0, accuracy: 1e-8)
            }
            return lbfgs.iterations
        }
        let unscaled = iterations(scale: 1)
        XCTAssertLessThan(unscaled, 120)
        XCTAssertLessThanOrEqual(iterations(scale: 1e-8), unscaled + 2)
        // PyTorch's rule, kept as an option, is the one that depends on the scale.
        XCTAssertGreaterThan(iterations(scale: 1e-8, .pytorch), unscaled + 20)
    }

    func testAdamStepMatchesHandComputation() {
        let p = Parameter(Tensor([1.0, -2.0]))
        let adam = Adam(parameters: [p], learningRate: 0.1)
        for _ in 0..<2 {
            (p.variable.square().sum()).backward()  // g = 2θ
            adam.step()
        }
        // Hand computation of two Adam steps (β₁ = 0.9, β₂ = 0.999, ε = 1e-8).
        var theta = [1.0, -2.0]
        var m = [0.0, 0.0]
        var v = [0.0, 0.0]
        for t in 1...2 {
            for i in 0..<2 {
                let g = 2 * theta[i]
                m[i] = 0.9 * m[i] + 0.1 * g
                v[i] = 0.999 * v[i] + 0.001 * g * g
                let mHat = m[i] / (1 - Foundation.pow(0.9, Double(t)))
                let vHat = v[i] / (1 - Foundation.pow(0.999, Double(t)))
                theta[i] -= 0.1 * mHat / (vHat.squareRoot() + 1e-8)
            }
        }
        XCTAssertEqual(p.value.toDoubles()[0], theta[0], accuracy: 1e-12)
        XCTAssertEqual(p.value.toDoubles()[1], theta[1], accuracy: 1e-12)
    }

    /// A parameter large enough that the update is split over the cores (an odd count, so the chunks differ) and
    /// each chunk into blocks that do not divide it: every element follows the hand computation, in Float64 and in
    /// Float32, and the value a caller kept is left as it was.
    func testUpdatesOfLargeParametersMatchTheHandComputationOnEveryElement() {
        let n = 300_001
        let initial = (0..<n).map { Double($0 % 97) / 10 - 4.8 }
        for (optimizer, dtype) in [
            ("Adam", DType.float64), ("SGD", .float64), ("RMSprop", .float64), ("Adam", .float32), ("SGD", .float32),
        ] {
            let start = Tensor(initial).cast(to: dtype).toDoubles()
            let p = Parameter(Tensor(initial).cast(to: dtype))
            let kept = p.value
            let step: () -> Void
            switch optimizer {
            case "Adam":
                let adam = Adam(parameters: [p], learningRate: 0.1, weightDecay: 0.01)
                step = adam.step
            case "SGD":
                let sgd = SGD(parameters: [p], learningRate: 0.1, momentum: 0.9, weightDecay: 0.5, nesterov: true)
                step = sgd.step
            default:
                let rms = RMSprop(parameters: [p], learningRate: 0.01, alpha: 0.9, momentum: 0.5)
                step = rms.step
            }
            var theta = start
            var first = [Double](repeating: 0, count: n)
            var second = [Double](repeating: 0, count: n)
            for t in 1...2 {
                (p.variable.square().sum()).backward()  // g = 2θ
                step()
                for i in 0..<n {
                    switch optimizer {
                    case "Adam":
                        let g = 2 * theta[i] + 0.01 * theta[i]
                        first[i] = 0.9 * first[i] + 0.1 * g
                        second[i] = 0.999 * second[i] + 0.001 * g * g
                        let mHat = first[i] / (1 - Foundation.pow(0.9, Double(t)))
                        let vHat = second[i] / (1 - Foundation.pow(0.999, Double(t)))
                        theta[i] -= 0.1 * mHat / (vHat.squareRoot() + 1e-8)
                    case "SGD":
                        let g = 2 * theta[i] + 0.5 * theta[i]
                        first[i] = t == 1 ? g : 0.9 * first[i] + g
                        theta[i] -= 0.1 * (g + 0.9 * first[i])
                    default:
                        let g = 2 * theta[i]
                        second[i] = 0.9 * second[i] + 0.1 * g * g
                        first[i] = 0.5 * first[i] + g / (second[i].squareRoot() + 1e-8)
                        theta[i] -= 0.01 * first[i]
                    }
                }
            }
            let updated = p.value.toDoubles()
            let worst = zip(updated, theta).map { abs($0 - $1) }.max()!
            XCTAssertLessThan(
                worst, dtype == .float32 ? 2e-5 : 1e-12,
                "\(optimizer) \(dtype): largest difference from the hand computation")
            XCTAssertEqual(kept.toDoubles(), start, "\(optimizer) \(dtype) changed a value the caller kept")
        }
    }

    func testSGDMomentumNesterovAndWeightDecay() {
        let p = Parameter(Tensor([1.0]))
        let sgd = SGD(parameters: [p], learningRate: 0.1, momentum: 0.9, weightDecay: 0.5, nesterov: true)
        var theta = 1.0
        var b = 0.0
        for step in 0..<3 {
            (p.variable.square().sum()).backward()
            sgd.step()
            let g = 2 * theta + 0.5 * theta
            b = step == 0 ? g : 0.9 * b + g
            theta -= 0.1 * (g + 0.9 * b)
        }
        XCTAssertEqual(p.value.item(), theta, accuracy: 1e-12)
    }

    func testPerParameterOptionsAreHonored() {
        let fast = Parameter(Tensor([1.0]))
        let slow = Parameter(Tensor([1.0]), learningRateScale: 0.1)
        let frozen = Parameter(Tensor([1.0]), isFrozen: true)
        let sgd = SGD(parameters: [fast, slow, frozen], learningRate: 0.5)
        (fast.variable + slow.variable + frozen.variable).sum().backward()
        sgd.step()
        XCTAssertEqual(fast.value.item(), 0.5, accuracy: 1e-12)
        XCTAssertEqual(slow.value.item(), 0.95, accuracy: 1e-12)
        XCTAssertEqual(frozen.value.item(), 1)
    }

    func testZeroGradientsClearsItsParametersAndNoOthers() {
        let updated = [Parameter(Tensor([1.0, 2.0])), Parameter(Tensor([3.0]))]
        let other = Parameter(Tensor([4.0]))
        let adam = Adam(parameters: updated)
        (updated[0].variable.sum() * updated[1].variable.sum() + other.variable.sum()).backward()
        XCTAssertNotNil(updated[0].gradient)
        adam.zeroGradients()
        XCTAssertNil(updated[0].gradient)
        XCTAssertNil(updated[1].gradient)
        XCTAssertEqual(other.gradient?.item(), 1)
    }

    func testAdamStateRoundTrip() throws {
        let p = Parameter(Tensor([1.0, 2.0]))
        let adam = Adam(parameters: [p])
        p.variable.square().sum().backward()
        adam.step()
        let restored = Adam(parameters: [Parameter(p.value)])
        try restored.load(state: adam.state)
        XCTAssertEqual(Set(restored.state.keys), Set(adam.state.keys))
        XCTAssertThrowsError(try restored.load(state: ["7.m": Tensor([1.0])]))
    }
}

final class OverfitTests: XCTestCase {
    /// A small classifier memorizes 64 random labels (a toy dataset it can only fit by memorizing).
    func testSmallModelOverfitsRandomLabels() {
        var g = RandomGenerator(seed: 7)
        let x = Tensor.normal([64, 8], using: &g)
        let labels = Tensor.randomIntegers([64], high: 4, using: &g)
        let model = Sequential {
            Linear(8, 64, using: &g)
            Activation(.gelu)
            Linear(64, 4, using: &g)
        }
        let adam = Adam(parameters: model.parameters(), learningRate: 1e-2)
        for _ in 0..<400 {
            Loss.crossEntropy(logits: model(Variable(x)), labels: labels).backward()
            adam.step()
        }
        let predicted = withoutGradients { model(Variable(x)) }.value.argmax(axis: 1)
        XCTAssertEqual(predicted.compared(.equal, labels).cast(to: .float64).mean().item(), 1)
    }

    /// RMSprop against a hand computation of two steps on f(θ) = θ².
    func testRMSpropStepMatchesHandComputation() {
        let p = Parameter(Tensor([1.5]))
        let rms = RMSprop(parameters: [p], learningRate: 0.01, alpha: 0.9)
        var theta = 1.5
        var v = 0.0
        for _ in 0..<2 {
            p.variable.square().sum().backward()
            rms.step()
            let g = 2 * theta
            v = 0.9 * v + 0.1 * g * g
            theta -= 0.01 * g / (v.squareRoot() + 1e-8)
        }
        XCTAssertEqual(p.value.item(), theta, accuracy: 1e-12)
    }
}
