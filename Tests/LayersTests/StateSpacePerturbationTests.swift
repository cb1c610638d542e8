import Autograd
import Foundation
import Layers
import Tensor
import XCTest

/// Perturb-then-diagonalize, the trained perturbation and its condition-number gradient, and transfer functions of dense,
/// normal-plus-low-rank and diagonal systems against one another.
final class StateSpacePerturbationTests: XCTestCase {
    private func maximumDifference(_ a: ComplexTensor, _ b: ComplexTensor) -> Double {
        ComplexTensor(real: a.real - b.real, imaginary: a.imaginary - b.imaginary).magnitudes().max().item()
    }

    func testPerturbedDiagonalizationReconstructsPerturbedMatrix() throws {
        var generator = RandomGenerator(seed: 1)
        let a = HiPPO(.legendreScaled, stateSize: 32).stateMatrix
        let ptd = try PerturbedDiagonalization(a, perturbation: .random(relativeSize: 1e-2), using: &generator)
        XCTAssertEqual(ptd.relativeSize, 1e-2, accuracy: 1e-12)
        let reconstructed = try ptd.diagonalization.reconstructed()
        let target = a + ptd.perturbation
        let error = (reconstructed.real - target).abs().max().item() / a.abs().max().item()
        XCTAssertLessThan(error, 1e-10, "‖ṼΛṼ⁻¹ − (A + E)‖ relative to ‖A‖")
        XCTAssertLessThan(reconstructed.imaginary.abs().max().item() / a.abs().max().item(), 1e-10)
        XCTAssertLessThan(ptd.conditionNumber, 1e6)
        let unperturbed = try PerturbedDiagonalization(a, perturbation: .none, using: &generator)
        XCTAssertGreaterThan(unperturbed.conditionNumber, 1e3 * ptd.conditionNumber)
    }

    /// `.randomOfNorm` sets ‖E‖₂ itself (Theorem 3's ε); for HiPPO-LegS at a small ε the transfer function moves by
    /// no more than Theorem 3's (2 ln n + 4)ε with ‖B‖ = ‖C‖ = 1, and A + E stays stable.
    func testAbsolutePerturbationHasItsNormAndStaysWithinTheoremThree() throws {
        var generator = RandomGenerator(seed: 2)
        let n = 32
        let hippo = HiPPO(.legendreScaled, stateSize: n)
        let ptd = try PerturbedDiagonalization(hippo.stateMatrix, perturbation: .randomOfNorm(1e-2), using: &generator)
        XCTAssertEqual(ptd.norm, 1e-2, accuracy: 1e-14)
        XCTAssertEqual(
            ptd.relativeSize, 1e-2 / (try Linalg.singularValues(hippo.stateMatrix).toDoubles()[0]), accuracy: 1e-14)
        XCTAssertLessThan(ptd.diagonalization.eigenvalues.real.max().item(), -0.5)
        let b = hippo.inputVector / hippo.inputVector.norm().item()
        let frequencies = Tensor.linspace(-1, 4, count: 200, dtype: .float64).applying(
            .multiply, scalar: Foundation.log(10)
        ).exp()
        let reference = try TransferFunction.normalPlusLowRank(
            HiPPO(.legendreScaled, stateSize: n), output: b, at: frequencies)
        // normalPlusLowRank uses HiPPO's own (unnormalized) B: rescale to ‖B‖ = 1.
        let scale = 1 / hippo.inputVector.norm().item()
        let normalizedReference = ComplexTensor(real: reference.real * scale, imaginary: reference.imaginary * scale)
        let g = try DiagonalSystem(ptd.diagonalization, input: b, output: b).transferFunction(at: frequencies)
        XCTAssertLessThan(maximumDifference(g, normalizedReference), (2 * Foundation.log(Double(n)) + 4) * 1e-2)
    }

    /// κ₂(V(A)) through `Linalg.eig` and the singular values of V's real embedding (each doubled there): the
    /// gradient the trained perturbation descends, against finite differences of the forward pass.
    func testConditionNumberGradientThroughEigMatchesFiniteDifferences() {
        var generator = RandomGenerator(seed: 7)
        let a =
            Tensor.normal([6, 6], dtype: .float64, using: &generator) + HiPPO(.legendreScaled, stateSize: 6).stateMatrix
        for input in [a, a.transposed().copied().transposed()] {
            let result = checkGradients(at: [input], relativeTolerance: 1e-5) { v in
                try! PerturbationTraining.conditionNumber(of: try! Linalg.eig(v[0]).eigenvectors)
            }
            XCTAssert(result.passed, "\(result)")
        }
        let value = try! PerturbationTraining.conditionNumber(of: try! Linalg.eig(Variable(a)).eigenvectors).item()
        XCTAssertEqual(value, try! Diagonalization(of: a).conditionNumber(), accuracy: 1e-9 * value)
    }

    /// The authors' objective from their start: Adam lowers κ₂(Ṽ) of HiPPO-LegS + E tenfold, and the returned E is
    /// the stable iterate of lowest objective, its record matching a fresh diagonalization of A + E.
    func testTrainedPerturbationLowersConditionNumberAndKeepsStability() throws {
        let a = HiPPO(.legendreScaled, stateSize: 16).stateMatrix
        var generator = RandomGenerator(seed: 4)
        let training = PerturbationTraining(penalty: 10, steps: 200)
        let (e, history, step) = try training.train(a, using: &generator)
        XCTAssertEqual(history.count, 201)
        let chosen = history[step]
        XCTAssertLessThan(chosen.conditionNumber, 0.1 * history.first!.conditionNumber)
        let stable = history.filter { $0.largestRealPart < 0 }
        XCTAssertEqual(chosen.objective, stable.map(\.objective).min()!)
        let ptd = try PerturbedDiagonalization(a, perturbation: .given(e), using: &generator)
        XCTAssertEqual(ptd.conditionNumber, chosen.conditionNumber, accuracy: 1e-6 * ptd.conditionNumber)
        XCTAssertLessThan(ptd.diagonalization.eigenvalues.real.max().item(), 0)
        XCTAssertEqual(ptd.diagonalization.eigenvalues.real.max().item(), chosen.largestRealPart, accuracy: 1e-9)
        XCTAssertEqual(ptd.perturbation.square().sum().sqrt().item(), chosen.norm, accuracy: 1e-12)
    }

    func testNormalPlusLowRankTransferFunctionMatchesDenseSolves() throws {
        let frequencies = Tensor([0.1, 1, 7.5, 40, 300, 2000], shape: [6], dtype: .float64)
        for (measure, n) in [(HiPPOMeasure.legendreScaled, 16), (.legendreTranslated, 10), (.fourierTranslated, 10)] {
            let hippo = HiPPO(measure, stateSize: n)
            var generator = RandomGenerator(seed: 5)
            let c = Tensor.normal([n], dtype: .float64, using: &generator)
            let woodbury = try TransferFunction.normalPlusLowRank(hippo, output: c, at: frequencies)
            let dense = try TransferFunction.dense(
                stateMatrix: hippo.stateMatrix, input: hippo.inputVector, output: c, at: frequencies)
            XCTAssertLessThan(maximumDifference(woodbury, dense) / dense.magnitudes().max().item(), 1e-10, "\(measure)")
        }
    }

    func testDiagonalTransferFunctionMatchesDenseAndConjugateHalf() throws {
        var generator = RandomGenerator(seed: 2)
        let hippo = HiPPO(.legendreScaled, stateSize: 16)
        let c = Tensor.normal([16], dtype: .float64, using: &generator)
        let ptd = try PerturbedDiagonalization(
            hippo.stateMatrix, perturbation: .random(relativeSize: 0.1), using: &generator)
        let full = try DiagonalSystem(ptd.diagonalization, input: hippo.inputVector, output: c)
        let half = full.conjugateHalf()
        XCTAssertLessThan(half.size, full.size)
        let frequencies = Tensor.linspace(0, 300, count: 31, dtype: .float64)
        let dense = try TransferFunction.dense(
            stateMatrix: hippo.stateMatrix + ptd.perturbation, input: hippo.inputVector, output: c, at: frequencies)
        let scale = dense.magnitudes().max().item()
        XCTAssertLessThan(maximumDifference(full.transferFunction(at: frequencies), dense) / scale, 1e-9)
        XCTAssertLessThan(maximumDifference(half.transferFunction(at: frequencies), dense) / scale, 1e-9)
        // Kernels: the half form doubles the real part; both equal the full system's real kernel.
        let fullKernel = full.kernel(length: 50, step: 0.01, discretization: .zeroOrderHold)
        let halfKernel = half.kernel(length: 50, step: 0.01, discretization: .zeroOrderHold)
        XCTAssertLessThan((fullKernel - halfKernel).abs().max().item(), 1e-9 * fullKernel.abs().max().item())
    }

    func testBilinearDiagonalKernelMatchesDenseKernel() throws {
        var generator = RandomGenerator(seed: 4)
        let hippo = HiPPO(.legendreScaled, stateSize: 12)
        let c = Tensor.normal([12], dtype: .float64, using: &generator)
        let ptd = try PerturbedDiagonalization(
            hippo.stateMatrix, perturbation: .random(relativeSize: 0.05), using: &generator)
        let system = try DiagonalSystem(ptd.diagonalization, input: hippo.inputVector, output: c).conjugateHalf()
        let diagonal = system.kernel(length: 200, step: 0.05, discretization: .bilinear)
        let dense = try DenseStateSpaceKernel.bilinear(
            stateMatrix: hippo.stateMatrix + ptd.perturbation, input: hippo.inputVector, output: c, step: 0.05,
            length: 200
        ).reshaped([200])
        XCTAssertLessThan((diagonal - dense).abs().max().item(), 1e-9 * dense.abs().max().item())
    }
}
