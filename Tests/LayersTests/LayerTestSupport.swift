import Autograd
import Foundation
import Tensor
import XCTest

/// Shared helpers of the layer tests: deterministic inputs and naive references (layouts, closeness and gradient
/// checks are TestSupport's).
enum LayerTesting {
    /// Deterministic, distinct values of `shape` (a smooth pseudo-random pattern), contiguous.
    static func values(_ shape: [Int], seed: Double, dtype: DType = .float64) -> Tensor {
        let count = shape.reduce(1, *)
        let elements = (0..<count).map { (i: Int) -> Double in
            let t = Double(i)
            let slow: Double = Foundation.sin(t * 0.73 + seed)
            let fast: Double = Foundation.cos(t * 1.9 + 2 * seed)
            return slow + 0.1 * fast
        }
        return Tensor(elements, shape: shape, dtype: dtype)
    }

    /// A 1-D geometry as a 2-D one of height 1: `[N, C, L]` values keep their order as `[N, C, 1, L]`.
    private static func planar(_ values: [Int], filler: Int) -> [Int] { values.count == 1 ? [filler] + values : values }

    /// Convolution by direct summation over `[N, C, L]` or `[N, C, H, W]` (any layout), weight `[O, C/G, *K]`:
    /// y[n, o, i, j] = b[o] + Σ_c Σ_k Σ_l W[o, c, k, l]·x[n, g·C/G + c, i·s₀ + k·d₀ − p₀, j·s₁ + l·d₁ − p₁].
    static func convolution(
        input: Tensor, weight: Tensor, bias: Tensor?, stride: [Int], padding: [Int], dilation: [Int], groups: Int
    ) -> (values: [Double], shape: [Int]) {
        let x = input.toDoubles()
        let w = weight.toDoubles()
        let b = bias?.toDoubles()
        let (n, c) = (input.shape[0], input.shape[1])
        let size = planar(Array(input.shape.dropFirst(2)), filler: 1)
        let kernel = planar(Array(weight.shape.dropFirst(2)), filler: 1)
        let s = planar(stride, filler: 1)
        let p = planar(padding, filler: 0)
        let d = planar(dilation, filler: 1)
        let outputs = weight.shape[0]
        let perGroup = c / groups
        let outputsPerGroup = outputs / groups
        let out = (0..<2).map { (axis: Int) -> Int in
            let span: Int = d[axis] * (kernel[axis] - 1) + 1
            return (size[axis] + 2 * p[axis] - span) / s[axis] + 1
        }
        var y = [Double](repeating: 0, count: n * outputs * out[0] * out[1])
        for batch in 0..<n {
            for o in 0..<outputs {
                let group = o / outputsPerGroup
                for i in 0..<out[0] {
                    for j in 0..<out[1] {
                        var total = b?[o] ?? 0
                        for channel in 0..<perGroup {
                            for k in 0..<kernel[0] {
                                for l in 0..<kernel[1] {
                                    let row: Int = i * s[0] + k * d[0] - p[0]
                                    let column: Int = j * s[1] + l * d[1] - p[1]
                                    guard row >= 0, row < size[0], column >= 0, column < size[1] else { continue }
                                    let inputChannel = group * perGroup + channel
                                    let xi = ((batch * c + inputChannel) * size[0] + row) * size[1] + column
                                    let wi = ((o * perGroup + channel) * kernel[0] + k) * kernel[1] + l
                                    total += w[wi] * x[xi]
                                }
                            }
                        }
                        y[((batch * outputs + o) * out[0] + i) * out[1] + j] = total
                    }
                }
            }
        }
        return (y, [n, outputs] + (stride.count == 1 ? [out[1]] : out))
    }

    enum PoolingKind {
        case maximum
        case average(countIncludesPadding: Bool)
    }

    /// Pooling by loops over `[N, C, L]` or `[N, C, H, W]` (windows o·s − p … o·s − p + K − 1).
    static func pooling(input: Tensor, kind: PoolingKind, kernelSize: [Int], stride: [Int], padding: [Int])
        -> (values: [Double], shape: [Int])
    {
        let x = input.toDoubles()
        let planes = input.shape[0] * input.shape[1]
        let size = planar(Array(input.shape.dropFirst(2)), filler: 1)
        let kernel = planar(kernelSize, filler: 1)
        let s = planar(stride, filler: 1)
        let p = planar(padding, filler: 0)
        let out = (0..<2).map { (axis: Int) -> Int in (size[axis] + 2 * p[axis] - kernel[axis]) / s[axis] + 1 }
        var y: [Double] = []
        for plane in 0..<planes {
            for i in 0..<out[0] {
                for j in 0..<out[1] {
                    var maximum = -Double.infinity
                    var total = 0.0
                    var inside = 0
                    for k in 0..<kernel[0] {
                        for l in 0..<kernel[1] {
                            let row: Int = i * s[0] + k - p[0]
                            let column: Int = j * s[1] + l - p[1]
                            guard row >= 0, row < size[0], column >= 0, column < size[1] else { continue }
                            let v = x[(plane * size[0] + row) * size[1] + column]
                            maximum = Swift.max(maximum, v)
                            total += v
                            inside += 1
                        }
                    }
                    switch kind {
                    case .maximum: y.append(maximum)
                    case .average(let includesPadding):
                        y.append(total / Double(includesPadding ? kernel[0] * kernel[1] : inside))
                    }
                }
            }
        }
        return (y, Array(input.shape.prefix(2)) + (stride.count == 1 ? [out[1]] : out))
    }
}
