import Tensor

/// How a weight tensor is filled when a layer is built: a distribution, scaled by the weight's `Fans` where the
/// scheme says so. Every scheme draws from a `RandomGenerator` passed `inout`, so a seed fixes the weights.
///
/// With fans from `Fans(shape:)` and g a gain (see `Nonlinearity.gain`):
/// - `xavierUniform(gain:)`: U(−a, a) with a = g·√(6/(fanIn + fanOut)) (Glorot and Bengio 2010);
///   `xavierNormal(gain:)`: N(0, σ²) with σ = g·√(2/(fanIn + fanOut)).
/// - `kaimingUniform(mode:nonlinearity:)`: U(−a, a) with a = g·√(3/fan) (He et al. 2015);
///   `kaimingNormal(mode:nonlinearity:)`: N(0, σ²) with σ = g/√fan, fan chosen by `mode`.
/// - `orthogonal(gain:)`: g·Q with Q from the QR decomposition of a Gaussian matrix, the signs of R's diagonal moved
///   into Q so that Q is Haar-distributed (Saxe et al. 2014). The weight is viewed as `[shape[0], rest]`; Q has
///   orthonormal rows or columns, whichever are fewer.
/// - `uniform(low:high:)`, `normal(mean:standardDeviation:)`: fixed distributions, no fans.
///
/// ```swift
/// var generator = RandomGenerator(seed: 0)
/// let w = Initializer.kaimingNormal(nonlinearity: .relu).make(shape: [256, 128], using: &generator)
/// ```
public enum Initializer: Sendable, Equatable {
    case uniform(low: Double, high: Double)
    case normal(mean: Double = 0, standardDeviation: Double)
    case xavierUniform(gain: Double = 1)
    case xavierNormal(gain: Double = 1)
    case kaimingUniform(mode: FanMode = .fanIn, nonlinearity: Nonlinearity = .relu)
    case kaimingNormal(mode: FanMode = .fanIn, nonlinearity: Nonlinearity = .relu)
    case orthogonal(gain: Double = 1)

    /// A fresh tensor of `shape` drawn by this scheme. Fan-based schemes and `orthogonal` need rank ≥ 2.
    public func make(shape: [Int], dtype: DType = .float32, using generator: inout RandomGenerator) -> Tensor {
        switch self {
        case .uniform(let low, let high):
            return Tensor.uniform(shape, low: low, high: high, dtype: dtype, using: &generator)
        case .normal(let mean, let standardDeviation):
            return Tensor.normal(
                shape, mean: mean, standardDeviation: standardDeviation, dtype: dtype, using: &generator)
        case .xavierUniform(let gain):
            let fans = Fans(shape: shape)
            let bound = gain * (6 / Double(fans.fanIn + fans.fanOut)).squareRoot()
            return Tensor.uniform(shape, low: -bound, high: bound, dtype: dtype, using: &generator)
        case .xavierNormal(let gain):
            let fans = Fans(shape: shape)
            let std = gain * (2 / Double(fans.fanIn + fans.fanOut)).squareRoot()
            return Tensor.normal(shape, standardDeviation: std, dtype: dtype, using: &generator)
        case .kaimingUniform(let mode, let nonlinearity):
            let bound = nonlinearity.gain * (3 / Double(Fans(shape: shape)(mode))).squareRoot()
            return Tensor.uniform(shape, low: -bound, high: bound, dtype: dtype, using: &generator)
        case .kaimingNormal(let mode, let nonlinearity):
            let std = nonlinearity.gain / Double(Fans(shape: shape)(mode)).squareRoot()
            return Tensor.normal(shape, standardDeviation: std, dtype: dtype, using: &generator)
        case .orthogonal(let gain):
            return Initializer.orthogonal(shape: shape, gain: gain, using: &generator).cast(to: dtype)
        }
    }

    /// g·Q for the weight viewed as `[rows, columns]`, computed in Float64.
    private static func orthogonal(shape: [Int], gain: Double, using generator: inout RandomGenerator) -> Tensor {
        precondition(
            shape.count >= 2, "Initializer.orthogonal: needs a weight of rank ≥ 2 ([rows, …]), got shape \(shape)")
        let rows = shape[0]
        let columns = shape.dropFirst().reduce(1, *)
        let gaussian = Tensor.normal([rows, columns], dtype: .float64, using: &generator)
        // QR of the tall orientation; Q·diag(sign(diag R)) makes the factorization unique and Q uniform.
        let tall = rows < columns ? gaussian.transposed() : gaussian
        let (q, r) = Linalg.qr(tall)
        let signs = Tensor(r.diagonal().toDoubles().map { $0 < 0 ? -1.0 : 1.0 })
        let orthonormal = q * signs
        return ((rows < columns ? orthonormal.transposed() : orthonormal) * gain).reshaped(shape)
    }
}
