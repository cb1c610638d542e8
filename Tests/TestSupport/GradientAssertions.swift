import Autograd
import Tensor
import XCTest

/// Deterministic sample values for gradient tests.
public enum Samples {
    /// `count` distinct values spread evenly over `[lower, upper]` in a shuffled order: neighbours differ by
    /// (upper − lower)/count, far more than a finite-difference step, so max/min/sort-like ops have no ties.
    public static func distinct(_ count: Int, in lower: Double = -1, _ upper: Double = 1, seed: UInt64 = 7) -> [Double]
    {
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
    public static func awayFromZero(_ count: Int, magnitude: Double = 1.5, seed: UInt64 = 11) -> [Double] {
        distinct(count, in: 0.2, magnitude, seed: seed).enumerated().map {
            $0.offset % 3 == 1 ? -$0.element : $0.element
        }
    }

    /// `count` positive values in `[lower, upper]` (for log, sqrt, rsqrt, reciprocal, division).
    public static func positive(_ count: Int, in lower: Double = 0.3, _ upper: Double = 2, seed: UInt64 = 13)
        -> [Double]
    {
        distinct(count, in: lower, upper, seed: seed)
    }
}

/// Asserts that `f`'s derivatives at `inputs` pass the library's `checkGradients` (Float64 central differences,
/// its default tolerances) at every order in `orders`, and — when an input is a view that is not contiguous — that
/// `f` gives the same value on the inputs as on contiguous copies of them (so a kernel that mishandles a view is
/// caught even where it does not change a gradient).
///
/// ```swift
/// assertGradients("sin·x", at: [x.transposed()]) { v in v[0].sin() * v[0] }
/// ```
public func assertGradients(
    _ label: @autoclosure () -> String = "", at inputs: [Tensor], orders: [Int] = [1, 2],
    file: StaticString = #filePath, line: UInt = #line, _ f: @escaping ([Variable]) -> Variable
) {
    if inputs.contains(where: { !$0.isContiguous }) {
        let onViews = withoutGradients { f(inputs.map(Variable.init)).value }
        let onCopies = withoutGradients { f(inputs.map { Variable($0.copied()) }).value }
        assertClose(
            onViews, onCopies, relativeTolerance: 1e-10, absoluteTolerance: 1e-10, "\(label()): forward value on views",
            file: file, line: line)
    }
    for order in orders {
        let result = checkGradients(at: inputs, order: order, f)
        XCTAssert(result.passed, "\(label()): \(result)", file: file, line: line)
    }
}

/// Runs `assertGradients` with the inputs in each layout of `layoutVariants(of:)` (variant k of every input
/// together), and with the first input alone as a view (the others contiguous). `inputs` are Float64 values with
/// their shapes.
public func assertGradientsInAllLayouts(
    _ label: String, inputs: [(values: [Double], shape: [Int])], orders: [Int] = [1, 2],
    file: StaticString = #filePath, line: UInt = #line, _ f: @escaping ([Variable]) -> Variable
) {
    let variants = inputs.map { layoutVariants(of: Tensor($0.values, shape: $0.shape, dtype: .float64)) }
    let kinds = variants.map(\.count).min() ?? 1
    for k in 0..<kinds {
        let chosen = variants.map { $0[k] }
        let names = chosen.map(\.name).joined(separator: ", ")
        assertGradients("\(label) [\(names)]", at: chosen.map(\.tensor), orders: orders, file: file, line: line, f)
    }
    if variants.count > 1, kinds > 1 {
        let mixed = [variants[0][1].tensor] + variants.dropFirst().map { $0[0].tensor }
        let name = "\(label) [first input \(variants[0][1].name)]"
        assertGradients(name, at: mixed, orders: orders, file: file, line: line, f)
    }
}
