import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

/// The spectral convolutions against a direct DFT sum (both paths, every input layout, both dtypes), the two paths
/// against each other, and their gradients to second order on non-contiguous inputs.
final class SpectralConvolutionTests: XCTestCase {
    /// y = irfft(Ŷ, n) by direct sums: X̂_k[i] = Σ_j x_j e^{−2πikj/n}, Ŷ_k[o] = Σ_i X̂_k[i]·W[i, o, k],
    /// y_j = (1/n) Σ_k a_k (Re Ŷ_k cos θ − Im Ŷ_k sin θ), a_k = 1 on bins 0 and n/2, 2 between.
    private func reference1d(_ x: Tensor, _ weight: Tensor) -> [Double] {
        let (batch, inputs, n) = (x.shape[0], x.shape[1], x.shape[2])
        let (outputs, modes) = (weight.shape[1], weight.shape[2])
        let xs = x.toDoubles()
        let w = weight.toDoubles()
        var y = [Double](repeating: 0, count: batch * outputs * n)
        for b in 0..<batch {
            for k in 0..<modes {
                var spectrum = [(Double, Double)](repeating: (0, 0), count: inputs)
                for i in 0..<inputs {
                    for j in 0..<n {
                        let theta = 2 * Double.pi * Double(k * j) / Double(n)
                        let v = xs[(b * inputs + i) * n + j]
                        spectrum[i].0 += v * cos(theta)
                        spectrum[i].1 -= v * sin(theta)
                    }
                }
                let a = (k == 0 || 2 * k == n ? 1.0 : 2.0) / Double(n)
                for o in 0..<outputs {
                    var (re, im) = (0.0, 0.0)
                    for i in 0..<inputs {
                        let wr = w[((i * outputs + o) * modes + k) * 2]
                        let wi = w[((i * outputs + o) * modes + k) * 2 + 1]
                        re += spectrum[i].0 * wr - spectrum[i].1 * wi
                        im += spectrum[i].0 * wi + spectrum[i].1 * wr
                    }
                    for j in 0..<n {
                        let theta = 2 * Double.pi * Double(k * j) / Double(n)
                        y[(b * outputs + o) * n + j] += a * (re * cos(theta) - im * sin(theta))
                    }
                }
            }
        }
        return y
    }

    /// The 2-D layer by direct sums: the full 2-D DFT on the kept modes (rows 0..<m₁ and H − m₁..<H, columns
    /// 0..<m₂), mixing, the inverse DFT along H, then the real inverse along W as in `reference1d`.
    private func reference2d(_ x: Tensor, _ weight: Tensor) -> [Double] {
        let (batch, inputs, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (outputs, rowCount, m2) = (weight.shape[1], weight.shape[2], weight.shape[3])
        let m1 = rowCount / 2
        let rows = Array(0..<m1) + Array((height - m1)..<height)
        let xs = x.toDoubles()
        let w = weight.toDoubles()
        var y = [Double](repeating: 0, count: batch * outputs * height * width)
        for b in 0..<batch {
            // Z[o, h, c] = zr + i·zi after the inverse along H.
            var zr = [Double](repeating: 0, count: outputs * height * m2)
            var zi = zr
            for (ri, r) in rows.enumerated() {
                for c in 0..<m2 {
                    var spectrum = [(Double, Double)](repeating: (0, 0), count: inputs)
                    for i in 0..<inputs {
                        for h in 0..<height {
                            for v in 0..<width {
                                let theta =
                                    2 * Double.pi * (Double(r * h) / Double(height) + Double(c * v) / Double(width))
                                let value = xs[((b * inputs + i) * height + h) * width + v]
                                spectrum[i].0 += value * cos(theta)
                                spectrum[i].1 -= value * sin(theta)
                            }
                        }
                    }
                    for o in 0..<outputs {
                        var (re, im) = (0.0, 0.0)
                        for i in 0..<inputs {
                            let base = (((i * outputs + o) * rowCount + ri) * m2 + c) * 2
                            re += spectrum[i].0 * w[base] - spectrum[i].1 * w[base + 1]
                            im += spectrum[i].0 * w[base + 1] + spectrum[i].1 * w[base]
                        }
                        for h in 0..<height {
                            let theta = 2 * Double.pi * Double(r * h) / Double(height)
                            zr[(o * height + h) * m2 + c] += (re * cos(theta) - im * sin(theta)) / Double(height)
                            zi[(o * height + h) * m2 + c] += (re * sin(theta) + im * cos(theta)) / Double(height)
                        }
                    }
                }
            }
            for o in 0..<outputs {
                for h in 0..<height {
                    for c in 0..<m2 {
                        let a = (c == 0 || 2 * c == width ? 1.0 : 2.0) / Double(width)
                        for v in 0..<width {
                            let theta = 2 * Double.pi * Double(c * v) / Double(width)
                            let index = (o * height + h) * m2 + c
                            y[((b * outputs + o) * height + h) * width + v] +=
                                a * (zr[index] * cos(theta) - zi[index] * sin(theta))
                        }
                    }
                }
            }
        }
        return y
    }

    func testOneDimensionalMatchesDirectSumsOnBothPathsInEveryLayout() {
        // (channels in, out, modes, n): few modes, the Nyquist bin kept (modes = n/2 + 1), an odd length.
        for (index, (inputs, outputs, modes, n)) in [(3, 2, 3, 12), (2, 3, 5, 8), (2, 2, 4, 9)].enumerated() {
            for dtype in [DType.float64, .float32] {
                let weight = LayerTesting.values([inputs, outputs, modes, 2], seed: Double(index), dtype: dtype)
                for layout in layoutNames {
                    let x = layoutVariant(
                        layout, of: LayerTesting.values([2, inputs, n], seed: 5 + Double(index), dtype: dtype))
                    let expected = reference1d(x, weight)
                    for path in [SpectralPath.fft, .matmul] {
                        let layer = SpectralConvolution1d(weight: weight, path: path)
                        assertClose(
                            layer(Variable(x)).value, expected, shape: [2, outputs, n],
                            relativeTolerance: dtype == .float64 ? 1e-12 : 2e-5,
                            absoluteTolerance: dtype == .float64 ? 1e-12 : 2e-5,
                            "case \(index) \(dtype) \(layout) \(path)")
                        let channelsLast = SpectralConvolution1d(weight: weight, path: path, layout: .channelsLast)
                        assertClose(
                            channelsLast(Variable(x.permuted([0, 2, 1]))).value.permuted([0, 2, 1]), expected,
                            shape: [2, outputs, n], relativeTolerance: dtype == .float64 ? 1e-12 : 2e-5,
                            absoluteTolerance: dtype == .float64 ? 1e-12 : 2e-5,
                            "case \(index) \(dtype) \(layout) \(path) channels last")
                    }
                }
            }
        }
    }

    func testTwoDimensionalMatchesDirectSumsOnBothPathsInEveryLayout() {
        // (in, out, row modes, column modes, H, W): the Nyquist column kept, all rows kept (2m₁ = H), odd sizes.
        for (index, (inputs, outputs, m1, m2, height, width)) in [
            (2, 3, 2, 3, 6, 8), (3, 2, 2, 2, 4, 5), (2, 2, 1, 3, 5, 7),
        ]
        .enumerated() {
            for dtype in [DType.float64, .float32] {
                let weight = LayerTesting.values([inputs, outputs, 2 * m1, m2, 2], seed: Double(index), dtype: dtype)
                for layout in layoutNames {
                    let x = layoutVariant(
                        layout,
                        of: LayerTesting.values([2, inputs, height, width], seed: 7 + Double(index), dtype: dtype))
                    let expected = reference2d(x, weight)
                    for path in [SpectralPath.fft, .matmul] {
                        let layer = SpectralConvolution2d(weight: weight, path: path)
                        assertClose(
                            layer(Variable(x)).value, expected, shape: [2, outputs, height, width],
                            relativeTolerance: dtype == .float64 ? 1e-12 : 2e-5,
                            absoluteTolerance: dtype == .float64 ? 1e-12 : 2e-5,
                            "case \(index) \(dtype) \(layout) \(path)")
                    }
                }
            }
        }
    }

    func testPathsAgreeAtBenchmarkSize() {
        var generator = RandomGenerator(seed: 3)
        let fft = SpectralConvolution1d(inputChannels: 8, outputChannels: 8, modes: 16, path: .fft, using: &generator)
        let matmul = SpectralConvolution1d(weight: fft.weight.value, path: .matmul)
        let x = Variable(Tensor.normal([4, 8, 1024], dtype: .float32, using: &generator))
        let (a, b) = (fft(x).value.toDoubles(), matmul(x).value.toDoubles())
        let scale = a.map(Swift.abs).max()!
        let worst = zip(a, b).map { Swift.abs($0 - $1) }.max()!
        XCTAssertLessThan(worst, 1e-5 * scale)
    }

    func testGradientsToSecondOrderOnNonContiguousInputs() {
        for path in [SpectralPath.fft, .matmul] {
            let weight = LayerTesting.values([2, 3, 3, 2], seed: 1)
            let layer = SpectralConvolution1d(weight: weight, path: path)
            for layout in ["permuted", "stepped"] {
                let x = layoutVariant(layout, of: LayerTesting.values([2, 2, 8], seed: 2))
                assertGradients("1-D \(path) \(layout)", at: [x, weight], orders: [1, 2]) { v in
                    layer(v[0], weight: v[1]).tanh()
                }
            }
            let channelsLast = SpectralConvolution1d(weight: weight, path: path, layout: .channelsLast)
            let x = layoutVariant("flipped", of: LayerTesting.values([2, 7, 2], seed: 3))
            assertGradients("1-D \(path) channels last", at: [x, weight], orders: [1, 2]) { v in
                channelsLast(v[0], weight: v[1]).tanh()
            }
            let weight2 = LayerTesting.values([2, 2, 2, 2, 2], seed: 3)
            let layer2 = SpectralConvolution2d(weight: weight2, path: path)
            let x2 = layoutVariant("flipped", of: LayerTesting.values([2, 2, 4, 6], seed: 4))
            assertGradients("2-D \(path)", at: [x2, weight2], orders: [1, 2]) { v in
                layer2(v[0], weight: v[1]).tanh()
            }
        }
    }

    func testAutomaticPathFollowsTheCrossover() {
        XCTAssertEqual(SpectralPath.automatic.resolved(modes: 16, length: 1024), .matmul)
        XCTAssertEqual(SpectralPath.automatic.resolved(modes: 64, length: 64), .fft)
        XCTAssertEqual(SpectralPath.fft.resolved(modes: 1, length: 1024), .fft)
    }

    func testBadInputNamesTheLayerAndTheShapes() {
        expectFatalError(containing: "SpectralConvolution1d: input [1, 8, 3] must be [batch, length, 2]") {
            let layer = SpectralConvolution1d(
                weight: Tensor.zeros([2, 2, 3, 2], dtype: .float64), layout: .channelsLast)
            _ = layer(Variable(Tensor.zeros([1, 8, 3], dtype: .float64)))
        }
        expectFatalError(containing: "SpectralConvolution1d: 6 modes exceed the 5 bins of input [1, 2, 8]") {
            let layer = SpectralConvolution1d(weight: Tensor.zeros([2, 2, 6, 2], dtype: .float64))
            _ = layer(Variable(Tensor.zeros([1, 2, 8], dtype: .float64)))
        }
        expectFatalError(containing: "SpectralConvolution2d: input [1, 3, 4, 4] must be [batch, 2, H, W]") {
            let layer = SpectralConvolution2d(weight: Tensor.zeros([2, 2, 2, 2, 2], dtype: .float64))
            _ = layer(Variable(Tensor.zeros([1, 3, 4, 4], dtype: .float64)))
        }
    }
}
