import Layers
import Tensor

/// The Gaussian teacher–student probing problem: labels y = ±1 with equal probability, features x = y·μ·w* + z with
/// z ~ N(0, Σ), Σ = I + Σⱼ sⱼuⱼuⱼᵀ (a few strong random directions, as LLM embeddings are anisotropic), w* a unit
/// vector. The Bayes-optimal direction is Σ⁻¹w*; the ideal concept vector is w*.
struct TeacherStudentProbeData {
    let teacher: Tensor  // w* [d]
    let spikes: Tensor  // uⱼ as rows [k, d], orthonormal
    let spikeStrengths: [Double]
    let separation: Double

    init(dimension d: Int, separation: Double, spikeStrengths: [Double], using generator: inout RandomGenerator) {
        teacher = SphereProjection.projected(Tensor.normal([d], dtype: .float64, using: &generator))
        let raw = Tensor.normal([d, spikeStrengths.count], dtype: .float64, using: &generator)
        spikes = Linalg.qr(raw).q.transposed().contiguous()
        self.spikeStrengths = spikeStrengths
        self.separation = separation
    }

    var dimension: Int { teacher.shape[0] }

    /// `count` samples: features `[count, d]` Float64 and int64 labels (0 for y = −1, 1 for y = +1).
    func sample(_ count: Int, using generator: inout RandomGenerator) -> (features: Tensor, labels: Tensor) {
        let signs = Tensor.bernoulli([count], probability: 0.5, using: &generator).cast(to: .float64) * 2 - 1
        var noise = Tensor.normal([count, dimension], dtype: .float64, using: &generator)
        let strengths = Tensor(spikeStrengths.map { $0.squareRoot() })
        let spikeNoise = Tensor.normal([count, spikeStrengths.count], dtype: .float64, using: &generator) * strengths
        noise = noise + spikeNoise.matmul(spikes)
        let features = signs.unsqueezed(axis: 1).matmul(teacher.unsqueezed(axis: 0)) * separation + noise
        return (features, ((signs + 1) / 2).cast(to: .int64))
    }
}
