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

    func testReferenceBuildsFromMultiIndices() {
        let t = reference([2, 3]) { Double(10 * $0[0] + $0[1]) }
        XCTAssertEqual(t.toDoubles(), [0, 1, 2, 10, 11, 12])
        XCTAssertEqual(t.dtype, .float64)
        XCTAssertEqual(multiIndex(5, shape: [2, 3]), [1, 2])
    }
}
