import Autograd
import Foundation
import Layers
import Tensor
import XCTest

/// S4D and S5 layers against naive references: the Vandermonde kernel against a sum of powers, convolution against
/// recurrence, the parallel scan against a sequential loop; the initializations' closed forms; gradient checks of
/// every parameter in float64.
final class StateSpaceLayerTests: XCTestCase {
    private func randomSequence(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return Tensor.normal(shape, dtype: .float64, using: &generator)
    }

    /// Central differences of ⟨c, f⟩ for every element of every parameter against the gradients `backward()` leaves.
    private func assertParameterGradients(
        of module: Module, tolerance: Double = 1e-6, file: StaticString = #filePath, line: UInt = #line,
        _ output: () -> Variable
    ) {
        let shape = withoutGradients { output().shape }
        var generator = RandomGenerator(seed: 99)
        let cotangent = Variable(Tensor.normal(shape, dtype: .float64, using: &generator))
        func loss() -> Variable { (output() * cotangent).sum() }
        module.zeroGradients()
        loss().backward()
        for (name, parameter) in module.namedParameters() {
            let analytic = parameter.gradient?.toDoubles() ?? [Double](repeating: 0, count: parameter.value.count)
            let original = parameter.value
            var values = original.toDoubles()
            for index in values.indices {
                let saved = values[index]
                let step = 1e-6 * Swift.max(1, Swift.abs(saved))
                values[index] = saved + step
                parameter.assign(Tensor(values, shape: original.shape))
                let plus = withoutGradients { loss().item() }
                values[index] = saved - step
                parameter.assign(Tensor(values, shape: original.shape))
                let minus = withoutGradients { loss().item() }
                values[index] = saved
                let numeric = (plus - minus) / (2 * step)
                XCTAssertEqual(
                    analytic[index], numeric, accuracy: tolerance * Swift.max(1, Swift.abs(numeric)),
                    "\(name)[\(index)]", file: file, line: line)
            }
            parameter.assign(original)
        }
    }

    func testVandermondeKernelMatchesSumOfPowers() {
        var generator = RandomGenerator(seed: 11)
        let shape = [2, 3]
        let lambda = ComplexVariable(
            real: Variable(Tensor.uniform(shape, low: -2, high: -0.1, dtype: .float64, using: &generator)),
            imaginary: Variable(Tensor.uniform(shape, low: -5, high: 5, dtype: .float64, using: &generator)))
        let w = ComplexVariable(
            real: Variable(Tensor.normal(shape, dtype: .float64, using: &generator)),
            imaginary: Variable(Tensor.normal(shape, dtype: .float64, using: &generator)))
        let step = Variable(Tensor([0.05, 0.2], shape: [2, 1]))
        for discretization in Discretization.allCases {
            let kernel = VandermondeKernel.realPart(
                coefficients: w, logStates: discretization.logState(lambda, step: step), length: 30
            ).value.toDoubles()
            let states = discretization.discretized(lambda, step: step).state.values
            let aRe = states.real.toDoubles()
            let aIm = states.imaginary.toDoubles()
            let wRe = w.real.value.toDoubles()
            let wIm = w.imaginary.value.toDoubles()
            for row in 0..<2 {
                for l in 0..<30 {
                    var total = 0.0
                    for m in 0..<3 {
                        // w·Āˡ by repeated multiplication.
                        var (re, im) = (wRe[row * 3 + m], wIm[row * 3 + m])
                        for _ in 0..<l {
                            (re, im) = (
                                re * aRe[row * 3 + m] - im * aIm[row * 3 + m],
                                re * aIm[row * 3 + m] + im * aRe[row * 3 + m]
                            )
                        }
                        total += re
                    }
                    XCTAssertEqual(kernel[row * 30 + l], total, accuracy: 1e-12, "\(discretization) [\(row), \(l)]")
                }
            }
        }
    }

    func testCausalConvolutionMatchesDirectSum() {
        let u = randomSequence([2, 3, 17], seed: 1)
        let k = randomSequence([3, 17], seed: 2)
        let y = CausalConvolution.apply(Variable(u), kernel: Variable(k)).value.toDoubles()
        let us = u.toDoubles()
        let ks = k.toDoubles()
        for b in 0..<2 {
            for h in 0..<3 {
                for i in 0..<17 {
                    var total = 0.0
                    for j in 0...i { total += ks[h * 17 + i - j] * us[(b * 3 + h) * 17 + j] }
                    XCTAssertEqual(y[(b * 3 + h) * 17 + i], total, accuracy: 1e-12)
                }
            }
        }
    }

    func testKernelGradientsThroughBothDiscretizations() {
        var generator = RandomGenerator(seed: 17)
        let inputs = [
            Tensor.uniform([2, 3], low: -1, high: 0.5, dtype: .float64, using: &generator),  // log(−Re λ)
            Tensor.uniform([2, 3], low: -4, high: 4, dtype: .float64, using: &generator),  // Im λ
            Tensor([-2.5, -1.5], shape: [2, 1]),  // log Δ
            Tensor.normal([2, 3], dtype: .float64, using: &generator),  // Re w
            Tensor.normal([2, 3], dtype: .float64, using: &generator),  // Im w
        ]
        for discretization in Discretization.allCases {
            let kernel: ([Variable]) -> Variable = { v in
                let lambda = ComplexVariable(real: -v[0].exp(), imaginary: v[1])
                let step = v[2].exp()
                let coefficients =
                    ComplexVariable(real: v[3], imaginary: v[4]) * discretization.discretized(lambda, step: step).input
                return VandermondeKernel.realPart(
                    coefficients: coefficients, logStates: discretization.logState(lambda, step: step), length: 12)
            }
            for order in [1, 2] {
                let result = checkGradients(at: inputs, order: order, kernel)
                XCTAssertTrue(result.passed, "\(discretization), order \(order): \(result)")
            }
        }
    }

    func testScanGradients() {
        var generator = RandomGenerator(seed: 18)
        let inputs = [
            Tensor.uniform([3], low: 0.3, high: 0.9, dtype: .float64, using: &generator),
            Tensor.uniform([3], low: -0.4, high: 0.4, dtype: .float64, using: &generator),
            Tensor.normal([2, 11, 3], dtype: .float64, using: &generator),
            Tensor.normal([2, 11, 3], dtype: .float64, using: &generator),
        ]
        let result = checkGradients(at: inputs) { v in
            let x = LinearRecurrenceScan.scan(
                decay: ComplexVariable(real: v[0], imaginary: v[1]),
                inputs: ComplexVariable(real: v[2], imaginary: v[3]))
            return x.real + x.imaginary * 0.5
        }
        XCTAssertTrue(result.passed, "\(result)")
    }

    func testCausalConvolutionGradients() {
        let u = randomSequence([2, 3, 10], seed: 15)
        let k = randomSequence([3, 10], seed: 16)
        let result = checkGradients(at: [u, k]) { v in CausalConvolution.apply(v[0], kernel: v[1]) }
        XCTAssertTrue(result.passed, "\(result)")
    }

    func testS4DConvolutionMatchesRecurrence() throws {
        let initializations: [DiagonalInitialization] = [
            .legendre, .linear, .inverse, .randomReal, .randomImaginary, .random,
            .perturbedLegendre(.random(relativeSize: 1e-3)),
        ]
        let u = randomSequence([2, 64, 3], seed: 3)
        for initialization in initializations {
            for discretization in Discretization.allCases {
                var generator = RandomGenerator(seed: 4)
                let layer = try S4DLayer(
                    channels: 3, stateSize: 16, initialization: initialization, discretization: discretization,
                    stepRange: 1e-2...1e-1, dtype: .float64, using: &generator)
                let convolved = withoutGradients { layer(Variable(u)).value }
                let recurrent = layer.recurrentOutput(u)
                let scale = convolved.abs().max().item()
                XCTAssertLessThan(
                    (convolved - recurrent).abs().max().item(), 1e-10 * Swift.max(1, scale),
                    "\(initialization) \(discretization)")
            }
        }
    }

    func testInitializationsMatchClosedForms() throws {
        var generator = RandomGenerator(seed: 5)
        let linear = try DiagonalInitialization.linear.initialState(stateSize: 8, using: &generator).eigenvalues
        XCTAssertEqual(linear.real.toDoubles(), [-0.5, -0.5, -0.5, -0.5])
        XCTAssertEqual(linear.imaginary.toDoubles(), (0..<4).map { Double.pi * Double($0) })
        let inverse = try DiagonalInitialization.inverse.initialState(stateSize: 8, using: &generator).eigenvalues
        for (n, value) in inverse.imaginary.toDoubles().enumerated() {
            XCTAssertEqual(value, 8 / Double.pi * (8 / (2 * Double(n) + 1) - 1), accuracy: 1e-12)
        }
        // S4D-LegS: the normal part's eigenvalues with Im > 0.
        let legendre = try DiagonalInitialization.legendre.initialState(stateSize: 8, using: &generator)
        XCTAssertEqual(legendre.size, 4)
        XCTAssertTrue(legendre.eigenvalues.real.toDoubles().allSatisfy { Swift.abs($0 + 0.5) < 1e-12 })
        XCTAssertTrue(legendre.eigenvalues.imaginary.toDoubles().allSatisfy { $0 > 0 })
    }

    /// S4D-LegS as the authors' `dplr`: B = V*B_HiPPO (no ½) with Im B clipped to [−2, 2], the same in every channel,
    /// and C complex standard normal in the diagonal coordinates.
    func testLegendreLayerInputIsClippedEigenbasisInputAndOutputIsComplexNormal() throws {
        let n = 64
        var generator = RandomGenerator(seed: 11)
        let layer = try S4DLayer(
            channels: 64, stateSize: n, initialization: .legendre, dtype: .float64, using: &generator)
        let state = try DiagonalInitialization.legendre.initialState(stateSize: n, using: &generator)
        let unclipped = try state.input(HiPPO(.legendreScaled, stateSize: n).inputVector)
        let imaginary = unclipped.imaginary.toDoubles()
        XCTAssertGreaterThan(imaginary.map(Swift.abs).max()!, 2, "N = \(n) must exercise the clip")
        for channel in [0, 63] {
            let real = layer.inputReal.value.selected(axis: 0, index: channel)
            XCTAssertLessThan((real - unclipped.real).abs().max().item(), 1e-12)
            let clipped = layer.inputImaginary.value.selected(axis: 0, index: channel).toDoubles()
            for (value, raw) in zip(clipped, imaginary) {
                XCTAssertEqual(value, Swift.min(2, Swift.max(-2, raw)), accuracy: 1e-12)
            }
        }
        for part in [layer.outputReal.value, layer.outputImaginary.value] {
            let values = part.toDoubles()
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
            XCTAssertEqual(mean, 0, accuracy: 0.05)
            XCTAssertEqual(variance, 0.5, accuracy: 0.05)
        }
    }

    /// The authors' three random switches on S4D-Lin's grid: `real_random` (Re λ = −U[0, 1), Im λ = πn),
    /// `imag_random` (Im λ = π·U[0, N/2), Re λ = −½) and `rand` (Im λ = e^z, z ~ N(0, 1), Re λ = −½).
    func testRandomInitializationsDrawTheAuthorsDistributions() throws {
        let n = 4096
        let half = n / 2
        var generator = RandomGenerator(seed: 12)
        func eigenvalues(_ initialization: DiagonalInitialization) throws -> (real: [Double], imaginary: [Double]) {
            let state = try initialization.initialState(stateSize: n, using: &generator)
            XCTAssertEqual(state.size, half)
            return (state.eigenvalues.real.toDoubles(), state.eigenvalues.imaginary.toDoubles())
        }
        func moments(_ values: [Double]) -> (mean: Double, variance: Double) {
            let mean = values.reduce(0, +) / Double(values.count)
            return (mean, values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count))
        }
        let randomReal = try eigenvalues(.randomReal)
        XCTAssertEqual(randomReal.imaginary, (0..<half).map { Double.pi * Double($0) })
        XCTAssertTrue(randomReal.real.allSatisfy { $0 <= -1e-4 && $0 > -1 })
        XCTAssertEqual(moments(randomReal.real).mean, -0.5, accuracy: 0.02)
        XCTAssertEqual(moments(randomReal.real).variance, 1.0 / 12, accuracy: 0.01)

        let randomImaginary = try eigenvalues(.randomImaginary)
        XCTAssertTrue(randomImaginary.real.allSatisfy { $0 == -0.5 })
        let positions = randomImaginary.imaginary.map { $0 / Double.pi }
        XCTAssertTrue(positions.allSatisfy { $0 >= 0 && $0 < Double(half) })
        XCTAssertEqual(moments(positions).mean, Double(half) / 2, accuracy: 0.03 * Double(half))
        XCTAssertEqual(moments(positions).variance, Double(half * half) / 12, accuracy: 0.05 * Double(half * half) / 12)

        let random = try eigenvalues(.random)
        XCTAssertTrue(random.real.allSatisfy { $0 == -0.5 })
        XCTAssertTrue(random.imaginary.allSatisfy { $0 > 0 })
        let logarithms = moments(random.imaginary.map { Foundation.log($0) })
        XCTAssertEqual(logarithms.mean, 0, accuracy: 0.07)
        XCTAssertEqual(logarithms.variance, 1, accuracy: 0.1)
    }

    /// A layer rebuilt from another's parameter values (`S4DLayer(parameters:)`) is the same map, in the given dtype.
    func testLayerFromParameterValuesIsTheSameMap() throws {
        var generator = RandomGenerator(seed: 13)
        let layer = try S4DLayer(
            channels: 3, stateSize: 8, initialization: .randomImaginary, stepRange: 1e-2...1e-1, dtype: .float64,
            using: &generator)
        let copy = S4DLayer(parameters: layer.parameterValues, discretization: layer.discretization)
        XCTAssertEqual(copy.channels, 3)
        XCTAssertEqual(copy.stateSize, 8)
        let u = randomSequence([2, 32, 3], seed: 14)
        let expected = withoutGradients { layer(Variable(u)).value }
        let rebuilt = withoutGradients { copy(Variable(u)).value }
        XCTAssertLessThan((expected - rebuilt).abs().max().item(), 1e-12)
        let single = S4DLayer(parameters: layer.parameterValues.cast(to: .float32))
        XCTAssertEqual(single.skip.value.dtype, .float32)
        XCTAssertEqual(single.logStep.value.dtype, .float32)
    }

    func testStateParametersHaveTheirOwnOptimizerOptions() throws {
        var generator = RandomGenerator(seed: 6)
        let layer = try S4DLayer(
            channels: 2, stateSize: 4, stateLearningRateScale: 0.1, dtype: .float64, using: &generator)
        for (name, parameter) in layer.namedParameters() {
            let isState = [
                "logStep", "logNegativeRealEigenvalues", "imaginaryEigenvalues", "inputReal", "inputImaginary",
            ]
            .contains(name)
            XCTAssertEqual(parameter.learningRateScale, isState ? 0.1 : 1, name)
            XCTAssertEqual(parameter.weightDecay, isState ? 0 : nil, name)
        }
    }

    func testS4DParameterGradients() throws {
        for discretization in Discretization.allCases {
            var generator = RandomGenerator(seed: 7)
            let layer = try S4DLayer(
                channels: 2, stateSize: 4, initialization: .inverse, discretization: discretization,
                stepRange: 0.05...0.2, dtype: .float64, using: &generator)
            let u = Variable(randomSequence([2, 9, 2], seed: 8))
            assertParameterGradients(of: layer) { layer(u) }
        }
    }

    func testScanMatchesSequentialLoop() {
        var generator = RandomGenerator(seed: 9)
        let decay = ComplexVariable(
            real: Variable(Tensor.uniform([4], low: 0.3, high: 0.9, dtype: .float64, using: &generator)),
            imaginary: Variable(Tensor.uniform([4], low: -0.4, high: 0.4, dtype: .float64, using: &generator)))
        for length in [1, 2, 7, 64, 100] {
            let inputs = ComplexVariable(
                real: Variable(Tensor.normal([2, length, 4], dtype: .float64, using: &generator)),
                imaginary: Variable(Tensor.normal([2, length, 4], dtype: .float64, using: &generator)))
            let scanned = LinearRecurrenceScan.scan(decay: decay, inputs: inputs).values
            let aRe = decay.real.value.toDoubles()
            let aIm = decay.imaginary.value.toDoubles()
            let bRe = inputs.real.value.toDoubles()
            let bIm = inputs.imaginary.value.toDoubles()
            let sRe = scanned.real.toDoubles()
            let sIm = scanned.imaginary.toDoubles()
            for sample in 0..<2 {
                for m in 0..<4 {
                    var (re, im) = (0.0, 0.0)
                    for k in 0..<length {
                        let position = (sample * length + k) * 4 + m
                        (re, im) = (
                            aRe[m] * re - aIm[m] * im + bRe[position], aRe[m] * im + aIm[m] * re + bIm[position]
                        )
                        XCTAssertEqual(sRe[position], re, accuracy: 1e-12, "L = \(length)")
                        XCTAssertEqual(sIm[position], im, accuracy: 1e-12, "L = \(length)")
                    }
                }
            }
        }
    }

    func testS5MatchesSequentialRecurrenceAndGradients() throws {
        let cases: [(DiagonalInitialization, Int)] = [
            (.legendre, 1), (.perturbedLegendre(.random(relativeSize: 1e-3)), 1), (.legendre, 2),
        ]
        for (initialization, blocks) in cases {
            var generator = RandomGenerator(seed: 10)
            let layer = try S5Layer(
                channels: 3, stateSize: 8, blocks: blocks, initialization: initialization, stepRange: 1e-2...1e-1,
                dtype: .float64, using: &generator)
            let u = randomSequence([2, 33, 3], seed: 11)
            let y = withoutGradients { layer(Variable(u)).value }.toDoubles()
            let (state, input) = withoutGradients { layer.discretized() }
            let a = state.values
            let b = input.values
            let m = layer.complexStateCount
            let aRe = a.real.toDoubles()
            let aIm = a.imaginary.toDoubles()
            let bRe = b.real.toDoubles()
            let bIm = b.imaginary.toDoubles()
            let cRe = layer.outputReal.value.toDoubles()
            let cIm = layer.outputImaginary.value.toDoubles()
            let d = layer.skip.value.toDoubles()
            let us = u.toDoubles()
            for sample in 0..<2 {
                var xRe = [Double](repeating: 0, count: m)
                var xIm = [Double](repeating: 0, count: m)
                for k in 0..<33 {
                    let row = (sample * 33 + k) * 3
                    for j in 0..<m {
                        var re = aRe[j] * xRe[j] - aIm[j] * xIm[j]
                        var im = aRe[j] * xIm[j] + aIm[j] * xRe[j]
                        for h in 0..<3 {
                            re += bRe[j * 3 + h] * us[row + h]
                            im += bIm[j * 3 + h] * us[row + h]
                        }
                        (xRe[j], xIm[j]) = (re, im)
                    }
                    for h in 0..<3 {
                        var total = 0.0
                        for j in 0..<m { total += cRe[h * m + j] * xRe[j] - cIm[h * m + j] * xIm[j] }
                        XCTAssertEqual(y[row + h], 2 * total + d[h] * us[row + h], accuracy: 1e-10, "\(initialization)")
                    }
                }
            }
            let small = Variable(randomSequence([2, 6, 3], seed: 12))
            assertParameterGradients(of: layer) { layer(small) }
        }
    }

    /// J blocks: every block starts from the same diagonalization (Λ tiled, B̃ = V_b⁻¹B_b per block, so with `.hippo`'s
    /// identical blocks of B the blocks of B̃ agree), C̃ = C·diag(V_b, …) from one C of the full size.
    func testS5BlocksRepeatTheBlockDiagonalization() throws {
        var generator = RandomGenerator(seed: 15)
        let (n, blocks) = (16, 2)
        let layer = try S5Layer(
            channels: 3, stateSize: n, blocks: blocks, initialization: .perturbedLegendre(.random(relativeSize: 1e-3)),
            input: .hippo, dtype: .float64, using: &generator)
        let m = layer.complexStateCount / blocks
        XCTAssertEqual(layer.complexStateCount % blocks, 0)
        XCTAssertGreaterThanOrEqual(m, n / blocks / 2)
        func block(_ p: Parameter, _ j: Int) -> [Double] {
            p.value.narrowed(axis: 0, start: j * m, length: m).toDoubles()
        }
        for parameter in [
            layer.imaginaryEigenvalues, layer.logNegativeRealEigenvalues, layer.inputReal, layer.inputImaginary,
        ] {
            XCTAssertEqual(block(parameter, 0), block(parameter, 1))
        }
        let c = layer.outputReal.value
        XCTAssertNotEqual(
            c.narrowed(axis: 1, start: 0, length: m).toDoubles(), c.narrowed(axis: 1, start: m, length: m).toDoubles())
        let y = withoutGradients { layer(Variable(randomSequence([2, 5, 3], seed: 16))).value }
        XCTAssertEqual(y.shape, [2, 5, 3])
        XCTAssert(y.toDoubles().allSatisfy(\.isFinite))
    }

    /// S5's `.hippo` input: B̃ = V⁻¹B with column k of B equal to r_k·B_HiPPO, so V·B̃ gives back a rank-one B whose
    /// columns are multiples of HiPPO-LegS's B.
    func testS5HiPPOInputIsScaledHiPPOVectorPerChannel() throws {
        var generator = RandomGenerator(seed: 14)
        let n = 8
        let layer = try S5Layer(
            channels: 3, stateSize: n, initialization: .legendre, input: .hippo, dtype: .float64, using: &generator)
        var basisGenerator = RandomGenerator(seed: 0)
        let state = try DiagonalInitialization.legendre.initialState(stateSize: n, using: &basisGenerator)
        let hippoB = HiPPO(.legendreScaled, stateSize: n).inputVector
        let expected = try state.input(hippoB)  // V⁻¹B_HiPPO on the kept states [M]
        let re = layer.inputReal.value.toDoubles()
        let im = layer.inputImaginary.value.toDoubles()
        let eRe = expected.real.toDoubles()
        let eIm = expected.imaginary.toDoubles()
        for channel in 0..<3 {
            // The gain r_k by least squares, then every state must match r_k·(V⁻¹B_HiPPO).
            var dot = 0.0
            var norm = 0.0
            for j in 0..<layer.complexStateCount {
                dot += re[j * 3 + channel] * eRe[j] + im[j * 3 + channel] * eIm[j]
                norm += eRe[j] * eRe[j] + eIm[j] * eIm[j]
            }
            let gain = dot / norm
            XCTAssertGreaterThan(Swift.abs(gain), 1e-6)
            for j in 0..<layer.complexStateCount {
                XCTAssertEqual(re[j * 3 + channel], gain * eRe[j], accuracy: 1e-10)
                XCTAssertEqual(im[j * 3 + channel], gain * eIm[j], accuracy: 1e-10)
            }
        }
    }

    func testSequenceModelShapesAndGradients() throws {
        var generator = RandomGenerator(seed: 13)
        let model = try StateSpaceSequenceModel(
            inputDimensions: 2, channels: 4, outputDimensions: 1, depth: 2, pooling: .last, dtype: .float64,
            using: &generator
        ) { generator in
            try S4DLayer(channels: 4, stateSize: 4, initialization: .linear, dtype: .float64, using: &generator)
        }
        let u = Variable(randomSequence([3, 7, 2], seed: 14))
        XCTAssertEqual(model(u).shape, [3, 1])
        XCTAssertEqual(model.parameters().filter { $0.learningRateScale != 1 }.count, 2 * 5)
        assertParameterGradients(of: model) { model(u) }
    }
}
