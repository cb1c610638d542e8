import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

/// Bilinear upsampling, patches, BatchNorm2d and the U-Net: against formulas and PyTorch's values, derivatives on
/// strided inputs, shapes and the messages of bad input.
final class VisionLayerTests: XCTestCase {
    /// Bilinear interpolation by its four-neighbour formula at each output pixel.
    private func bilinearReference(_ x: Tensor, height: Int, width: Int, alignCorners: Bool) -> [Double] {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let values = x.toDoubles()
        func source(_ i: Int, _ input: Int, _ output: Int) -> (Int, Int, Double) {
            let t =
                alignCorners
                ? (output > 1 ? Double(i) * Double(input - 1) / Double(output - 1) : 0)
                : max(0, (Double(i) + 0.5) * Double(input) / Double(output) - 0.5)
            let low = min(Int(t.rounded(.down)), input - 1)
            return (low, min(low + 1, input - 1), t - Double(low))
        }
        var out = [Double]()
        for image in 0..<n * c {
            for i in 0..<height {
                let (r0, r1, fr) = source(i, h, height)
                for j in 0..<width {
                    let (c0, c1, fc) = source(j, w, width)
                    let at = { (r: Int, s: Int) in values[image * h * w + r * w + s] }
                    out.append(
                        (1 - fr) * ((1 - fc) * at(r0, c0) + fc * at(r0, c1)) + fr
                            * ((1 - fc) * at(r1, c0) + fc * at(r1, c1)))
                }
            }
        }
        return out
    }

    func testBilinearUpsamplingMatchesPyTorch() {
        let x = Variable(Tensor([1, 2, 3, 4], shape: [1, 1, 2, 2]))
        // torch.nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True / False) of [[1, 2], [3, 4]].
        let third = 1.0 / 3
        assertClose(
            BilinearUpsampling(scaleFactor: 2, alignCorners: true)(x).value,
            [
                1, 1 + third, 2 - third, 2, 1 + 2 * third, 2, 2 + third, 2 + 2 * third, 2 + third, 2 + 2 * third, 3,
                3 + third, 3, 3 + third, 4 - third, 4,
            ], shape: [1, 1, 4, 4], relativeTolerance: 1e-6, absoluteTolerance: 1e-6)
        assertClose(
            BilinearUpsampling(scaleFactor: 2)(x).value,
            [1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4], shape: [1, 1, 4, 4],
            relativeTolerance: 1e-6, absoluteTolerance: 1e-6)
    }

    func testBilinearResizeMatchesTheFormulaInEveryLayout() {
        for layout in layoutNames {
            let x = layoutVariant(layout, of: LayerTesting.values([2, 3, 4, 5], seed: 1))
            for alignCorners in [true, false] {
                for (height, width) in [(8, 10), (7, 3), (1, 1)] {
                    let y = BilinearUpsampling.resized(
                        Variable(x), height: height, width: width, alignCorners: alignCorners)
                    assertClose(
                        y.value, bilinearReference(x, height: height, width: width, alignCorners: alignCorners),
                        shape: [2, 3, height, width], relativeTolerance: 1e-12, absoluteTolerance: 1e-12,
                        "\(layout), \(height)×\(width), alignCorners \(alignCorners)")
                }
            }
        }
    }

    func testBilinearDerivativesToSecondOrder() {
        for layout in ["stepped", "permuted"] {
            assertGradients(
                "\(layout)", at: [layoutVariant(layout, of: LayerTesting.values([2, 2, 3, 3], seed: 2))],
                orders: [1, 2]
            ) { v in BilinearUpsampling(scaleFactor: IntOrPair(2, 3), alignCorners: true)(v[0]).square() }
        }
    }

    func testPatchesAreViewsAndInvert() {
        let x = LayerTesting.values([2, 3, 4, 6], seed: 3)
        let patches = Variable(x).patchified(patchSize: IntOrPair(2, 3))
        XCTAssertEqual(patches.shape, [2, 2, 2, 3, 2, 3])
        XCTAssertTrue(patches.value.storage === x.storage, "a view of the image")
        for index in [[0, 1, 0, 2, 1, 2], [1, 0, 1, 1, 0, 1]] {
            let (b, i, j, c, k, l) = (index[0], index[1], index[2], index[3], index[4], index[5])
            XCTAssertEqual(patches.value.element(at: index), x.element(at: [b, c, i * 2 + k, j * 3 + l]))
        }
        assertClose(patches.unpatchified().value, x, relativeTolerance: 0, absoluteTolerance: 0)
        assertGradients(
            at: [layoutVariant("flipped", of: LayerTesting.values([1, 2, 4, 4], seed: 4))], orders: [1, 2]
        ) { v in (v[0].patchified(patchSize: 2) * v[0].patchified(patchSize: 2).sin()).unpatchified() }
        expectFatalError(containing: "patchified: input [1, 1, 5, 4] must be [B, C, H, W] with H and W multiples") {
            _ = Variable(Tensor.zeros([1, 1, 5, 4])).patchified(patchSize: 2)
        }
    }

    func testBatchNorm2dNormalizesEachChannelOverBatchAndSpace() {
        let norm2d = BatchNorm2d(featureCount: 3, dtype: .float64)
        let norm1d = BatchNorm1d(featureCount: 3, dtype: .float64)
        for norm in [norm2d.weight!, norm1d.weight!] { norm.assign(LayerTesting.values([3], seed: 5)) }
        for norm in [norm2d.bias!, norm1d.bias!] { norm.assign(LayerTesting.values([3], seed: 6)) }
        let x = layoutVariant("permuted", of: LayerTesting.values([2, 3, 4, 5], seed: 7))
        let y = norm2d(Variable(x))
        assertClose(
            y.value, norm1d(Variable(x.contiguous().reshaped([2, 3, 20]))).value.reshaped([2, 3, 4, 5]),
            relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
        // Per channel, (y − β)/γ has mean 0 and variance 1 − ε-ish over N·H·W values.
        let standardized =
            (y.value - norm2d.bias!.value.reshaped([3, 1, 1])) / norm2d.weight!.value.reshaped([3, 1, 1])
        assertClose(standardized.mean(axes: [0, 2, 3]), Tensor.zeros([3], dtype: .float64), absoluteTolerance: 1e-12)
        assertClose(
            norm2d.runningMean.value, norm1d.runningMean.value, relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
        assertClose(
            norm2d.runningVariance.value, norm1d.runningVariance.value, relativeTolerance: 1e-12,
            absoluteTolerance: 1e-12)
        norm2d.eval()
        norm1d.eval()
        assertClose(
            norm2d(Variable(x)).value,
            norm1d(Variable(x.contiguous().reshaped([2, 3, 20]))).value.reshaped([2, 3, 4, 5]),
            relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "evaluation mode")
        let training = BatchNorm2d(featureCount: 2, dtype: .float64)
        assertGradients(
            at: [layoutVariant("stepped", of: LayerTesting.values([2, 2, 3, 2], seed: 8))], orders: [1, 2]
        ) { v in training(v[0]).sin() }
        expectFatalError(containing: "BatchNorm2d: input [2, 4, 3] must be [N, 3, H, W]") {
            _ = BatchNorm2d(featureCount: 3)(Variable(Tensor.zeros([2, 4, 3])))
        }
    }

    func testUNetShapesChannelsAndGradients() {
        XCTAssertEqual(UNet.levelChannels(width: 16, levels: 5), [16, 32, 64, 128, 128])
        XCTAssertEqual(UNet.levelChannels(width: 16, levels: 3), [16, 32, 32])
        var generator = RandomGenerator(seed: 5)
        let unet = UNet(inputChannels: 2, outputChannels: 3, width: 4, levels: 3, dtype: .float64, using: &generator)
        // 10 → 5 → 2: the deepest level comes back as 4 and is padded to 5.
        let x = Variable(LayerTesting.values([2, 2, 10, 10], seed: 9))
        XCTAssertEqual(unet(x).shape, [2, 3, 10, 10])
        var seen: [Int: [Int]] = [:]
        _ = unet(x) { level, features in
            seen[level] = features.shape
            return features
        }
        XCTAssertEqual(seen, [0: [2, 4, 10, 10], 1: [2, 8, 5, 5], 2: [2, 8, 2, 2]])
        unet.eval()
        assertGradients(at: [layoutVariant("stepped", of: LayerTesting.values([1, 2, 4, 4], seed: 10))]) { v in
            unet(v[0])
        }
        expectFatalError(containing: "UNet: input [1, 2, 2, 2] is too small for 3 levels") {
            var generator = RandomGenerator(seed: 0)
            _ = UNet(inputChannels: 2, outputChannels: 1, width: 2, levels: 3, using: &generator)(
                Variable(Tensor.zeros([1, 2, 2, 2])))
        }
    }
}
