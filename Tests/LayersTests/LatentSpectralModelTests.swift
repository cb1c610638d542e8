import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

/// The neural spectral block against a loop-by-loop reading of the authors' `NeuralSpectralBlock2d`, its locality
/// (patches do not talk to each other), derivatives, and the whole LSM's shapes.
final class LatentSpectralModelTests: XCTestCase {
    /// The block on one patch `[L, C]` (rows = pixels in row-major order within the patch), by loops.
    private func referencePatch(_ patch: [[Double]], _ block: NeuralSpectralBlock2d) -> [[Double]] {
        let channels = block.channels
        let heads = block.headCount
        let d = channels / heads
        let latent = block.latentTokens.value.toDoubles()
        let tokens = block.latentTokens.shape[1]
        let basis = block.basisWeights.value.toDoubles()
        let m = block.basisCount
        func linear(_ layer: Linear, _ x: [Double]) -> [Double] {
            let w = layer.weight.value.toDoubles()
            let b = layer.bias!.value.toDoubles()
            let n = layer.inputDimensions
            return (0..<layer.outputDimensions).map { (o: Int) -> Double in
                var total: Double = b[o]
                for i in 0..<n { total += w[o * n + i] * x[i] }
                return total
            }
        }
        func attend(_ query: [Double], _ keys: [[Double]], _ values: [[Double]], head h: Int) -> [Double] {
            let scores = keys.map { (k: [Double]) -> Double in
                var total = 0.0
                for c in 0..<d { total += query[c] * k[h * d + c] }
                return total
            }
            let top = scores.max()!
            let weights = scores.map { Foundation.exp($0 - top) }
            let total = weights.reduce(0, +)
            return (0..<d).map { (c: Int) -> Double in
                var sum = 0.0
                for j in 0..<keys.count { sum += weights[j] / total * values[j][h * d + c] }
                return sum
            }
        }
        let projected = patch.map { linear(block.encoderProjection, $0) }
        let keys = projected.map { Array($0[0..<channels]) }
        let values = projected.map { Array($0[channels...]) }
        // Encoder: token t of head h attends with Z₀[h, t] to the patch; z[t, h·d + c].
        var z = [[Double]](repeating: [Double](repeating: 0, count: channels), count: tokens)
        for h in 0..<heads {
            for t in 0..<tokens {
                let query = (0..<d).map { latent[(h * tokens + t) * d + $0] }
                let out = attend(query, keys, values, head: h)
                for c in 0..<d { z[t][h * d + c] = out[c] + query[c] }
            }
        }
        // Transition.
        for t in 0..<tokens {
            for c in 0..<channels {
                let v = z[t][c]
                var total = v
                for k in 0..<m {
                    let phase = Double(k) / Double(m) * Double.pi * v
                    total +=
                        basis[c * 2 * m + k] * Foundation.sin(phase) + basis[c * 2 * m + m + k] * Foundation.cos(phase)
                }
                z[t][c] = total
            }
        }
        // Decoder: pixel queries attend to the latent tokens, plus the pixel itself.
        return patch.map { pixel in
            let query = linear(block.decoderProjection, pixel)
            var out = pixel
            for h in 0..<heads {
                let attended = attend(Array(query[h * d..<(h + 1) * d]), z, z, head: h)
                for c in 0..<d { out[h * d + c] += attended[c] }
            }
            return out
        }
    }

    func testNeuralSpectralBlockMatchesTheAuthorsComputation() {
        var generator = RandomGenerator(seed: 1)
        let block = NeuralSpectralBlock2d(
            channels: 4, basisCount: 3, patchSize: IntOrPair(2, 3), tokenCount: 2, headCount: 2, dtype: .float64,
            using: &generator)
        let x = layoutVariant("permuted", of: LayerTesting.values([2, 4, 4, 6], seed: 2))
        let y = block(Variable(x)).value
        XCTAssertEqual(y.shape, [2, 4, 4, 6])
        for (b, i, j) in [(0, 0, 0), (1, 1, 1), (0, 1, 0)] {
            // Patch (i, j) of image b: pixels (2i + k, 3j + l) in row-major order.
            let pixels = (0..<2).flatMap { k in (0..<3).map { l in (2 * i + k, 3 * j + l) } }
            let patch = pixels.map { p in (0..<4).map { c in x.element(at: [b, c, p.0, p.1]) } }
            let expected = referencePatch(patch, block)
            for (n, p) in pixels.enumerated() {
                for c in 0..<4 {
                    XCTAssertEqual(y.element(at: [b, c, p.0, p.1]), expected[n][c], accuracy: 1e-12, "\(b) \(p) \(c)")
                }
            }
        }
    }

    func testNeuralSpectralBlockDerivatives() {
        var generator = RandomGenerator(seed: 3)
        let block = NeuralSpectralBlock2d(
            channels: 4, basisCount: 2, patchSize: 2, tokenCount: 2, headCount: 2, dtype: .float64, using: &generator)
        assertGradients(
            at: [layoutVariant("stepped", of: LayerTesting.values([1, 4, 2, 4], seed: 4))], orders: [1, 2]
        ) { v in block(v[0]) }
    }

    func testLatentSpectralModelShapesAndParameters() {
        var generator = RandomGenerator(seed: 4)
        let model = LatentSpectralModel2d(width: 8, levels: 2, patchSize: 2, using: &generator)
        XCTAssertEqual(model.spectralBlocks.map(\.channels), [8, 8])
        let x = Variable(Tensor.normal([2, 8, 8, 1], using: &generator))
        XCTAssertEqual(model(x).shape, [2, 8, 8, 1])
        XCTAssertEqual(
            model.parameterCount,
            model.lift.parameterCount + model.unet.parameterCount
                + model.spectralBlocks.reduce(0) { $0 + $1.parameterCount }
                + model.projection.parameterCount)
        expectFatalError(
            containing: "LatentSpectralModel2d: input [1, 6, 8, 1] must be [batch, H, W, 1] with H a multiple of 4"
        ) {
            var generator = RandomGenerator(seed: 0)
            _ = LatentSpectralModel2d(width: 8, levels: 2, patchSize: 2, using: &generator)(
                Variable(Tensor.zeros([1, 6, 8, 1])))
        }
    }
}
