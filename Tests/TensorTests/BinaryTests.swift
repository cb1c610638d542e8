import Foundation
import Tensor
import TestSupport
import XCTest

/// Binary functions with NumPy broadcasting, on every combination of layouts, against a `Double` reference.
final class BinaryTests: XCTestCase {
    static func reference(_ function: BinaryFunction) -> (Double, Double) -> Double {
        switch function {
        case .add: { $0 + $1 }
        case .subtract: { $0 - $1 }
        case .multiply: { $0 * $1 }
        case .divide: { $0 / $1 }
        case .maximum: { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }
        case .minimum: { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1) }
        case .power: { Foundation.pow($0, $1) }
        }
    }

    /// `function(a, b)` against the reference evaluated at every broadcast index. Float32 arithmetic is exact
    /// against Double rounded to float32 (the double rounding is innocuous for + − × ÷); pow goes through libm.
    func check(
        _ function: BinaryFunction, _ a: Tensor, _ b: Tensor, _ label: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let result = a.applying(function, b)
        guard let shape = Layout.broadcastShape(a.shape, b.shape) else {
            XCTFail("\(label): test shapes do not broadcast", file: file, line: line)
            return
        }
        let f = Self.reference(function)
        let expected = Tensor(
            zip(broadcastValues(a, to: shape), broadcastValues(b, to: shape)).map(f), shape: shape, dtype: a.dtype)
        XCTAssertTrue(result.isContiguous, label, file: file, line: line)
        let rtol = function == .power ? (a.dtype == .float32 ? 2e-6 : 1e-14) : 0
        assertClose(
            result, expected, relativeTolerance: rtol, absoluteTolerance: 0, "\(function) \(label)", file: file,
            line: line)
    }

    /// Values in [0.5, 2] for the base of pow, [-3, 3] otherwise (a few integral values so pow sees negative bases).
    static func operand(_ shape: [Int], dtype: DType, seed: UInt64, positive: Bool = false) -> Tensor {
        var random = TestRandom(seed: seed)
        let values = (0..<shape.reduce(1, *)).map { i -> Double in
            let v = positive ? random.uniform(0.5, 2) : random.uniform(-3, 3)
            return i % 3 == 0 ? v.rounded() : v
        }
        return Tensor(values, shape: shape, dtype: dtype)
    }

    static let shapePairs: [([Int], [Int])] = [
        ([3, 4], [3, 4]), ([], [3, 4]), ([3, 4], []), ([3, 1], [1, 4]), ([4], [2, 3, 4]), ([2, 3, 4], [3, 1]),
        ([2, 1, 4], [3, 1]), ([1, 1], [3, 4]), ([1], [2, 3]), ([2, 3], [1]), ([5, 1, 1], [1, 2, 1]),
    ]

    func testBroadcastingOfAllKindsOnEveryLayoutPair() {
        for dtype in [DType.float32, .float64] {
            for (i, (shapeA, shapeB)) in Self.shapePairs.enumerated() {
                let a = Self.operand(shapeA, dtype: dtype, seed: UInt64(2 * i + 1))
                let b = Self.operand(shapeB, dtype: dtype, seed: UInt64(2 * i + 2))
                let base = Self.operand(shapeA, dtype: dtype, seed: UInt64(2 * i + 1), positive: true)
                for va in layoutVariants(of: a) {
                    for vb in layoutVariants(of: b) {
                        let label = "\(dtype) \(shapeA) \(va.name) × \(shapeB) \(vb.name)"
                        for function in BinaryFunction.allCases where function != .power {
                            check(function, va.tensor, vb.tensor, label)
                        }
                    }
                }
                for vb in layoutVariants(of: b) {
                    check(.power, base, vb.tensor, "\(dtype) \(shapeA) × \(shapeB) \(vb.name)")
                }
            }
        }
    }

    func testBothOperandsNonContiguousAndMixed() {
        var random = TestRandom(seed: 7)
        for dtype in [DType.float32, .float64] {
            let m = random.tensor([4, 3], dtype: dtype)
            let n = random.tensor([3, 4], dtype: dtype)
            let v = random.tensor([8], dtype: dtype)
            let pairs: [(String, Tensor, Tensor)] = [
                ("transposed × flipped", m.transposed(), n.flipped(axes: [0, 1])),
                ("transposed × transposed", m.transposed(), m.transposed()),
                ("stepped row × column view", v.sliced(axis: 0, step: 2), m.sliced(axis: 1, start: 1, end: 2)),
                ("expanded × permuted", v.sliced(axis: 0, start: 4).expanded(to: [3, 4]), m.permuted([1, 0])),
                ("same storage, overlapping", v.sliced(axis: 0, end: 6), v.sliced(axis: 0, start: 2)),
                ("selected × diagonal", m.selected(axis: 0, index: 2), n.diagonal()),
                ("contiguous × expanded scalar", n, Tensor(scalar: 2.0, dtype: dtype).expanded(to: [3, 4])),
                (
                    "rank-3 permuted × unsqueezed", random.tensor([2, 4, 3], dtype: dtype).permuted([0, 2, 1]),
                    n.unsqueezed(axis: 0)
                ),
            ]
            for (name, a, b) in pairs {
                for function in BinaryFunction.allCases where function != .power {
                    check(function, a, b, "\(dtype) \(name)")
                }
                check(.power, a.abs() + 0.5, b, "\(dtype) \(name)")
            }
        }
    }

    func testZeroSizeBroadcasts() {
        let a = Tensor.zeros([0, 3], dtype: .float64)
        XCTAssertEqual((a + Tensor.ones([1, 3], dtype: .float64)).shape, [0, 3])
        XCTAssertEqual((a * Tensor(scalar: 2.0)).shape, [0, 3])
        XCTAssertEqual((Tensor.ones([2, 1, 3], dtype: .float64) - a).shape, [2, 0, 3])
        XCTAssertEqual((Tensor.ones([4, 1], dtype: .float64) + Tensor.ones([0], dtype: .float64)).shape, [4, 0])
    }

    func testLargeBroadcastsTakeTheParallelPath() {
        var random = TestRandom(seed: 11)
        for dtype in [DType.float32, .float64] {
            let shape = ParallelSizes.matrix
            let a = random.tensor(shape, dtype: dtype)
            let row = random.tensor([shape[1]], dtype: dtype)
            let column = random.tensor([shape[0], 1], dtype: dtype)
            let b = random.tensor([shape[1], shape[0]], dtype: dtype)
            let cases: [(String, Tensor, Tensor)] = [
                ("same shape", a, b.transposed().contiguous()), ("row", a, row), ("column", a, column),
                ("transposed", a, b.transposed()), ("flipped × transposed", a.flipped(axes: [1]), b.transposed()),
                ("row × column", row, column), ("scalar", a, Tensor(scalar: 3.0, dtype: dtype)),
                ("scalar on the left", Tensor([0.5], shape: [1], dtype: dtype), a),
            ]
            for (name, x, y) in cases {
                for function in [BinaryFunction.add, .divide, .maximum] {
                    check(function, x, y, "large \(dtype) \(name)")
                }
            }
        }
    }

    func testSpecialValues() {
        let s: [Double] = [.nan, .infinity, -.infinity, 0, -0.0, 1, -1, 2, -2, 0.5, -0.5, 3]
        let n = s.count
        for dtype in [DType.float32, .float64] {
            let a = Tensor(s, shape: [n, 1], dtype: dtype)
            let b = Tensor(s, shape: [1, n], dtype: dtype)
            for function in BinaryFunction.allCases { check(function, a, b, "\(dtype) special values") }
        }
    }

    func testPowerFollowsCConventionsForHugeAndInfiniteExponents() {
        let bases: [Double] = [-2, -1, -0.5, 0.5, 2]
        let exponents: [Double] = [.infinity, -.infinity, 0x1p31, 1e20, -0x1p40]
        for dtype in [DType.float32, .float64] {
            let a = Tensor(bases, shape: [bases.count, 1], dtype: dtype)
            let b = Tensor(exponents, shape: [1, exponents.count], dtype: dtype)
            check(.power, a, b, "\(dtype) huge exponents")
        }
        // Odd integral exponents between 2³⁰ and 2⁵³ keep the sign of a negative base (float64).
        XCTAssertEqual(Tensor(scalar: -1.0).pow(Tensor(scalar: Double((1 << 31) + 1))).item(), -1)
    }

    func testPowerOfIntegralExponents() {
        let x = Tensor([-3.0, -2, -1, -0.5, 0, 0.5, 2], shape: [7, 1])
        let e = Tensor([-3.0, -2, -1, 0, 1, 2, 3, 4], shape: [1, 8])
        check(.power, x, e, "integral exponents, negative bases")
        assertElements(Tensor([Double.nan]).pow(Tensor([0.0])), [1], shape: [1])
        assertElements(Tensor([-8.0]).pow(Tensor([1.0 / 3])), [.nan], shape: [1])
        assertElements(Tensor([0.0, -0.0]).pow(Tensor([-1.0])), [.infinity, -.infinity], shape: [2])
    }

    func testOperatorsMatchApplying() {
        var random = TestRandom(seed: 5)
        let a = random.tensor([2, 3])
        let b = random.tensor([3])
        assertClose(a + b, a.applying(.add, b), relativeTolerance: 0, absoluteTolerance: 0)
        assertClose(a - b, a.applying(.subtract, b), relativeTolerance: 0, absoluteTolerance: 0)
        assertClose(a * b, a.applying(.multiply, b), relativeTolerance: 0, absoluteTolerance: 0)
        assertClose(a / b, a.applying(.divide, b), relativeTolerance: 0, absoluteTolerance: 0)
        assertClose(a.maximum(b), a.applying(.maximum, b), relativeTolerance: 0, absoluteTolerance: 0)
        assertClose(a.minimum(b), a.applying(.minimum, b), relativeTolerance: 0, absoluteTolerance: 0)
        assertClose(a.abs().pow(b), a.abs().applying(.power, b), relativeTolerance: 0, absoluteTolerance: 0)
    }
}
