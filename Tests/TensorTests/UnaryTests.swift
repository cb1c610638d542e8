import Foundation
import Tensor
import TestSupport
import XCTest

/// Every unary function against a `Double` reference (Foundation's libm), on every layout, in both float dtypes,
/// including NaN, ±∞, ±0, tiny and huge arguments.
final class UnaryTests: XCTestCase {
    struct Case: Sendable {
        let function: UnaryFunction
        let reference: @Sendable (Double) -> Double
        /// Relative tolerance in float32 (float64 uses 1e-13); composites that cancel get an absolute one.
        var rtol32 = 2e-6
        var atol32 = 0.0
        var atol64 = 0.0
        /// Arguments to leave out (with the reason in the case list).
        var excluded: @Sendable (Double) -> Bool = { _ in false }
    }

    static func sigmoid(_ x: Double) -> Double {
        x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
    }
    static func softplus(_ x: Double) -> Double { Swift.max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x))) }
    static func geluErf(_ x: Double) -> Double {
        x.isInfinite ? Swift.max(x, 0) : 0.5 * x * (1 + Foundation.erf(x / 2.0.squareRoot()))
    }
    static func geluTanh(_ x: Double) -> Double {
        if x.isInfinite { return Swift.max(x, 0) }
        return 0.5 * x * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * (x + 0.044715 * x * x * x)))
    }

    static let cases: [Case] = [
        Case(function: .negate, reference: { -$0 }),
        Case(function: .abs, reference: { Swift.abs($0) }),
        Case(function: .exp, reference: Foundation.exp),
        Case(function: .expm1, reference: Foundation.expm1),
        Case(function: .log, reference: Foundation.log),
        Case(function: .log1p, reference: Foundation.log1p),
        Case(function: .sqrt, reference: Foundation.sqrt),
        Case(function: .rsqrt, reference: { 1 / Foundation.sqrt($0) }, rtol32: 4e-7),
        Case(function: .square, reference: { $0 * $0 }),
        Case(function: .reciprocal, reference: { 1 / $0 }),
        Case(function: .sin, reference: Foundation.sin),
        Case(function: .cos, reference: Foundation.cos),
        Case(function: .tanh, reference: Foundation.tanh),
        Case(function: .sigmoid, reference: sigmoid, rtol32: 1e-6, atol32: 0),
        Case(function: .softplus, reference: softplus, rtol32: 1e-6),
        Case(function: .relu, reference: { $0.isNaN ? $0 : Swift.max($0, 0) }),
        // GELU in float32 cancels in 1 + erf(x/√2) for x ≪ 0: absolute, not relative, accuracy there.
        // −∞ is left out: the formula gives −∞·0 = NaN (as PyTorch's does) where the limit is 0.
        Case(function: .geluTanh, reference: geluTanh, atol32: 1e-6, atol64: 1e-15, excluded: { $0 == -.infinity }),
        Case(function: .geluErf, reference: geluErf, atol32: 1e-6, atol64: 1e-15, excluded: { $0 == -.infinity }),
        Case(function: .erf, reference: Foundation.erf),
        Case(function: .sign, reference: { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) }),
        Case(function: .floor, reference: Foundation.floor),
        Case(function: .ceil, reference: Foundation.ceil),
        Case(function: .round, reference: { $0.rounded(.toNearestOrEven) }),
    ]

    /// Random values in [-5, 5] with special values and edge cases written over the first elements.
    static func inputs(_ shape: [Int], dtype: DType, seed: UInt64, constantAlong axis: Int? = nil) -> Tensor {
        var random = TestRandom(seed: seed)
        var values: [Double]
        if let axis {
            values = valuesConstant(along: axis, shape: shape, random: &random, low: -5, high: 5).toDoubles()
        } else {
            values = random.tensor(shape, low: -5, high: 5).toDoubles()
        }
        let huge = dtype == .float32 ? 1e30 : 1e300
        let tiny = dtype == .float32 ? 1e-30 : 1e-300
        let specials: [Double] = [
            .nan, .infinity, -.infinity, 0, -0.0, huge, -huge, tiny, -tiny, 0.5, -0.5, 1.5, 2.5, -2.5, 1, -1,
            88.5, -88.5, 710, -745, 1e-8, -1e-8, 20, -20, 100, -100, 3e5, -3e5,
        ]
        if axis == nil {
            for (i, s) in specials.enumerated() where i < values.count { values[i] = s }
        }
        return Tensor(values, shape: shape, dtype: dtype)
    }

    func check(_ c: Case, _ x: Tensor, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        let y = x.applying(c.function)
        XCTAssertEqual(y.dtype, x.dtype, label, file: file, line: line)
        XCTAssertTrue(y.isContiguous, label, file: file, line: line)
        let keep = x.toDoubles().map { !c.excluded($0) }
        let expected = referenceMap(x, c.reference)
        let mask = Tensor(keep, shape: x.shape)
        let zero = Tensor.zeros(like: y)
        let float32 = x.dtype == .float32
        assertClose(
            Tensor.where(mask, y, zero), Tensor.where(mask, expected, zero),
            relativeTolerance: float32 ? c.rtol32 : 1e-13, absoluteTolerance: float32 ? c.atol32 : c.atol64, label,
            file: file, line: line)
    }

    func testEveryFunctionOnEveryLayoutInBothDTypes() {
        for c in Self.cases {
            for dtype in [DType.float32, .float64] {
                let datasets = [
                    Self.inputs([3, 4, 5], dtype: dtype, seed: 1),
                    Self.inputs([4, 3, 2], dtype: dtype, seed: 2, constantAlong: 1),
                    Self.inputs([3, 2], dtype: dtype, seed: 3, constantAlong: 0),
                ]
                for values in datasets {
                    for variant in layoutVariants(of: values) {
                        check(c, variant.tensor, "\(c.function) \(dtype) \(values.shape) \(variant.name)")
                    }
                }
            }
        }
    }

    func testScalarAndEmptyInputs() {
        for c in Self.cases {
            let s = Tensor(scalar: 0.75, dtype: .float64)
            let y = s.applying(c.function)
            XCTAssertEqual(y.shape, [])
            XCTAssertEqual(y.item(), c.reference(0.75), accuracy: 1e-15, "\(c.function)")
            let empty = Tensor.zeros([0, 3], dtype: .float32).transposed()
            XCTAssertEqual(empty.applying(c.function).shape, [3, 0], "\(c.function)")
        }
    }

    func testLargeInputsTakeTheParallelPath() {
        // Prime sizes so the two chunks split inside a row of the strided walk.
        var random = TestRandom(seed: 4)
        for dtype in [DType.float32, .float64] {
            let shape = ParallelSizes.matrix
            let base = random.tensor(shape, dtype: dtype, low: -3, high: 3)
            let variants = [
                ("contiguous", base), ("transposed", base.transposed()),
                ("stepped", base.sliced(axis: 1, start: 1, step: 2)), ("flipped", base.flipped(axes: [0, 1])),
                ("expanded", base.selected(axis: 0, index: 7).expanded(to: shape)),
            ]
            for (name, x) in variants {
                for c in Self.cases where [.exp, .tanh, .negate, .sigmoid, .square].contains(c.function) {
                    check(c, x, "\(c.function) \(dtype) large \(name)")
                }
            }
        }
    }

    func testSignsOfZeroAndExactResults() {
        let x = Tensor([-0.0, 0.0, -1.5, 2.5, -2.5, 0.49999999999999994], shape: [6])
        XCTAssertEqual(x.negated().toDoubles().map(\.sign), [.plus, .minus, .plus, .minus, .plus, .minus])
        XCTAssertEqual(x.abs().toDoubles().map(\.sign), [.plus, .plus, .plus, .plus, .plus, .plus])
        XCTAssertEqual(x.sign().toDoubles().map(\.sign), [.minus, .plus, .minus, .plus, .minus, .plus])
        XCTAssertEqual(x.rounded().toDoubles(), [0, 0, -2, 2, -2, 0])
        XCTAssertEqual(x.floor().toDoubles(), [0, 0, -2, 2, -3, 0])
        XCTAssertEqual(x.ceil().toDoubles(), [0, 0, -1, 3, -2, 1])
        XCTAssertEqual(x.relu().toDoubles(), [0, 0, 0, 2.5, 0, 0.49999999999999994])
        XCTAssertEqual((-x).toDoubles(), x.negated().toDoubles())
        XCTAssertEqual(Tensor([Float(-0.0)]).sqrt().toDoubles().map(\.sign), [.minus])
    }

    /// `vectorizableSquareRoot` (the kernels' and optimizers' √) is bit-identical to `squareRoot()`, special values
    /// included, in both precisions and through `Tensor.sqrt` on a buffer long enough to take the vector loop.
    func testVectorizableSquareRootIsTheIEEESquareRoot() {
        var generator = SystemRandomNumberGenerator()
        var floats: [Float] = [
            0, -0.0, 1, 2, .infinity, -.infinity, .nan, -1, .leastNonzeroMagnitude, .leastNormalMagnitude,
            .greatestFiniteMagnitude, 0x1.fffffep-1,
        ]
        for _ in 0..<4096 { floats.append(Float(bitPattern: generator.next())) }
        for x in floats {
            let (got, expected) = (x.vectorizableSquareRoot(), x.squareRoot())
            XCTAssert(
                got.bitPattern == expected.bitPattern || (got.isNaN && expected.isNaN), "√\(x): \(got) vs \(expected)")
        }
        var doubles: [Double] = [
            0, -0.0, 1, 2, .infinity, -.infinity, .nan, -1, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
        ]
        for _ in 0..<4096 { doubles.append(Double(bitPattern: generator.next())) }
        for x in doubles {
            let (got, expected) = (x.vectorizableSquareRoot(), x.squareRoot())
            XCTAssert(
                got.bitPattern == expected.bitPattern || (got.isNaN && expected.isNaN), "√\(x): \(got) vs \(expected)")
        }
        let tensor = Tensor(floats, shape: [floats.count]).sqrt().toDoubles()
        for (x, y) in zip(floats, tensor) {
            XCTAssert(
                Float(y).bitPattern == x.squareRoot().bitPattern || (y.isNaN && x.squareRoot().isNaN), "sqrt(\(x))")
        }
    }

    func testNamedMethodsMatchApplying() {
        let x = Self.inputs([2, 5], dtype: .float64, seed: 9).abs() + 0.5
        let pairs: [(Tensor, UnaryFunction)] = [
            (x.negated(), .negate), (x.abs(), .abs), (x.exp(), .exp), (x.expm1(), .expm1), (x.log(), .log),
            (x.log1p(), .log1p), (x.sqrt(), .sqrt), (x.rsqrt(), .rsqrt), (x.square(), .square),
            (x.reciprocal(), .reciprocal), (x.sin(), .sin), (x.cos(), .cos), (x.tanh(), .tanh),
            (x.sigmoid(), .sigmoid), (x.softplus(), .softplus), (x.relu(), .relu),
            (x.gelu(approximate: true), .geluTanh),
            (x.gelu(), .geluErf), (x.erf(), .erf), (x.sign(), .sign), (x.floor(), .floor), (x.ceil(), .ceil),
            (x.rounded(), .round),
        ]
        XCTAssertEqual(pairs.count, UnaryFunction.allCases.count)
        for (y, f) in pairs { assertClose(y, x.applying(f), relativeTolerance: 0, absoluteTolerance: 0, "\(f)") }
    }

    func testSigmoidAndSoftplusDoNotOverflow() {
        for dtype in [DType.float32, .float64] {
            let x = Tensor([-1000, -100, -30, 0, 30, 100, 1000], shape: [7], dtype: dtype)
            let s = x.sigmoid().toDoubles()
            XCTAssertEqual(s[0], 0)
            XCTAssertEqual(s[3], 0.5)
            XCTAssertEqual(s[6], 1)
            XCTAssertTrue(s.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 }, "\(s)")
            let p = x.softplus().toDoubles()
            XCTAssertEqual(p[6], 1000)
            XCTAssertEqual(p[0], 0)
            XCTAssertEqual(p[3], Foundation.log(2.0), accuracy: 1e-7)
        }
    }
}
