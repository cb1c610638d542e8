import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

/// Scaled dot-product attention and multi-head attention against loops over the formula, their derivatives to
/// second order on contiguous and strided inputs, masks, Float32, and the messages of bad input.
final class AttentionTests: XCTestCase {
    /// out[b, i, :] = Σ_j softmax_j(s·q_i·k_j + M[b, i, j]) v_j over `[B, L, d]`, `[B, S, d]`, `[B, S, d_v]`, with
    /// an additive mask M `[B, L, S]` (nil: none), by loops.
    private func reference(query: Tensor, key: Tensor, value: Tensor, mask: [Double]?, scale: Double) -> [Double] {
        let (batch, queries, features) = (query.shape[0], query.shape[1], query.shape[2])
        let (keys, valueFeatures) = (key.shape[1], value.shape[2])
        let q = query.toDoubles()
        let k = key.toDoubles()
        let v = value.toDoubles()
        var out = [Double]()
        for b in 0..<batch {
            for i in 0..<queries {
                var scores = (0..<keys).map { j -> Double in
                    var total = 0.0
                    for c in 0..<features {
                        total += q[(b * queries + i) * features + c] * k[(b * keys + j) * features + c]
                    }
                    return scale * total + (mask?[(b * queries + i) * keys + j] ?? 0)
                }
                let largest = scores.max()!
                scores = scores.map { Foundation.exp($0 - largest) }
                let total = scores.reduce(0, +)
                for c in 0..<valueFeatures {
                    var sum = 0.0
                    for j in 0..<keys { sum += scores[j] / total * v[(b * keys + j) * valueFeatures + c] }
                    out.append(sum)
                }
            }
        }
        return out
    }

    func testMatchesTheFormulaInEveryLayout() {
        for layout in layoutNames {
            let q = layoutVariant(layout, of: LayerTesting.values([2, 3, 4], seed: 1))
            let k = layoutVariant(layout, of: LayerTesting.values([2, 5, 4], seed: 2))
            let v = layoutVariant(layout, of: LayerTesting.values([2, 5, 3], seed: 3))
            let out = Attention.scaledDotProduct(query: Variable(q), key: Variable(k), value: Variable(v))
            assertClose(
                out.value, reference(query: q, key: k, value: v, mask: nil, scale: 0.5), shape: [2, 3, 3],
                relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "\(layout)")
        }
    }

    func testMasksAndScale() {
        let q = LayerTesting.values([2, 3, 4], seed: 4)
        let k = LayerTesting.values([2, 5, 4], seed: 5)
        let v = LayerTesting.values([2, 5, 2], seed: 6)
        // Causal with 3 queries over 5 keys: query i sees keys 0...i + 2; broadcast over the batch.
        var causal = [Double]()
        for _ in 0..<2 { for i in 0..<3 { for j in 0..<5 { causal.append(j <= i + 2 ? 0 : -Double.infinity) } } }
        let masked = Attention.scaledDotProduct(
            query: Variable(q), key: Variable(k), value: Variable(v),
            mask: .causal(queryLength: 3, keyLength: 5), scale: 1.5)
        assertClose(
            masked.value, reference(query: q, key: k, value: v, mask: causal, scale: 1.5), shape: [2, 3, 2],
            relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "causal boolean mask")
        // A finite additive bias per sample and key, [2, 1, 5] broadcast over the queries.
        let bias = LayerTesting.values([2, 1, 5], seed: 7)
        var expanded = [Double]()
        for b in 0..<2 { for _ in 0..<3 { for j in 0..<5 { expanded.append(bias.toDoubles()[b * 5 + j]) } } }
        let biased = Attention.scaledDotProduct(
            query: Variable(q), key: Variable(k), value: Variable(v), mask: .additive(bias))
        assertClose(
            biased.value, reference(query: q, key: k, value: v, mask: expanded, scale: 0.5), shape: [2, 3, 2],
            relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "additive mask")
        // The boolean mask gives the same result as its −∞ additive form.
        let asAdditive = Attention.scaledDotProduct(
            query: Variable(q), key: Variable(k), value: Variable(v),
            mask: .additive(Tensor(Array(causal.prefix(15)), shape: [3, 5])), scale: 1.5)
        assertClose(asAdditive.value, masked.value, relativeTolerance: 0, absoluteTolerance: 0)
    }

    func testDerivativesToSecondOrder() {
        for layout in layoutNames {
            let inputs = [
                layoutVariant(layout, of: LayerTesting.values([2, 3, 4], seed: 8)),
                layoutVariant(layout, of: LayerTesting.values([2, 4, 4], seed: 9)),
                layoutVariant(layout, of: LayerTesting.values([2, 4, 3], seed: 10)),
            ]
            assertGradients("\(layout)", at: inputs, orders: [1, 2]) { v in
                Attention.scaledDotProduct(query: v[0], key: v[1], value: v[2])
            }
        }
        // A causal mask, and queries broadcast against batched keys through an expanded (stride-0) axis.
        let broadcastQuery = LayerTesting.values([1, 3, 4], seed: 11).expanded(to: [2, 3, 4])
        let inputs = [
            broadcastQuery, LayerTesting.values([2, 3, 4], seed: 12), LayerTesting.values([2, 3, 2], seed: 13),
        ]
        assertGradients("causal, expanded query", at: inputs, orders: [1, 2]) { v in
            Attention.scaledDotProduct(
                query: v[0], key: v[1], value: v[2], mask: .causal(queryLength: 3, keyLength: 3), scale: 0.7)
        }
    }

    func testFloat32AgreesWithFloat64() {
        let q = LayerTesting.values([2, 2, 6, 8], seed: 14)
        let k = LayerTesting.values([2, 2, 7, 8], seed: 15)
        let v = LayerTesting.values([2, 2, 7, 8], seed: 16)
        let exact = Attention.scaledDotProduct(query: Variable(q), key: Variable(k), value: Variable(v))
        let single = Attention.scaledDotProduct(
            query: Variable(q.cast(to: .float32)), key: Variable(k.cast(to: .float32)),
            value: Variable(v.cast(to: .float32)))
        XCTAssertEqual(single.dtype, .float32)
        assertClose(single.value.cast(to: .float64), exact.value, relativeTolerance: 1e-5, absoluteTolerance: 1e-6)
    }

    /// Multi-head attention equals the concatenation of per-head attentions over the projections, by hand.
    func testMultiHeadAttentionSplitsHeads() {
        var generator = RandomGenerator(seed: 3)
        let attention = MultiHeadAttention(
            dimensions: 6, headCount: 2, keyInputDimensions: 4, valueInputDimensions: 5, dtype: .float64,
            using: &generator)
        let x = Variable(layoutVariant("permuted", of: LayerTesting.values([2, 3, 6], seed: 17)))
        let memory = Variable(LayerTesting.values([2, 4, 4], seed: 18))
        let values = Variable(LayerTesting.values([2, 4, 5], seed: 19))
        let out = attention(x, key: memory, value: values)
        XCTAssertEqual(out.shape, [2, 3, 6])
        let q = attention.queryProjection(x)
        let k = attention.keyProjection(memory)
        let v = attention.valueProjection(values)
        let heads = (0..<2).map { h -> Variable in
            let slice = { (t: Variable) in t.value.sliced(axis: 2, start: 3 * h, end: 3 * h + 3).contiguous() }
            let result = reference(
                query: slice(q), key: slice(k), value: slice(v), mask: nil, scale: 1 / Double(3).squareRoot())
            return Variable(Tensor(result, shape: [2, 3, 3]))
        }
        let expected = attention.outputProjection(Variable.concatenated(heads, axis: 2))
        assertClose(out.value, expected.value, relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
        XCTAssertEqual(attention.parameters().count, 8)
    }

    func testMultiHeadAttentionDerivatives() {
        var generator = RandomGenerator(seed: 4)
        let attention = MultiHeadAttention(dimensions: 4, headCount: 2, dtype: .float64, using: &generator)
        let mask = AttentionMask.boolean(
            Tensor([1, 1, 1, 0, 1, 1, 1, 1, 1], shape: [3, 3]).compared(.equal, scalar: 1))
        assertGradients(at: [layoutVariant("stepped", of: LayerTesting.values([2, 3, 4], seed: 20))], orders: [1, 2]) {
            v in attention(v[0], key: v[0], value: v[0], mask: mask)
        }
        // The query weight's gradient against central differences through the layer itself.
        let x = Variable(LayerTesting.values([1, 3, 4], seed: 21))
        let weight = attention.queryProjection.weight
        let original = weight.value
        let analytic = gradients(of: attention(x).square().sum(), wrt: [weight.variable])[0].value.toDoubles()
        for index in [0, 5, 11] {
            func loss(_ shift: Double) -> Double {
                var values = original.toDoubles()
                values[index] += shift
                weight.assign(Tensor(values, shape: original.shape))
                defer { weight.assign(original) }
                return attention(x).square().sum().item()
            }
            let numeric = (loss(1e-6) - loss(-1e-6)) / 2e-6
            XCTAssertEqual(analytic[index], numeric, accuracy: 1e-6 * max(1, abs(numeric)))
        }
    }

    func testBadInputNamesTheShapes() {
        expectFatalError(containing: "scaledDotProduct: query [1, 2, 3], key [1, 2, 4], value [1, 2, 4]") {
            _ = Attention.scaledDotProduct(
                query: Variable(Tensor.zeros([1, 2, 3])), key: Variable(Tensor.zeros([1, 2, 4])),
                value: Variable(Tensor.zeros([1, 2, 4])))
        }
        expectFatalError(containing: "mask [3, 3] does not broadcast to the scores [1, 2, 2]") {
            _ = Attention.scaledDotProduct(
                query: Variable(Tensor.zeros([1, 2, 3])), key: Variable(Tensor.zeros([1, 2, 3])),
                value: Variable(Tensor.zeros([1, 2, 3])), mask: .causal(queryLength: 3, keyLength: 3))
        }
        expectFatalError(containing: "MultiHeadAttention: 3 heads do not divide 8 dimensions") {
            var generator = RandomGenerator(seed: 0)
            _ = MultiHeadAttention(dimensions: 8, headCount: 3, using: &generator)
        }
    }
}
