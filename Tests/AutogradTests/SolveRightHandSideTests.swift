import Autograd
import Tensor
import TestSupport
import XCTest

/// `Linalg.solve` and `Linalg.leastSquares` read B as vectors or matrices by one rule, PyTorch's
/// (`torch.linalg.solve`: B is a batch of vectors iff B.ndim == 1 or B.shape == A.shape[:-1]), in the `Tensor` and
/// `Variable` versions alike; batch axes broadcast. Every shape pattern of issue #11 is checked for the shape
/// PyTorch returns (the solve shapes below were confirmed with torch 2.15's `torch.linalg.solve`), for the residual of the solution, for equal Tensor and Variable results, and for gradients
/// (batched backward included).
final class SolveRightHandSideTests: XCTestCase {
    /// Deterministic float64 entries in [−1, 1].
    private func values(_ shape: [Int], seed: UInt64) -> Tensor {
        var state = seed
        let values = (0..<shape.reduce(1, *)).map { _ -> Double in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) * 0x1p-52 - 1
        }
        return Tensor(values, shape: shape)
    }

    /// Square matrices `[…, n, n]` with 4 added on the diagonal: well conditioned.
    private func square(_ shape: [Int], seed: UInt64) -> Tensor {
        let n = shape.last!
        return values(shape, seed: seed) + Tensor.eye(n, dtype: .float64) * 4
    }

    /// A·X as B's form: `[…, m]` for vectors, `[…, m, k]` for matrices.
    private func product(_ a: Tensor, _ x: Tensor, vector: Bool) -> Tensor {
        vector ? a.matmul(x.unsqueezed(axis: -1)).squeezed(axis: -1) : a.matmul(x)
    }

    func testSolveShapesMatchPyTorchAndVariableAgreesWithTensor() throws {
        // (A, B, X as torch.linalg.solve returns it, B read as vectors)
        let cases: [([Int], [Int], [Int], Bool)] = [
            ([4, 4], [4], [4], true),
            ([4, 4], [4, 2], [4, 2], false),
            ([1, 4, 4], [4, 4], [1, 4, 4], false),
            ([2, 4, 4], [4, 3], [2, 4, 3], false),
            ([2, 4, 4], [4], [2, 4], true),
            ([2, 4, 4], [2, 4], [2, 4], true),
            ([4, 4], [2, 4, 3], [2, 4, 3], false),
            ([2, 1, 3, 3], [4, 3, 1], [2, 4, 3, 1], false),
        ]
        for (index, (aShape, bShape, xShape, vector)) in cases.enumerated() {
            let label = "A \(aShape), B \(bShape)"
            XCTAssertEqual(Linalg.isVectorRightHandSide(bShape, of: aShape), vector, label)
            let a = square(aShape, seed: UInt64(2 * index + 1))
            let b = values(bShape, seed: UInt64(2 * index + 2))
            let x = try Linalg.solve(a, b)
            XCTAssertEqual(x.shape, xShape, label)
            let residual = product(a, x, vector: vector) - b
            XCTAssertLessThan(residual.abs().max().item(), 1e-12, label)
            let variable = try Linalg.solve(Variable(a), Variable(b))
            XCTAssertEqual(variable.value.toDoubles(), x.toDoubles(), label)
            let result = checkGradients(at: [a, b], order: 1) { v in try! Linalg.solve(v[0], v[1]) }
            XCTAssert(result.passed, "\(label): \(result)")
        }
    }

    func testLeastSquaresShapesFollowSolvesRuleAndVariableAgreesWithTensor() throws {
        // `leastSquares` reads B by `solve`'s rule; tall full-rank A [m = 5, n = 3]. (torch.linalg.lstsq has rules of its
        // own: it rejects A [2, 5, 3] with B [5] or [5, 2], and returns a [5, 3, 5] solution for A [1, 5, 3] with
        // B [5, 5]; one rule for both ops is the more predictable choice.)
        let cases: [([Int], [Int], [Int], Bool)] = [
            ([5, 3], [5], [3], true),
            ([5, 3], [5, 2], [3, 2], false),
            ([1, 5, 3], [5, 5], [1, 3, 5], false),
            ([2, 5, 3], [5], [2, 3], true),
            ([2, 5, 3], [2, 5], [2, 3], true),
            ([2, 5, 3], [5, 2], [2, 3, 2], false),
        ]
        for (index, (aShape, bShape, xShape, vector)) in cases.enumerated() {
            let label = "A \(aShape), B \(bShape)"
            let a = values(aShape, seed: UInt64(2 * index + 31))
            let b = values(bShape, seed: UInt64(2 * index + 32))
            let x = try Linalg.leastSquares(a, b)
            XCTAssertEqual(x.shape, xShape, label)
            // The normal equations Aᵀ(A·X − B) = 0 hold at the least-squares solution.
            let residual = product(a, x, vector: vector) - b
            let normal = product(a.transposed(), residual, vector: vector)
            XCTAssertLessThan(normal.abs().max().item(), 1e-12, label)
            let variable = try Linalg.leastSquares(Variable(a), Variable(b))
            XCTAssertEqual(variable.value.shape, xShape, label)
            XCTAssertLessThan((variable.value - x).abs().max().item(), 1e-12, label)
            let result = checkGradients(at: [a, b], order: 1) { v in try! Linalg.leastSquares(v[0], v[1]) }
            XCTAssert(result.passed, "\(label): \(result)")
        }
    }

    func testBatchedSolvesHaveSecondOrderGradients() {
        let a = square([2, 3, 3], seed: 71)
        for b in [values([3], seed: 72), values([3, 2], seed: 73), values([2, 3], seed: 74)] {
            let result = checkGradients(at: [a, b], order: 2) { v in try! Linalg.solve(v[0], v[1]) }
            XCTAssert(result.passed, "B \(b.shape): \(result)")
        }
    }
}
