import Autograd
import Tensor
import XCTest

/// Deterministic sample values for gradient tests.
enum Samples {
    /// `count` distinct values spread evenly over `[lower, upper]` in a shuffled order: neighbours differ by
    /// (upper − lower)/count, far more than a finite-difference step, so max/min/sort-like ops have no ties.
    static func distinct(_ count: Int, in lower: Double = -1, _ upper: Double = 1, seed: UInt64 = 7) -> [Double] {
        let step = (upper - lower) / Double(count)
        var values = (0..<count).map { lower + (Double($0) + 0.5) * step }
        var state = seed
        for i in stride(from: count - 1, to: 0, by: -1) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            values.swapAt(i, Int((state >> 33) % UInt64(i + 1)))
        }
        return values
    }

    /// `count` values with magnitudes in `[0.2, magnitude]` and mixed signs (away from the kink of abs, relu, sign).
    static func awayFromZero(_ count: Int, magnitude: Double = 1.5, seed: UInt64 = 11) -> [Double] {
        distinct(count, in: 0.2, magnitude, seed: seed).enumerated().map { $0.offset % 3 == 1 ? -$0.element : $0.element }
    }

    /// `count` positive values in `[lower, upper]` (for log, sqrt, rsqrt, reciprocal, division).
    static func positive(_ count: Int, in lower: Double = 0.3, _ upper: Double = 2, seed: UInt64 = 13) -> [Double] {
        distinct(count, in: lower, upper, seed: seed)
    }
}

/// One way of holding a tensor's values in memory.
struct LayoutVariant {
    let name: String
    let tensor: Tensor
}

/// The same logical values laid out differently: contiguous, and as views that are not contiguous.
enum Layouts {
    /// `Tensor(values, shape: shape)` (Float64) in several memory layouts with equal logical contents:
    /// contiguous; permuted (the storage holds the reversed-axes transpose); every other element of a larger buffer
    /// along axis 0 (a step-2 slice with an offset); reversed along every axis (negative strides); and, for rank ≥ 2,
    /// a transposed step-2 slice.
    static func variants(_ values: [Double], shape: [Int]) -> [LayoutVariant] {
        let x = Tensor(values, shape: shape, dtype: .float64)
        var result = [LayoutVariant(name: "contiguous", tensor: x)]
        guard !shape.isEmpty else { return result }
        let all = Array(0..<shape.count)
        if shape.count >= 2 {
            let reversed = Array(all.reversed())
            result.append(LayoutVariant(name: "permuted", tensor: x.permuted(reversed).copied().permuted(reversed)))
        }
        result.append(LayoutVariant(name: "sliced with step 2", tensor: stepSliced(x, axis: 0)))
        result.append(LayoutVariant(name: "flipped", tensor: x.flipped(axes: all).copied().flipped(axes: all)))
        if shape.count >= 2 {
            let t = stepSliced(x.transposed().copied(), axis: 1).transposed()
            result.append(LayoutVariant(name: "transposed step-2 slice", tensor: t))
        }
        return result
    }

    /// `x` as a view `big.sliced(axis:, start: 1, step: 2)` of a larger buffer whose other elements are garbage.
    static func stepSliced(_ x: Tensor, axis: Int) -> Tensor {
        var bigShape = x.shape
        bigShape[axis] = 2 * x.shape[axis] + 1
        let garbage = Tensor.full(bigShape, value: 1e3, dtype: x.dtype)
        let big = garbage.updated(at: { $0.sliced(axis: axis, start: 1, step: 2) }, with: x)
        return big.sliced(axis: axis, start: 1, step: 2)
    }

    /// A Float64 tensor of `shape` holding `values`, broadcast (stride 0) to `target`.
    static func expanded(_ values: [Double], shape: [Int], to target: [Int]) -> Tensor {
        Tensor(values, shape: shape, dtype: .float64).expanded(to: target)
    }
}

/// Asserts that `f`'s derivatives at `inputs` pass the library's `checkGradients` (Float64 central differences,
/// default tolerances) at every order in `orders`, and that `f` gives the same value on the inputs as on contiguous
/// copies of them (so a kernel that mishandles a view is caught even where it does not change a gradient).
func assertGradients(
    _ label: @autoclosure () -> String, at inputs: [Tensor], orders: [Int] = [1, 2],
    file: StaticString = #filePath, line: UInt = #line, _ f: @escaping ([Variable]) -> Variable
) {
    if inputs.contains(where: { !$0.isContiguous }) {
        let onViews = withoutGradients { f(inputs.map(Variable.init)).value }
        let onCopies = withoutGradients { f(inputs.map { Variable($0.copied()) }).value }
        assertClose(onViews, onCopies, "\(label()): forward value on views", file: file, line: line)
    }
    for order in orders {
        let result = checkGradients(at: inputs, order: order, f)
        XCTAssert(result.passed, "\(label()): \(result)", file: file, line: line)
    }
}

/// Runs `assertGradients` with every input in each of its `Layouts.variants` (variant k of every input together;
/// inputs of low rank that have fewer variants stay contiguous), and with the first input alone as a view.
func assertGradientsInAllLayouts(
    _ label: String, inputs: [(values: [Double], shape: [Int])], orders: [Int] = [1, 2],
    file: StaticString = #filePath, line: UInt = #line, _ f: @escaping ([Variable]) -> Variable
) {
    let variants = inputs.map { Layouts.variants($0.values, shape: $0.shape) }
    let kinds = variants.map(\.count).max() ?? 1
    for k in 0..<kinds {
        let chosen = variants.map { $0.indices.contains(k) ? $0[k] : $0[0] }
        let names = chosen.map(\.name).joined(separator: ", ")
        assertGradients("\(label) [\(names)]", at: chosen.map(\.tensor), orders: orders, file: file, line: line, f)
    }
    if variants.count > 1, variants[0].count > 1 {
        let mixed = [variants[0][1].tensor] + variants.dropFirst().map { $0[0].tensor }
        let name = "\(label) [first input \(variants[0][1].name)]"
        assertGradients(name, at: mixed, orders: orders, file: file, line: line, f)
    }
}

/// Asserts that two tensors have the same shape and agree elementwise within `tolerance` (relative to the larger
/// magnitude, absolute below 1; NaN matches only NaN).
func assertClose(
    _ actual: Tensor, _ expected: Tensor, _ message: @autoclosure () -> String = "", tolerance: Double = 1e-10,
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(actual.shape, expected.shape, "\(message()): shapes differ", file: file, line: line)
    guard actual.shape == expected.shape else { return }
    let a = actual.toDoubles(), e = expected.toDoubles()
    for i in a.indices {
        let scale = max(1, abs(a[i]), abs(e[i]))
        if !(abs(a[i] - e[i]) <= tolerance * scale) && !(a[i].isNaN && e[i].isNaN) {
            XCTFail("\(message()): element \(i): \(a[i]) vs \(e[i]) (shape \(actual.shape))", file: file, line: line)
            return
        }
    }
}

/// `assertClose` for plain arrays.
func assertClose(
    _ actual: [Double], _ expected: [Double], _ message: @autoclosure () -> String = "", tolerance: Double = 1e-10,
    file: StaticString = #filePath, line: UInt = #line
) {
    assertClose(
        Tensor(actual, shape: [actual.count], dtype: .float64), Tensor(expected, shape: [expected.count], dtype: .float64),
        message(), tolerance: tolerance, file: file, line: line)
}
