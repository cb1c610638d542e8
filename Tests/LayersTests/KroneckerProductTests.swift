import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

final class KroneckerProductTests: XCTestCase {
    /// A symmetric positive definite matrix B·Bᵀ + I `[n, n]` (distinct eigenvalues almost surely).
    private func spd(_ b: Variable) -> Variable {
        b.matmul(b.transposed()) + Variable(Tensor.eye(b.shape[0], dtype: .float64))
    }

    /// (A₁ ⊗ A₂ ⊗ A₃)·v by mode products equals the dense product, for rectangular factors.
    func testMatrixVectorProductEqualsTheDenseProduct() {
        var random = TestRandom(seed: 21)
        let factors = [random.tensor([3, 2]), random.tensor([4, 5]), random.tensor([2, 3])].map { Variable($0) }
        let product = KroneckerProduct(factors)
        let vector = Variable(random.tensor([30]))
        let dense = product.materialized()
        XCTAssertEqual(dense.shape, [24, 30])
        assertClose(
            product.multiplied(vector).value, dense.matmul(vector.unsqueezed(axis: 1)).squeezed(axis: 1).value,
            relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
        XCTAssertEqual(product.multipliedGrid(vector.reshaped([2, 5, 3])).shape, [3, 4, 2])
        // Differentiable in the factors and the vector (first and second order).
        let result = checkGradients(at: factors.map(\.value) + [vector.value], order: 2) { v in
            KroneckerProduct(Array(v.prefix(3))).multiplied(v[3])
        }
        XCTAssert(result.passed, "\(result)")
    }

    /// Solve with K₁ ⊗ K₂ + σ²I and its log-determinant through per-axis eigendecompositions equal the dense ones,
    /// and their gradients (through eigh) check to second order.
    func testEigenSolveAndLogDeterminantEqualTheDenseOnes() throws {
        var random = TestRandom(seed: 22)
        let b1 = random.tensor([4, 4])
        let b2 = random.tensor([3, 3])
        let rhs = random.tensor([4, 3])
        let noise = 0.3
        let factors = [spd(Variable(b1)), spd(Variable(b2))]
        let decomposition = try KroneckerEigendecomposition(KroneckerProduct(factors))
        let sigma = Variable(Tensor(scalar: noise, dtype: .float64))
        let dense = KroneckerProduct(factors).materialized().value + Tensor.eye(12, dtype: .float64) * noise
        let solved = decomposition.solve(Variable(rhs), noiseVariance: sigma).value
        assertClose(
            solved.reshaped([12]), try Linalg.solve(dense, rhs.reshaped([12])), relativeTolerance: 1e-10,
            absoluteTolerance: 1e-12)
        XCTAssertEqual(
            decomposition.logDeterminant(noiseVariance: sigma).item(),
            Linalg.logDeterminant(dense).logAbsoluteValue.item(),
            accuracy: 1e-10)
        let result = checkGradients(
            at: [b1, b2, rhs, Tensor(scalar: noise, dtype: .float64)], order: 2, relativeTolerance: 1e-5
        ) { v in
            let eigen = try! KroneckerEigendecomposition(KroneckerProduct([self.spd(v[0]), self.spd(v[1])]))
            return eigen.solve(v[2], noiseVariance: v[3]).sum() + eigen.logDeterminant(noiseVariance: v[3])
        }
        XCTAssert(result.passed, "\(result)")
    }

    /// A 2-D GP on a grid with a product kernel: the Kronecker solve equals the dense solve with the full kernel.
    func testProductKernelOnAGridMatchesTheDenseKernel() throws {
        let n1 = 6
        let n2 = 5
        let axis1 = Tensor.linspace(0, 1, count: n1, dtype: .float64)
        let axis2 = Tensor.linspace(0, 1, count: n2, dtype: .float64)
        let k1 = SquaredExponentialKernel(lengthscales: [0.3])
        let k2 = SquaredExponentialKernel(lengthscales: [0.5])
        let factors = [
            k1.matrix(axis1.unsqueezed(axis: 1), axis1.unsqueezed(axis: 1)),
            k2.matrix(axis2.unsqueezed(axis: 1), axis2.unsqueezed(axis: 1)),
        ]
        let grid = Tensor.stacked(
            [axis1.reshaped([n1, 1]).expanded(to: [n1, n2]), axis2.reshaped([1, n2]).expanded(to: [n1, n2])], axis: 2
        ).reshaped([n1 * n2, 2])
        let full = SquaredExponentialKernel(lengthscales: [0.3, 0.5]).matrix(grid, grid).value
        assertClose(
            KroneckerProduct(factors).materialized().value, full, relativeTolerance: 1e-12, absoluteTolerance: 1e-14)
        var random = TestRandom(seed: 23)
        let rhs = random.tensor([n1, n2])
        let solved = try KroneckerEigendecomposition(KroneckerProduct(factors)).solve(
            Variable(rhs), noiseVariance: Variable(Tensor(scalar: 0.01, dtype: .float64)))
        let dense = try Linalg.solve(full + Tensor.eye(n1 * n2, dtype: .float64) * 0.01, rhs.reshaped([n1 * n2]))
        assertClose(solved.value.reshaped([n1 * n2]), dense, relativeTolerance: 1e-8, absoluteTolerance: 1e-9)
    }

    func testShapeMismatchStops() {
        expectFatalError(containing: "KroneckerProduct.multipliedGrid: the grid must be [2, 3]") {
            let product = KroneckerProduct([
                Variable(Tensor.zeros([2, 2], dtype: .float64)), Variable(Tensor.zeros([3, 3], dtype: .float64)),
            ])
            _ = product.multipliedGrid(Variable(Tensor.zeros([3, 2], dtype: .float64)))
        }
    }
}
