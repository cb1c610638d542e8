import Tensor
import TestSupport
import XCTest

/// The helpers themselves: a test suite is only as good as its assertions.
final class TestSupportTests: XCTestCase {
    func testRunInChildReportsAReturningBody() {
        let outcome = runInChild { print("hello from the child") }
        XCTAssertTrue(outcome.returned, "\(outcome)")
        XCTAssertFalse(outcome.crashed)
        XCTAssertTrue(outcome.output.contains("hello from the child"), "\(outcome)")
    }

    func testRunInChildReportsAFatalErrorWithItsMessage() {
        let outcome = runInChild { fatalError("the sky is falling") }
        XCTAssertTrue(outcome.crashed, "\(outcome)")
        XCTAssertTrue(outcome.output.contains("Fatal error: the sky is falling"), "\(outcome)")
    }

    func testTensorPreconditionKeepsItsMessageInThisBuild() {
        let outcome = runInChild { _ = Tensor.zeros([2, 3]).reshaped([4]) }
        XCTAssertTrue(outcome.crashed, "\(outcome)")
        XCTAssertTrue(outcome.output.contains("Fatal error:"), "\(outcome)")
        XCTAssertTrue(outcome.output.contains("cannot reshape [2, 3] (6 elements) to [4]"), "\(outcome)")
    }

    func testRunInChildReadsLargeOutputWithoutDeadlock() {
        let line = String(repeating: "x", count: 1000)
        let outcome = runInChild { for _ in 0..<300 { print(line) } }
        XCTAssertTrue(outcome.returned, "\(outcome.status)")
        XCTAssertEqual(outcome.output.count, 300 * 1001)
    }

    func testRunInChildKillsAHangingChild() {
        let outcome = runInChild(timeout: 1) { while true { sleep(1) } }
        XCTAssertTrue(outcome.timedOut, "\(outcome)")
    }

    func testDeathTestIsRepeatable() {
        for i in 0..<20 {
            let outcome = runInChild { fatalError("crash number \(i)") }
            XCTAssertTrue(outcome.crashed && outcome.output.contains("crash number \(i)"), "\(outcome)")
        }
    }

    func testCloseExcessToleratesTheBoundAndMatchesSpecialValues() {
        let a = Tensor([1.0, .nan, .infinity, -0.0, 100.0], shape: [5])
        let b = Tensor([1.0 + 1e-7, .nan, .infinity, 0.0, 100.0005], shape: [5])
        assertClose(a, b, relativeTolerance: 1e-5, absoluteTolerance: 1e-6)
    }

    func testLayoutVariantsHoldTheSameValuesInDifferentLayouts() {
        var random = TestRandom(seed: 1)
        let values = valuesConstant(along: 1, shape: [3, 4, 5], random: &random)
        let variants = layoutVariants(of: values)
        XCTAssertEqual(variants.map(\.name), ["contiguous", "permuted", "stepped", "flipped", "expanded"])
        for variant in variants {
            XCTAssertEqual(variant.tensor.shape, [3, 4, 5], variant.name)
            XCTAssertEqual(variant.tensor.toDoubles(), values.toDoubles(), variant.name)
            XCTAssertEqual(variant.tensor.isContiguous, variant.name == "contiguous", variant.name)
        }
        let expanded = variants[4].tensor
        XCTAssertEqual(expanded.strides[1], 0)
        XCTAssertNotEqual(variants[2].tensor.offset, 0)
        XCTAssertTrue(variants[3].tensor.strides.allSatisfy { $0 < 0 })
        let leading = layoutVariants(of: valuesConstant(along: 0, shape: [3, 4], random: &random))
        XCTAssertEqual(leading.last?.tensor.strides, [0, 1])
    }

    func testBroadcastValuesAndReductionReference() {
        let x = reference([3, 1]) { Double($0[0]) }
        let shape = [2, 3, 4]
        XCTAssertEqual(broadcastValues(x, to: shape), allIndices(shape).map { broadcastElement(x, at: $0) })
        XCTAssertEqual(stridedPositions(shape: [2, 3], strides: [10, 1]), [0, 1, 2, 10, 11, 12])
        let y = reference([2, 3]) { Double(10 * $0[0] + $0[1]) }
        let sums = referenceReduction(y, axes: [0], keepDims: true) { $0.reduce(0, +) }
        XCTAssertEqual(sums.shape, [1, 3])
        XCTAssertEqual(sums.toDoubles(), [10, 12, 14])
        XCTAssertEqual(referenceReduction(y, axes: [-1]) { $0.reduce(0, +) }.toDoubles(), [3, 33])
        XCTAssertEqual(referenceReduction(y, axes: nil) { $0.reduce(0, +) }.shape, [])
        XCTAssertEqual(allAxisSubsets(rank: 2), [[], [0], [1], [0, 1]])
    }

    func testReferenceMatmulIsTheTripleLoop() {
        let a = reference([2, 3]) { Double($0[0] + 2 * $0[1]) }
        let b = reference([3, 2]) { Double($0[0] - $0[1]) }
        let c = referenceMatmul(a, b)
        XCTAssertEqual(c.shape, [2, 2])
        let expected = allIndices([2, 2]).map { i in
            (0..<3).reduce(0.0) { $0 + a.element(at: [i[0], $1]) * b.element(at: [$1, i[1]]) }
        }
        XCTAssertEqual(c.toDoubles(), expected)
        XCTAssertEqual(referenceMatmul(Tensor([1.0, 2]), Tensor([3.0, 4])).shape, [])
        XCTAssertEqual(referenceMatmul(Tensor.zeros([4, 1, 2, 3]), Tensor.zeros([5, 3, 6])).shape, [4, 5, 2, 6])
        XCTAssertEqual(referenceMatmul(Tensor.zeros([3]), Tensor.zeros([2, 3, 6])).shape, [2, 6])
        XCTAssertEqual(referenceMatmul(Tensor.zeros([2, 4, 3]), Tensor.zeros([3])).shape, [2, 4])
    }

    func testReferenceBuildsFromMultiIndices() {
        let t = reference([2, 3]) { Double(10 * $0[0] + $0[1]) }
        XCTAssertEqual(t.toDoubles(), [0, 1, 2, 10, 11, 12])
        XCTAssertEqual(t.dtype, .float64)
        XCTAssertEqual(multiIndex(5, shape: [2, 3]), [1, 2])
    }
}
