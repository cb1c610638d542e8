import Foundation
import Layers
import Tensor

/// The classification task of the robustness study: a noisy sinusoid u_t = a·sin(θt + φ) + σ·ε_t whose frequency θ
/// (radians per step) lies in one of `classes` bands that split [0.05, 0.45]; the label is the band.
///
/// Why this task: the paper's test (sequential CIFAR) asks whether a sinusoid placed on S4D's transfer-function spike
/// ruins a classifier whose information lies elsewhere. Here the class information is a low frequency, the noise at
/// evaluation carries none, and a model whose filters follow HiPPO's attenuates it; a model with S4D's spike amplifies
/// it. It is learnt to high accuracy in a few hundred steps on a CPU, which sequential images are not.
enum FrequencyBandTask {
    static let lowest = 0.05
    static let highest = 0.45
    /// The gap between neighbouring bands, as a fraction of a band's width.
    static let gap = 0.2
    static let noise = 0.3

    /// Inputs `[count, length, 1]` (float64) and int64 labels `[count]`.
    static func batch(count: Int, length: Int, classes: Int, using generator: inout RandomGenerator) -> (
        inputs: Tensor, labels: Tensor
    ) {
        let width = (highest - lowest) / Double(classes)
        let labels = (0..<count).map { _ in Int(generator.next() % UInt64(classes)) }
        let offsets = Tensor.uniform([count], low: 0, high: width * (1 - gap), dtype: .float64, using: &generator)
            .toDoubles()
        let theta = Tensor(zip(labels, offsets).map { lowest + Double($0) * width + $1 }, shape: [count, 1])
        let amplitude = Tensor.uniform([count, 1], low: 0.5, high: 1.5, dtype: .float64, using: &generator)
        let phase = Tensor.uniform([count, 1], low: 0, high: 2 * Double.pi, dtype: .float64, using: &generator)
        let time = Tensor.arange(0, Double(length), dtype: .float64).reshaped([1, length])
        let clean = (time * theta + phase).sin() * amplitude
        let inputs =
            clean + Tensor.normal([count, length], standardDeviation: noise, dtype: .float64, using: &generator)
        return (inputs.reshaped([count, length, 1]), Tensor(labels.map(Int64.init), shape: [count]))
    }
}
