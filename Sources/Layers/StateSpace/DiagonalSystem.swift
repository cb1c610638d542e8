import Autograd
import Tensor

/// A single-input single-output diagonal state-space system in continuous time, x′ = diag(λ)·x + b·u, y = c·x,
/// with M complex states.
///
/// A real system has its eigenvalues in conjugate pairs (or real), so half of them describe it: with
/// `conjugatePairs` the system stands for itself plus its complex conjugate, and its transfer function and kernel
/// include the conjugate terms (the kernel is 2·Re of the half's). `conjugateHalf()` makes that form from the full one.
public struct DiagonalSystem: Sendable {
    /// λ `[M]`.
    public let eigenvalues: ComplexTensor
    /// b `[M]`.
    public let input: ComplexTensor
    /// c `[M]`.
    public let output: ComplexTensor
    /// Whether every state also stands for its conjugate.
    public let conjugatePairs: Bool

    public init(eigenvalues: ComplexTensor, input: ComplexTensor, output: ComplexTensor, conjugatePairs: Bool) {
        precondition(
            eigenvalues.shape.count == 1 && input.shape == eigenvalues.shape && output.shape == eigenvalues.shape,
            "DiagonalSystem: eigenvalues \(eigenvalues.shape), input \(input.shape) and output \(output.shape) "
                + "must be vectors of one length")
        self.eigenvalues = eigenvalues.cast(to: .float64)
        self.input = input.cast(to: .float64)
        self.output = output.cast(to: .float64)
        self.conjugatePairs = conjugatePairs
    }

    /// The real system x′ = Ax + Bu, y = Cx in the eigenbasis of A = V·diag(λ)·V⁻¹: (λ, V⁻¹B·`inputScale`, CV),
    /// all n states. (S4D-LegS uses the normal part of HiPPO-LegS with `inputScale` ½.)
    public init(_ diagonalization: Diagonalization, input b: Tensor, output c: Tensor, inputScale: Double = 1) throws {
        let transformed = try diagonalization.transformedInput(b)
        self.init(
            eigenvalues: diagonalization.eigenvalues,
            input: transformed * inputScale,
            output: diagonalization.transformedOutput(c), conjugatePairs: false)
    }

    /// M.
    public var size: Int { eigenvalues.shape[0] }

    /// The same real system by half its states: of each conjugate pair the state with Im λ > 0, and every real
    /// eigenvalue with its output halved (its term counts twice in 2·Re). The transfer function is unchanged; the
    /// state count is (n + r)/2 with r real eigenvalues. Needs a full representation of a real system (conjugate
    /// eigenvalues, residues c_j·b_j conjugate too).
    public func conjugateHalf() -> DiagonalSystem {
        precondition(!conjugatePairs, "DiagonalSystem.conjugateHalf: the system is already in conjugate-pair form")
        let (kept, weights) = DiagonalSystem.conjugateHalfSelection(eigenvalues)
        let indices = Tensor(kept.map(Int64.init), shape: [kept.count])
        func pick(_ z: ComplexTensor) -> ComplexTensor {
            ComplexTensor(
                real: z.real.indexSelected(axis: -1, indices: indices),
                imaginary: z.imaginary.indexSelected(axis: -1, indices: indices))
        }
        let outputs = pick(output)
        let scale = Tensor(weights, shape: [kept.count])
        return DiagonalSystem(
            eigenvalues: pick(eigenvalues), input: pick(input), output: outputs * scale, conjugatePairs: true)
    }

    /// Which eigenvalues of a real matrix represent it in conjugate-pair form, and the weight of each: the ones with
    /// Im λ > 0 (weight 1) followed by the real ones (weight ½, as their terms count twice in 2·Re).
    public static func conjugateHalfSelection(_ eigenvalues: ComplexTensor) -> (indices: [Int], weights: [Double]) {
        let re = eigenvalues.real.toDoubles()
        let im = eigenvalues.imaginary.toDoubles()
        let tolerance = 1e-9 * Swift.max(1, zip(re, im).map { ($0 * $0 + $1 * $1).squareRoot() }.max() ?? 0)
        let upper = im.indices.filter { im[$0] > tolerance }
        let real = im.indices.filter { Swift.abs(im[$0]) <= tolerance }
        precondition(
            2 * upper.count + real.count == re.count,
            "DiagonalSystem.conjugateHalfSelection: eigenvalues do not come in conjugate pairs")
        return (upper + real, upper.map { _ in 1.0 } + real.map { _ in 0.5 })
    }

    /// G(iω) = Σ_j c_j·b_j/(iω − λ_j) (plus the conjugate terms c̄_j·b̄_j/(iω − λ̄_j) for conjugate pairs).
    /// - Parameter frequencies: ω `[F]`.
    /// - Returns: `[F]`.
    public func transferFunction(at frequencies: Tensor) -> ComplexTensor {
        let s = ComplexTensor(
            real: Tensor.zeros([frequencies.count, 1], dtype: .float64),
            imaginary: frequencies.cast(to: .float64).reshaped([-1, 1]))  // iω [F, 1]
        let residues = (output * input).reshaped([1, size])
        let lambda = eigenvalues.reshaped([1, size])
        var total = (residues / (s - lambda)).sum(axes: [1])
        if conjugatePairs { total = total + (residues.conjugate() / (s - lambda.conjugate())).sum(axes: [1]) }
        return total
    }

    /// The kernel K_l (l < `length`) of the system discretized with step Δ: Re Σ_j c_j·B̄_j·Ā_j^l, doubled for
    /// conjugate pairs (the real part of the full sum is the kernel of the real system it represents).
    public func kernel(length: Int, step: Double, discretization: Discretization) -> Tensor {
        let lambda = ComplexVariable(constant: eigenvalues)
        let delta = Variable(Tensor(scalar: step))
        let (_, inputFactor) = discretization.discretized(lambda, step: delta)
        let coefficients = ComplexVariable(constant: output) * ComplexVariable(constant: input) * inputFactor
        let logStates = discretization.logState(lambda, step: delta)
        let kernel = VandermondeKernel.realPart(coefficients: coefficients, logStates: logStates, length: length).value
        return conjugatePairs ? kernel * 2 : kernel
    }
}
