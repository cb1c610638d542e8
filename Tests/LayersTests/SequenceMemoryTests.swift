import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

/// The sequence memories against naive recurrences, their gradients in Float64, the short convolution, the mixer
/// and model (causality), and the MQAR generator.
final class SequenceMemoryTests: XCTestCase {
    private struct Inputs {
        let queries: Tensor, keys: Tensor, values: Tensor, logDecays: Tensor, gates: Tensor
    }

    /// Float64 inputs of N sequences of length T: unit keys, log γ in [−0.4, −0.05], gates in [0.2, 0.8].
    private func inputs(n: Int, t: Int, dk: Int, dv: Int, seed: UInt64) -> Inputs {
        var generator = RandomGenerator(seed: seed)
        let keys = Tensor.normal([n, t, dk], dtype: .float64, using: &generator)
        return Inputs(
            queries: Tensor.normal([n, t, dk], dtype: .float64, using: &generator),
            keys: keys / keys.square().sum(axes: [2], keepDims: true).sqrt(),
            values: Tensor.normal([n, t, dv], dtype: .float64, using: &generator),
            logDecays: Tensor.uniform([n, t], low: -0.4, high: -0.05, dtype: .float64, using: &generator),
            gates: Tensor.uniform([n, t], low: 0.2, high: 0.8, dtype: .float64, using: &generator))
    }

    /// GKA by its recurrence: H_t = γ_t H_{t−1} + k_t k_tᵀ, U_t = γ_t U_{t−1} + v_t k_tᵀ, then Chebyshev on the
    /// formed matrix H_t + λ_t I with bounds [λ_t, λ_t + tr H_t], y_t = U_t x_t — or the exact ridge solution.
    private func kalmanRecurrence(_ s: Inputs, iterations: Int?) -> Tensor {
        let (n, t, dk, dv) = (s.queries.shape[0], s.queries.shape[1], s.queries.shape[2], s.values.shape[2])
        var h = Tensor.zeros([n, dk, dk], dtype: .float64)
        var u = Tensor.zeros([n, dv, dk], dtype: .float64)
        var outputs: [Tensor] = []
        for step in 0..<t {
            let k = s.keys.selected(axis: 1, index: step)
            let v = s.values.selected(axis: 1, index: step)
            let gamma = s.logDecays.selected(axis: 1, index: step).exp().reshaped([n, 1, 1])
            h = h * gamma + k.unsqueezed(axis: 2) * k.unsqueezed(axis: 1)
            u = u * gamma + v.unsqueezed(axis: 2) * k.unsqueezed(axis: 1)
            let trace = h.diagonal().sum(axes: [1])
            let shift = s.gates.selected(axis: 1, index: step) * trace
            let a = h + Tensor.eye(dk, dtype: .float64) * shift.reshaped([n, 1, 1])
            let q = s.queries.selected(axis: 1, index: step)
            let x: Tensor
            if let iterations {
                x =
                    ChebyshevIteration.solve(
                        Variable(a), Variable(q), lowerBound: Variable(shift), upperBound: Variable(shift + trace),
                        iterations: iterations
                    ).value
            } else {
                x = Linalg.choleskySolve(try! Linalg.cholesky(a), q.unsqueezed(axis: -1)).squeezed(axis: -1)
            }
            outputs.append(u.matmul(x.unsqueezed(axis: -1)).squeezed(axis: -1))
        }
        return Tensor.stacked(outputs, axis: 1)
    }

    private func kalman(_ s: Inputs, iterations: Int) -> Tensor {
        GatedKalmanNet.readout(
            queries: Variable(s.queries), keys: Variable(s.keys), values: Variable(s.values),
            logDecays: Variable(s.logDecays), regularization: Variable(s.gates), iterations: iterations
        ).value
    }

    func testGatedKalmanNetEqualsItsRecurrence() {
        let s = inputs(n: 2, t: 6, dk: 3, dv: 2, seed: 1)
        assertClose(
            kalman(s, iterations: 4), kalmanRecurrence(s, iterations: 4), relativeTolerance: 1e-10,
            absoluteTolerance: 1e-12)
    }

    /// Enough Chebyshev steps give the ridge regression's read-out U_t (H_t + λ_t I)⁻¹ q_t.
    func testGatedKalmanNetConvergesToTheRidgeSolution() {
        let s = inputs(n: 2, t: 6, dk: 3, dv: 2, seed: 2)
        // κ ≤ 1 + 1/α ≤ 6: the error falls like 0.42^k.
        assertClose(
            kalman(s, iterations: 40), kalmanRecurrence(s, iterations: nil), relativeTolerance: 1e-9,
            absoluteTolerance: 1e-11)
    }

    func testGatedDeltaNetEqualsTheProductForm() {
        let s = inputs(n: 2, t: 5, dk: 3, dv: 2, seed: 3)
        let y = GatedDeltaNet.readout(
            queries: Variable(s.queries), keys: Variable(s.keys), values: Variable(s.values),
            logDecays: Variable(s.logDecays), writeStrengths: Variable(s.gates)
        ).value
        var state = Tensor.zeros([2, 2, 3], dtype: .float64)
        var expected: [Tensor] = []
        for step in 0..<5 {
            let k = s.keys.selected(axis: 1, index: step)
            let v = s.values.selected(axis: 1, index: step)
            let gamma = s.logDecays.selected(axis: 1, index: step).exp().reshaped([2, 1, 1])
            let beta = s.gates.selected(axis: 1, index: step).reshaped([2, 1, 1])
            let projector = Tensor.eye(3, dtype: .float64) - beta * k.unsqueezed(axis: 2) * k.unsqueezed(axis: 1)
            state = gamma * state.matmul(projector) + beta * v.unsqueezed(axis: 2) * k.unsqueezed(axis: 1)
            expected.append(
                state.matmul(s.queries.selected(axis: 1, index: step).unsqueezed(axis: -1)).squeezed(axis: -1))
        }
        assertClose(y, Tensor.stacked(expected, axis: 1), relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
    }

    /// With γ = β = 1 and orthonormal keys, the delta rule stores each pair exactly: querying a key returns its value.
    func testGatedDeltaNetRecallsOrthonormalKeysExactly() {
        let keys = Tensor.eye(4, dtype: .float64).unsqueezed(axis: 0)
        var generator = RandomGenerator(seed: 4)
        let values = Tensor.normal([1, 4, 3], dtype: .float64, using: &generator)
        // The last token queries key 1.
        let queries = Tensor.zeros([1, 4, 4], dtype: .float64).updated(
            at: { $0.narrowed(axis: 1, start: 3, length: 1) }, with: keys.narrowed(axis: 1, start: 1, length: 1))
        let y = GatedDeltaNet.readout(
            queries: Variable(queries), keys: Variable(keys), values: Variable(values),
            logDecays: Variable(Tensor.zeros([1, 4], dtype: .float64)),
            writeStrengths: Variable(Tensor.ones([1, 4], dtype: .float64))
        ).value
        assertClose(
            y.selected(axis: 1, index: 3), values.selected(axis: 1, index: 1), relativeTolerance: 1e-12,
            absoluteTolerance: 1e-12)
    }

    func testAttentionsEqualTheirReferences() {
        let s = inputs(n: 2, t: 5, dk: 3, dv: 2, seed: 5)
        let linear = LinearAttention.readout(
            queries: Variable(s.queries), keys: Variable(s.keys), values: Variable(s.values)
        ).value
        let softmax = CausalSoftmaxAttention.readout(
            queries: Variable(s.queries), keys: Variable(s.keys), values: Variable(s.values)
        ).value
        for n in 0..<2 {
            for t in 0..<5 {
                var scores: [Double] = []
                for i in 0...t {
                    scores.append(
                        (0..<3).reduce(0.0) {
                            $0 + s.queries.element(at: [n, t, $1]) * s.keys.element(at: [n, i, $1])
                        })
                }
                let weights = scores.map { Foundation.exp($0 / 3.0.squareRoot()) }
                let total = weights.reduce(0, +)
                for j in 0..<2 {
                    let linearExpected = (0...t).reduce(0.0) { $0 + scores[$1] * s.values.element(at: [n, $1, j]) }
                    let softmaxExpected = (0...t).reduce(0.0) {
                        $0 + weights[$1] / total * s.values.element(at: [n, $1, j])
                    }
                    XCTAssertEqual(linear.element(at: [n, t, j]), linearExpected, accuracy: 1e-12)
                    XCTAssertEqual(softmax.element(at: [n, t, j]), softmaxExpected, accuracy: 1e-12)
                }
            }
        }
    }

    /// First and second order through every memory, with the queries and keys as non-contiguous views.
    func testMemoryGradients() {
        let s = inputs(n: 2, t: 4, dk: 3, dv: 2, seed: 6)
        for variant in layoutVariants(of: s.queries) {
            let keys = s.keys.transposed(0, 1).copied().transposed(0, 1)
            let at = [variant.tensor, keys, s.values, s.logDecays, s.gates]
            for order in [1, 2] {
                let kalman = checkGradients(at: at, order: order) { v in
                    let y = GatedKalmanNet.readout(
                        queries: v[0], keys: v[1], values: v[2], logDecays: v[3], regularization: v[4], iterations: 3)
                    return (y * y.sin()).sum()
                }
                XCTAssert(kalman.passed, "GKA, \(variant.name), order \(order): \(kalman)")
                let delta = checkGradients(at: at, order: order) { v in
                    let y = GatedDeltaNet.readout(
                        queries: v[0], keys: v[1], values: v[2], logDecays: v[3], writeStrengths: v[4])
                    return (y * y.sin()).sum()
                }
                XCTAssert(delta.passed, "Gated DeltaNet, \(variant.name), order \(order): \(delta)")
                let attention = checkGradients(at: Array(at.prefix(3)), order: order) { v in
                    let a = LinearAttention.readout(queries: v[0], keys: v[1], values: v[2])
                    let b = CausalSoftmaxAttention.readout(queries: v[0], keys: v[1], values: v[2])
                    return (a * a.sin()).sum() + (b * b.cos()).sum()
                }
                XCTAssert(attention.passed, "attention, \(variant.name), order \(order): \(attention)")
            }
        }
    }

    func testShortCausalConvolution() {
        var generator = RandomGenerator(seed: 7)
        let convolution = ShortCausalConvolution(channels: 3, size: 3, dtype: .float64, using: &generator)
        let x = Tensor.normal([2, 5, 3], dtype: .float64, using: &generator)
        let y = convolution(Variable(x)).value
        let w = convolution.weight.value
        for index in allIndices([2, 5, 3]) {
            let (b, t, c) = (index[0], index[1], index[2])
            let expected = (0..<3).reduce(0.0) { total, lag in
                t - lag < 0 ? total : total + w.element(at: [lag, c]) * x.element(at: [b, t - lag, c])
            }
            XCTAssertEqual(y.element(at: index), expected, accuracy: 1e-12)
        }
        let input = x.transposed(0, 1).copied().transposed(0, 1)
        let result = checkGradients(at: [input], order: 2) { v in convolution(v[0]).square().sum() }
        XCTAssert(result.passed, "\(result)")
        // The weight's gradient equals that of the same sum written out with a weight variable.
        convolution(Variable(input)).square().sum().backward()
        let weight = Variable.leaf(w)
        let padded = Variable(x).padded([(before: 2, after: 0), (before: 0, after: 0)])
        let reference = (0..<3).map { lag in
            padded.narrowed(axis: 1, start: 2 - lag, length: 5) * weight.selected(axis: 0, index: lag)
        }.reduce(Variable(Tensor.zeros([], dtype: .float64)), +)
        assertClose(
            convolution.weight.gradient!, gradients(of: reference.square().sum(), wrt: [weight])[0].value,
            relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
    }

    private let kinds: [SequenceMemoryKind] = [
        .gatedKalmanNet(iterations: 3, precision: .native, minimumRegularization: 0.1), .gatedDeltaNet,
        .linearAttention, .softmaxAttention,
    ]

    /// The whole mixer (projections, convolutions, gates, memory, output) differentiated with respect to its input.
    func testMixerGradients() {
        var generator = RandomGenerator(seed: 8)
        let x = Tensor.normal([2, 4, 5], dtype: .float64, using: &generator)
        for kind in kinds {
            let mixer = SequenceMixer(
                kind, dimensions: 5, headCount: 2, keyDimensions: 3, valueDimensions: 2, convolutionSize: 2,
                dtype: .float64, using: &generator)
            let result = checkGradients(at: [x]) { v in mixer(v[0]).sin().sum() }
            XCTAssert(result.passed, "\(kind): \(result)")
        }
    }

    /// Logits at a position do not depend on later tokens, for every memory; a GKA in bfloat16 is causal too and
    /// close to the Float32 one.
    func testModelsAreCausal() {
        var generator = RandomGenerator(seed: 9)
        let task = MultiQueryAssociativeRecall(vocabularySize: 16, sequenceLength: 12, pairCount: 2)
        let tokens = task.batch(size: 2, using: &generator).tokens
        let changed = tokens.updated(
            at: { $0.narrowed(axis: 1, start: 8, length: 4) }, with: Tensor.zeros([2, 4], dtype: .int64))
        for kind in kinds + [.gatedKalmanNet(iterations: 3, precision: .bfloat16, minimumRegularization: 0.1)] {
            let model = SequenceMemoryModel(
                kind, vocabularySize: 16, dimensions: 8, layerCount: 2, headCount: 2, keyDimensions: 4,
                valueDimensions: 4, using: &generator)
            let a = model(tokens).value.narrowed(axis: 1, start: 0, length: 8)
            let b = model(changed).value.narrowed(axis: 1, start: 0, length: 8)
            XCTAssertEqual(a.toDoubles(), b.toDoubles(), "\(kind)")
            XCTAssert(a.toDoubles().allSatisfy(\.isFinite), "\(kind)")
        }
    }

    func testMultiQueryAssociativeRecallBatches() {
        let task = MultiQueryAssociativeRecall(vocabularySize: 64, sequenceLength: 128, pairCount: 8)
        var generator = RandomGenerator(seed: 10)
        let batch = task.batch(size: 6, using: &generator)
        XCTAssertEqual(batch.tokens.shape, [6, 128])
        XCTAssertEqual(batch.queryPositions.shape, [6, 8])
        for row in 0..<6 {
            var pairs: [Int: Int] = [:]
            for pair in 0..<8 {
                let key = Int(batch.tokens.element(at: [row, 2 * pair]))
                let value = Int(batch.tokens.element(at: [row, 2 * pair + 1]))
                XCTAssert((1..<32).contains(key) && (32..<64).contains(value))
                XCTAssertNil(pairs[key], "keys are distinct")
                pairs[key] = value
            }
            let positions = (0..<8).map { Int(batch.queryPositions.element(at: [row, $0])) }
            XCTAssertEqual(positions, positions.sorted())
            XCTAssertEqual(Set(positions).count, 8)
            var queried = Set<Int>()
            for (j, position) in positions.enumerated() {
                XCTAssertGreaterThanOrEqual(position, 16)
                let key = Int(batch.tokens.element(at: [row, position]))
                XCTAssertEqual(pairs[key], Int(batch.answers.element(at: [row, j])))
                queried.insert(key)
            }
            XCTAssertEqual(queried, Set(pairs.keys), "every key is queried once")
            let fillers = (16..<128).filter { !positions.contains($0) }.map { batch.tokens.element(at: [row, $0]) }
            XCTAssert(fillers.allSatisfy { $0 == 0 })
        }
        var again = RandomGenerator(seed: 10)
        XCTAssertEqual(task.batch(size: 6, using: &again).tokens.toDoubles(), batch.tokens.toDoubles())
    }

    /// Recall scoring: logits that put their maximum on the answer score 1, on another token 0.
    func testRecallScoring() {
        let positions = Tensor([Int64(1), 3], shape: [1, 2])
        let answers = Tensor([Int64(2), 1], shape: [1, 2])
        var logits = Tensor.zeros([1, 4, 3], dtype: .float64)
        logits = logits.updated(at: { $0[0, 1, 2] }, with: Tensor(scalar: 1.0))
        XCTAssertEqual(
            MultiQueryAssociativeRecall.recall(logits, queryPositions: positions, answers: answers), 0.5,
            accuracy: 1e-12)
        let loss = MultiQueryAssociativeRecall.loss(Variable(logits), queryPositions: positions, answers: answers)
            .item()
        let expected = (-(Foundation.log(Foundation.exp(1.0) / (Foundation.exp(1.0) + 2))) + Foundation.log(3.0)) / 2
        XCTAssertEqual(loss, expected, accuracy: 1e-12)
    }

    /// Mismatched inputs stop with a message naming the memory and the shapes.
    func testBadInputNamesTheMemoryAndTheShapes() {
        let q = Variable(Tensor.ones([1, 4, 3], dtype: .float64))
        let k = Variable(Tensor.ones([1, 4, 2], dtype: .float64))
        let gates = Variable(Tensor.ones([1, 4], dtype: .float64))
        expectFatalError(containing: "GatedKalmanNet.readout: queries [1, 4, 3], keys [1, 4, 2]") {
            _ = GatedKalmanNet.readout(
                queries: q, keys: k, values: q, logDecays: gates, regularization: gates, iterations: 2)
        }
        expectFatalError(containing: "GatedDeltaNet.readout: queries [1, 4, 3], keys [1, 4, 2]") {
            _ = GatedDeltaNet.readout(queries: q, keys: k, values: q, logDecays: gates, writeStrengths: gates)
        }
        expectFatalError(containing: "MultiQueryAssociativeRecall: 40 pairs need") {
            _ = MultiQueryAssociativeRecall(vocabularySize: 64, sequenceLength: 128, pairCount: 40)
        }
    }
}
