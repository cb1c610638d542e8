import Autograd
import Foundation
import Layers
import Tensor

/// The Darcy operator-learning data of the FNO and LSM papers, generated here: a ↦ u for −∇·(a∇u) = 1 on [0, 1]²,
/// u = 0 on the boundary, a ∈ {3, 12} from a thresholded Gaussian random field (`DarcyFlow`), on the full
/// `side × side` node grid (boundary included, as the authors' 421² grid downsampled).
///
/// Inputs are normalized pointwise (the authors' `UnitGaussianNormalizer`: per-pixel mean and standard deviation
/// over the training samples, ε = 10⁻⁵); models predict normalized solutions, which `decoded` maps back to u with
/// the training solutions' pointwise statistics before the relative L2 loss.
struct DarcyOperatorData {
    /// Normalized permeabilities, `[N, side, side, 1]`.
    let trainInputs: Tensor
    let testInputs: Tensor
    /// Solutions u, `[N, side, side]`.
    let trainTargets: Tensor
    let testTargets: Tensor
    /// Pointwise mean and standard deviation of the training solutions, `[side, side]`.
    let targetMean: Tensor
    let targetScale: Tensor
    /// Raw permeability of the first test sample, `[side, side]` (for the figure).
    let firstTestPermeability: Tensor

    init(trainCount: Int, testCount: Int, side: Int, dtype: DType, using generator: inout RandomGenerator) {
        let count = trainCount + testCount
        let n = side - 2
        let permeability = DarcyFlow.permeability(count, interiorPoints: n, using: &generator)
        let coefficients = permeability.toDoubles()
        let source = [Double](repeating: 1, count: side * side)
        var solutions = [Double](repeating: 0, count: count * side * side)
        let cells = side * side
        solutions.withUnsafeMutableBufferPointer { buffer in
            let target = UnsafeSendable(buffer)
            Parallel.forEachChunk(count: count, cost: Parallel.threshold) { range in
                for sample in range {
                    let a = Array(coefficients[sample * cells..<(sample + 1) * cells])
                    let u = DarcyFlow.solve(permeability: a, source: source, interiorPoints: n)
                    for k in 0..<cells { target.value[sample * cells + k] = u[k] }
                }
            }
        }
        let a = permeability.cast(to: dtype).reshaped([count, side, side])
        let u = Tensor(solutions, shape: [count, side, side], dtype: dtype)
        let trainA = a.narrowed(axis: 0, start: 0, length: trainCount)
        let (inputMean, inputScale) = Self.statistics(trainA)
        let normalize = { (x: Tensor) in ((x - inputMean) / inputScale).reshaped(x.shape + [1]) }
        trainInputs = normalize(trainA).contiguous()
        testInputs = normalize(a.narrowed(axis: 0, start: trainCount, length: testCount)).contiguous()
        trainTargets = u.narrowed(axis: 0, start: 0, length: trainCount).contiguous()
        testTargets = u.narrowed(axis: 0, start: trainCount, length: testCount).contiguous()
        (targetMean, targetScale) = Self.statistics(trainTargets)
        firstTestPermeability = permeability.selected(axis: 0, index: trainCount).contiguous()
    }

    /// Per-pixel mean and standard deviation (population, + 10⁻⁵) over axis 0.
    private static func statistics(_ x: Tensor) -> (Tensor, Tensor) {
        let mean = x.mean(axes: [0])
        let scale = (x - mean).square().mean(axes: [0]).sqrt() + 1e-5
        return (mean, scale)
    }

    /// A model's normalized output `[B, side, side, 1]` as u `[B, side, side]`.
    func decoded(_ output: Variable) -> Variable {
        let squeezed = output.reshaped(Array(output.shape.dropLast()))
        return squeezed * Variable(targetScale) + Variable(targetMean)
    }
}
