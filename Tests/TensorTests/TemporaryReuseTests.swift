import Foundation
import XCTest

@testable import Tensor

/// Elementwise ops write over an operand handed to them as a temporary (`Tensor.isUniquelyReferenced`): the values
/// are those of a fresh result, the temporary's buffer is the result's, and a tensor the caller still holds is
/// never written.
final class TemporaryReuseTests: XCTestCase {
    /// Positive inputs, so that log, sqrt, pow and division stay finite; serial and split over the cores.
    func inputs(_ dtype: DType, count: Int, seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return Tensor.uniform([count], low: 0.1, high: 2, dtype: dtype, using: &generator)
    }

    let sizes = [7, 600_001]

    func assertSameValues(
        _ a: Tensor, _ b: Tensor, _ message: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(a.shape, b.shape, message, file: file, line: line)
        let same = zip(a.toDoubles(), b.toDoubles()).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
        XCTAssertTrue(same, message, file: file, line: line)
    }

    func testUnaryFunctionsWriteOverATemporary() {
        for dtype in [DType.float32, .float64] {
            for count in sizes {
                let x = inputs(dtype, count: count, seed: 1)
                for function in UnaryFunction.allCases {
                    let fresh = x.applying(function)
                    let temporary = x.copied()
                    let buffer = ObjectIdentifier(temporary.storage)
                    // The result is allocated while the temporary is alive: the same object means it was reused.
                    let reused = (consume temporary).applying(function)
                    XCTAssertEqual(ObjectIdentifier(reused.storage), buffer, "\(function) \(dtype) \(count)")
                    assertSameValues(reused, fresh, "\(function) \(dtype) \(count)")
                }
                assertSameValues(x, inputs(dtype, count: count, seed: 1), "the held input was written")
            }
        }
    }

    func testBinaryFunctionsWriteOverEitherTemporaryOperand() {
        for dtype in [DType.float32, .float64] {
            for count in sizes {
                let a = inputs(dtype, count: count, seed: 2)
                let b = inputs(dtype, count: count, seed: 3)
                for function in BinaryFunction.allCases {
                    let fresh = a.applying(function, b)
                    let first = a.copied()
                    let firstBuffer = ObjectIdentifier(first.storage)
                    let intoFirst = (consume first).applying(function, b)
                    XCTAssertEqual(ObjectIdentifier(intoFirst.storage), firstBuffer, "\(function) \(dtype) \(count)")
                    assertSameValues(intoFirst, fresh, "\(function) into the first operand")
                    let second = b.copied()
                    let secondBuffer = ObjectIdentifier(second.storage)
                    let intoSecond = a.applying(function, consume second)
                    XCTAssertEqual(ObjectIdentifier(intoSecond.storage), secondBuffer, "\(function) \(dtype) \(count)")
                    assertSameValues(intoSecond, fresh, "\(function) into the second operand")

                    let freshScalar = a.applying(function, scalar: 1.5)
                    let scalarOperand = a.copied()
                    let scalarBuffer = ObjectIdentifier(scalarOperand.storage)
                    let reusedScalar = (consume scalarOperand).applying(function, scalar: 1.5)
                    XCTAssertEqual(ObjectIdentifier(reusedScalar.storage), scalarBuffer, "\(function) scalar")
                    assertSameValues(reusedScalar, freshScalar, "\(function) with a scalar")
                }
                assertSameValues(a, inputs(dtype, count: count, seed: 2), "the held first operand was written")
                assertSameValues(b, inputs(dtype, count: count, seed: 3), "the held second operand was written")
            }
        }
    }

    func testAHeldTensorIsNeverWritten() {
        let x = inputs(.float32, count: 600_001, seed: 4)
        let held = x * 2
        let doubled = held.toDoubles()
        let chained = held.tanh() * held + 1  // `held` is still used below: every op must leave it alone
        XCTAssertNotEqual(ObjectIdentifier(chained.storage), ObjectIdentifier(held.storage))
        XCTAssertEqual(held.toDoubles(), doubled)
        let expected = doubled.map { Double(Float(Float(Float(Foundation.tanh($0)) * Float($0)) + 1)) }
        XCTAssertEqual(chained.toDoubles().count, expected.count)
        let worst = zip(chained.toDoubles(), expected).map { Swift.abs($0 - $1) }.max()!
        XCTAssertLessThan(worst, 1e-5)
        // x · x: the same buffer on both sides is shared, not unique.
        let temporary = x.copied()
        let squared = temporary * temporary
        assertSameValues(squared, x.square(), "x · x")
        assertSameValues(temporary, x, "x · x wrote its operand")
    }

    func testTemporariesThatAreNotDenseOrNotTheResultShapeAreLeftAlone() {
        let x = Tensor((0..<12).map(Double.init), shape: [3, 4])
        // A transposed temporary: its storage is unique, its layout is not the result's.
        let transposed = (x * 1).transposed() + 1
        assertSameValues(transposed, x.transposed() + 1, "transposed temporary")
        // A temporary broadcast to a larger result.
        let row = Tensor([1, 2, 3, 4], shape: [4])
        let broadcast = (row * 1) + x
        assertSameValues(broadcast, row + x, "broadcast temporary")
    }
}
