import Tensor
import TestSupport
import XCTest

/// Comparisons to masks, logical operations on masks, and `where`, with broadcasting and non-contiguous operands.
final class ComparisonTests: XCTestCase {
    static func predicate(_ c: Comparison) -> (Double, Double) -> Bool {
        switch c {
        case .equal: { $0 == $1 }
        case .notEqual: { $0 != $1 }
        case .less: { $0 < $1 }
        case .lessEqual: { $0 <= $1 }
        case .greater: { $0 > $1 }
        case .greaterEqual: { $0 >= $1 }
        }
    }

    func checkMask(
        _ mask: Tensor, _ shape: [Int], _ label: String, file: StaticString = #filePath, line: UInt = #line,
        _ expected: ([Int]) -> Bool
    ) {
        XCTAssertEqual(mask.dtype, .bool, label, file: file, line: line)
        assertElements(
            mask, allIndices(shape).map { expected($0) ? 1 : 0 }, shape: shape, label, file: file, line: line)
    }

    func testComparisonsWithBroadcastingOnEveryLayout() {
        // Small integers so that ties (equal elements) are common; NaN and ±∞ in the mix for floats.
        var random = TestRandom(seed: 21)
        for dtype in [DType.float32, .float64, .int64] {
            var av = (0..<12).map { _ in Double(random.integer(-2...2)) }
            if dtype != .int64 {
                av[0] = .nan
                av[5] = .infinity
                av[7] = -.infinity
            }
            let a = Tensor(av, shape: [3, 4], dtype: dtype)
            let b = Tensor((0..<4).map { _ in Double(random.integer(-2...2)) }, shape: [4], dtype: dtype)
            let column = Tensor(
                [0.0, 1, .nan].map { dtype == .int64 && $0.isNaN ? 5 : $0 }, shape: [3, 1], dtype: dtype)
            for c in Comparison.allCases {
                let f = Self.predicate(c)
                for va in layoutVariants(of: a) {
                    for vb in layoutVariants(of: b) {
                        checkMask(va.tensor.compared(c, vb.tensor), [3, 4], "\(c) \(dtype) \(va.name) \(vb.name)") {
                            f(a.element(at: $0), b.element(at: [$0[1]]))
                        }
                    }
                    checkMask(va.tensor.compared(c, column), [3, 4], "\(c) \(dtype) \(va.name) column") {
                        f(a.element(at: $0), column.element(at: [$0[0], 0]))
                    }
                    checkMask(va.tensor.compared(c, scalar: 1), [3, 4], "\(c) \(dtype) \(va.name) scalar") {
                        f(a.element(at: $0), 1)
                    }
                }
                checkMask(b.compared(c, column), [3, 4], "\(c) \(dtype) row × column") {
                    f(b.element(at: [$0[1]]), column.element(at: [$0[0], 0]))
                }
            }
        }
    }

    func testIntegerTensorsAgainstNonIntegralScalars() {
        // The scalar is not truncated: 1 ≥ 1.5 is false (NumPy and PyTorch compare in floating point).
        let i = Tensor([Int64(1), 2, 3, -2])
        let s = 1.5
        for c in Comparison.allCases {
            let f = Self.predicate(c)
            checkMask(i.compared(c, scalar: s), [4], "\(c) 1.5") { f(i.element(at: $0), s) }
            checkMask(i.compared(c, scalar: -1.5), [4], "\(c) -1.5") { f(i.element(at: $0), -1.5) }
            checkMask(i.compared(c, scalar: .nan), [4], "\(c) NaN") { f(i.element(at: $0), .nan) }
            checkMask(i.compared(c, scalar: .infinity), [4], "\(c) ∞") { f(i.element(at: $0), .infinity) }
            checkMask(i.compared(c, scalar: 2), [4], "\(c) 2") { f(i.element(at: $0), 2) }
        }
    }

    func testComparisonWithScalarKeepsTheDTypeOfTheTensor() {
        let i = Tensor([Int64(1), 2, 3])
        assertElements(i.compared(.greater, scalar: 1.5), [0, 1, 1], shape: [3], dtype: .bool)
        let f = Tensor([Float(0.1), 0.2])
        // 0.1 is rounded to float32 before comparing, so float32(0.1) == 0.1 holds.
        assertElements(f.compared(.equal, scalar: 0.1), [1, 0], shape: [2], dtype: .bool)
    }

    func testLogicalOperationsOnMasks() {
        let a = Tensor([true, false, true, false, true, true], shape: [2, 3])
        let b = Tensor([true, false, false], shape: [3])
        for va in layoutVariants(of: a) {
            for vb in layoutVariants(of: b) {
                let label = "\(va.name) \(vb.name)"
                checkMask(va.tensor.logicalAnd(vb.tensor), [2, 3], "and \(label)") {
                    a.element(at: $0) != 0 && b.element(at: [$0[1]]) != 0
                }
                checkMask(va.tensor.logicalOr(vb.tensor), [2, 3], "or \(label)") {
                    a.element(at: $0) != 0 || b.element(at: [$0[1]]) != 0
                }
            }
            checkMask(va.tensor.logicalNot(), [2, 3], "not \(va.name)") { a.element(at: $0) == 0 }
        }
        let scalar = Tensor(scalar: true)
        checkMask(a.logicalAnd(scalar), [2, 3], "and scalar") { a.element(at: $0) != 0 }
        checkMask(scalar.logicalOr(a.transposed()), [3, 2], "or scalar") { _ in true }
    }

    func testWhereBroadcastsAllThreeOperands() {
        var random = TestRandom(seed: 22)
        let condition = Tensor([true, false, false, true, true, false, true, false], shape: [2, 4, 1])
        for dtype in [DType.float32, .float64, .int64, .bool] {
            let a = random.tensor([4, 3], dtype: .float64, low: -5, high: 5).cast(to: dtype)
            let b = random.tensor([3], dtype: .float64, low: -5, high: 5).cast(to: dtype)
            for vc in layoutVariants(of: condition) {
                for va in layoutVariants(of: a) {
                    for vb in layoutVariants(of: b) {
                        let result = Tensor.where(vc.tensor, va.tensor, vb.tensor)
                        let expected = reference([2, 4, 3], dtype: dtype) {
                            condition.element(at: [$0[0], $0[1], 0]) != 0
                                ? a.element(at: [$0[1], $0[2]]) : b.element(at: [$0[2]])
                        }
                        assertClose(
                            result, expected, relativeTolerance: 0, absoluteTolerance: 0,
                            "where \(dtype) \(vc.name) \(va.name) \(vb.name)")
                    }
                }
            }
        }
        // Scalars on either side.
        let mask = Tensor([true, false, true])
        assertElements(Tensor.where(mask, Tensor(scalar: 1.0), Tensor([5.0, 6, 7])), [1, 6, 1], shape: [3])
        assertElements(Tensor.where(Tensor(scalar: false), Tensor([1.0, 2]), Tensor(scalar: 9.0)), [9, 9], shape: [2])
        // NaN in the branch not taken does not leak.
        assertElements(Tensor.where(mask, Tensor([1.0, .nan, 3]), Tensor([.nan, 2, .nan])), [1, 2, 3], shape: [3])
    }

    func testLargeComparisonsAndWhereTakeTheParallelPath() {
        var random = TestRandom(seed: 23)
        let shape = ParallelSizes.matrix
        let a = random.tensor(shape)
        let b = random.tensor([shape[1], shape[0]]).transposed()
        let mask = a.compared(.less, b)
        let expectedMask = zip(a.toDoubles(), b.toDoubles()).map { $0 < $1 ? 1.0 : 0 }
        assertElements(mask, expectedMask, shape: shape)
        let chosen = Tensor.where(mask.flipped(axes: [0]), a, b)
        let flippedMask = mask.flipped(axes: [0]).toDoubles()
        let av = a.toDoubles()
        let bv = b.toDoubles()
        let expected = (0..<flippedMask.count).map { flippedMask[$0] != 0 ? av[$0] : bv[$0] }
        assertClose(chosen, expected, shape: shape, relativeTolerance: 0, absoluteTolerance: 0)
    }
}
