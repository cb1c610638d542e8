import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

/// FNO-1D/2D (paths agree, gradients to second order, a toy operator learned), DeepONet and MultiONet against direct
/// sums, the Jacobian penalty against a linear map's closed form, and the rollout utilities.
final class NeuralOperatorTests: XCTestCase {
    func testFNO1dPathsAgreeAndGradientsCheckToSecondOrder() {
        var g1 = RandomGenerator(seed: 1)
        var g2 = RandomGenerator(seed: 1)
        let fft = FNO1d(modes: 3, width: 4, layerCount: 2, projectionWidth: 5, path: .fft, dtype: .float64, using: &g1)
        let matmul = FNO1d(
            modes: 3, width: 4, layerCount: 2, projectionWidth: 5, path: .matmul, dtype: .float64, using: &g2)
        let x = layoutVariant("permuted", of: LayerTesting.values([2, 8, 1], seed: 3))
        let (a, b) = (fft(Variable(x)), matmul(Variable(x)))
        XCTAssertEqual(a.shape, [2, 8, 1])
        assertClose(a.value, b.value.toDoubles(), relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
        assertGradients(at: [x], orders: [1, 2]) { v in fft(v[0]) }
    }

    func testFNO2dPathsAgreeAndGradientsCheck() {
        var g1 = RandomGenerator(seed: 2)
        var g2 = RandomGenerator(seed: 2)
        let make = { (path: SpectralPath, g: inout RandomGenerator) in
            FNO2d(
                rowModes: 1, columnModes: 2, width: 3, layerCount: 2, projectionWidth: 4, path: path, dtype: .float64,
                using: &g)
        }
        let fft = make(.fft, &g1)
        let matmul = make(.matmul, &g2)
        let x = layoutVariant("stepped", of: LayerTesting.values([1, 4, 5, 1], seed: 4))
        XCTAssertEqual(fft(Variable(x)).shape, [1, 4, 5, 1])
        assertClose(
            fft(Variable(x)).value, matmul(Variable(x)).value.toDoubles(), relativeTolerance: 1e-12,
            absoluteTolerance: 1e-12)
        assertGradients(at: [x], orders: [1]) { v in fft(v[0]) }
    }

    /// A few Adam steps on u ↦ a smoothed, shifted u (a linear operator FNO represents exactly) cut the error.
    func testFNO1dLearnsASpectralOperator() {
        var g = RandomGenerator(seed: 5)
        let model = FNO1d(modes: 8, width: 16, layerCount: 2, projectionWidth: 32, using: &g)
        let field = GaussianRandomField(points: 64)
        let u = field.sample(16, using: &g)
        let target = Tensor.concatenated(
            [u.narrowed(axis: 1, start: 3, length: 61), u.narrowed(axis: 1, start: 0, length: 3)], axis: 1)
        let (x, y) = (
            Variable(u.cast(to: .float32).unsqueezed(axis: 2)), Variable(target.cast(to: .float32).unsqueezed(axis: 2))
        )
        let adam = Adam(parameters: model.parameters(), learningRate: 3e-3)
        let initial = Loss.relativeL2(model(x), y, reduction: .mean).value.toDoubles()[0]
        var loss = initial
        for _ in 0..<60 {
            model.zeroGradients()
            let l = Loss.relativeL2(model(x), y, reduction: .mean)
            l.backward()
            adam.step()
            loss = l.value.toDoubles()[0]
        }
        XCTAssertLessThan(loss, 0.5 * initial, "relative L2 from \(initial) to \(loss)")
    }

    func testDeepONetIsTheBranchTrunkProductPlusBias() {
        var g = RandomGenerator(seed: 6)
        let branch = MLP([5, 7, 4], activation: .tanh, dtype: .float64, using: &g)
        let trunk = MLP([2, 6, 4], activation: .tanh, dtype: .float64, using: &g)
        let net = DeepONet(branch: branch, trunk: trunk, dtype: .float64)
        net.bias!.assign(Tensor([0.25], shape: [1], dtype: .float64))
        let sensors = LayerTesting.values([3, 5], seed: 1)
        let points = LayerTesting.values([4, 2], seed: 2)
        let b = branch(Variable(sensors)).value.toDoubles()
        let t = trunk(Variable(points)).value.toDoubles()
        var expected = [Double]()
        for i in 0..<3 {
            for j in 0..<4 { expected.append((0..<4).map { b[i * 4 + $0] * t[j * 4 + $0] }.reduce(0, +) + 0.25) }
        }
        assertClose(
            net(Variable(sensors), Variable(points)).value, expected, shape: [3, 4], relativeTolerance: 1e-12,
            absoluteTolerance: 1e-12)
    }

    func testMultiONetAveragesTheLayerwiseProducts() {
        var g = RandomGenerator(seed: 7)
        let net = MultiONet(
            branchSizes: [5, 6, 6, 6], trunkSizes: [2, 8, 6, 6], summedLayers: 2, activation: .tanh, dtype: .float64,
            using: &g)
        net.layerWeights.assign(Tensor([0.5, 2], shape: [2], dtype: .float64))
        let sensors = LayerTesting.values([3, 5], seed: 1)
        let points = LayerTesting.values([4, 2], seed: 2)
        func hidden(_ layers: [Linear], _ x: Tensor) -> [[Double]] {
            var h = Variable(x)
            return layers.map { layer in
                h = layer(h).tanh()
                return h.value.toDoubles()
            }
        }
        let b = hidden(net.branchLayers, sensors)
        let t = hidden(net.trunkLayers, points)
        var expected = [Double]()
        for i in 0..<3 {
            for j in 0..<4 {
                let products = [1, 2].map { l in (0..<6).map { b[l][i * 6 + $0] * t[l][j * 6 + $0] }.reduce(0, +) }
                expected.append((0.5 * products[0] + 2 * products[1]) / 2)
            }
        }
        assertClose(
            net(Variable(sensors), Variable(points)).value, expected, shape: [3, 4], relativeTolerance: 1e-12,
            absoluteTolerance: 1e-12)
    }

    /// For f(x) = x·Aᵀ: J·v = A·v, the Hutchinson mean tends to ‖A‖²_F, and the penalty's gradient in A checks.
    func testJacobianPenaltyOnALinearMap() {
        let a = LayerTesting.values([3, 4], seed: 1)
        let x = LayerTesting.values([1, 4], seed: 2)
        let v = LayerTesting.values([1, 4], seed: 3)
        let jv = JacobianPenalty.jacobianVectorProduct({ $0.matmul(Variable(a).transposed()) }, at: x, tangent: v)
        assertClose(jv.value, v.matmul(a.transposed()).toDoubles(), relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
        var g = RandomGenerator(seed: 9)
        let estimate = JacobianPenalty.hutchinson(
            { $0.matmul(Variable(a).transposed()) }, at: x, probes: 4000, using: &g)
        let frobenius = a.toDoubles().map { $0 * $0 }.reduce(0, +)
        XCTAssertEqual(estimate.value.toDoubles()[0] / frobenius, 1, accuracy: 0.06)
        assertGradients(at: [a], orders: [1, 2]) { w in
            JacobianPenalty.jacobianVectorProduct({ ($0.matmul(w[0].transposed())).tanh() }, at: x, tangent: v).square()
                .sum()
        }
    }

    func testRolloutTrajectoryAndUnrolledLossGradient() {
        let x0 = Tensor([1.0, -2.0], shape: [1, 2], dtype: .float64)
        let states = Rollout.trajectory({ $0 * 0.5 }, from: x0, steps: 3)
        XCTAssertEqual(states.map { $0.toDoubles() }, [[0.5, -1], [0.25, -0.5], [0.125, -0.25]])
        let targets = [
            Variable(Tensor([0.4, -1.1], shape: [1, 2], dtype: .float64)),
            Variable(Tensor([0.3, -0.4], shape: [1, 2], dtype: .float64)),
        ]
        assertGradients(at: [Tensor([0.7], shape: [1], dtype: .float64)], orders: [1, 2]) { p in
            Rollout.unrolledLoss({ ($0 * p[0]).tanh() }, from: Variable(x0), targets: targets) { a, b in
                Loss.meanSquaredError(a, b)
            }
        }
    }
}
