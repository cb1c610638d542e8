import Foundation
import Tensor

/// The continuous-delay task of state-spaces/s4 (`src/dataloaders/datasets/delay.py`, from "How to Train Your HiPPO"):
/// the input is band-limited white noise, the target the same signal delayed by a fixed number of steps.
///
/// The signal is the authors' `whitesignal` (adapted from nengo): on L steps of size dt, the n + 1 Fourier
/// coefficients (n = ⌈L/2⌉) of the frequencies k/(2n·dt) are complex normal with each part N(0, rms²/2), zero at
/// frequency 0 and above `bandLimit`, real at the last one; they are divided by √(1 − zeroed/n) to restore the power
/// removed, multiplied by √(2n), and the inverse real FFT (length 2n) gives the signal, shifted so that it starts at 0.
/// The target is y_t = u_{t−lag} (0 for t < lag), the authors' `F.pad(x[:L − lag], (lag, 0))`.
struct ContinuousDelay {
    /// L (even).
    let length: Int
    /// The delay in steps.
    let lag: Int
    /// dt, the sampling step of the signal.
    let samplingStep: Double
    /// The highest frequency kept, in 1/(units of dt).
    let bandLimit: Double
    /// The root mean square of the signal before it is shifted to start at 0.
    let rms = 0.5

    init(length: Int, lag: Int, samplingStep: Double, bandLimit: Double) {
        precondition(length >= 2 && length % 2 == 0, "ContinuousDelay: the length must be even, got \(length)")
        precondition(lag >= 0 && lag < length, "ContinuousDelay: the lag \(lag) must lie in [0, \(length))")
        precondition(
            bandLimit >= 1 / (Double(length) * samplingStep) && bandLimit <= 0.5 / samplingStep,
            "ContinuousDelay: the band limit \(bandLimit) must lie between 1/period and the Nyquist frequency")
        self.length = length
        self.lag = lag
        self.samplingStep = samplingStep
        self.bandLimit = bandLimit
    }

    /// The band limit in radians per step, 2π·`bandLimit`·dt: the highest frequency a sampled signal carries.
    var bandEdge: Double { 2 * Double.pi * bandLimit * samplingStep }

    /// White-noise signals `[count, L]`, float64.
    func signals(count: Int, using generator: inout RandomGenerator) -> Tensor {
        let n = length / 2
        let bins = n + 1
        let sigma = rms * 0.5.squareRoot()
        let imaginary = Tensor.normal([count, bins], standardDeviation: sigma, dtype: .float64, using: &generator)
        let real = Tensor.normal([count, bins], standardDeviation: sigma, dtype: .float64, using: &generator)
        let kept = (0..<bins).map { k -> Double in
            k == 0 || Double(k) / (Double(2 * n) * samplingStep) > bandLimit ? 0 : 1
        }
        let zeroed = Double(kept.dropFirst().filter { $0 == 0 }.count)
        let powerCorrection = (1 - zeroed / Double(n)).squareRoot()
        let scale = Double(2 * n).squareRoot() / powerCorrection
        let mask = Tensor(kept.map { $0 * scale }, shape: [1, bins])
        // The last coefficient is real (the authors zero its imaginary part).
        let lastReal = Tensor((0..<bins).map { $0 == n ? 0 : 1 }, shape: [1, bins])
        let signal = FFT.irfft(
            ComplexTensor(real: real * mask, imaginary: imaginary * mask * lastReal), axis: -1, length: 2 * n)
        return signal - signal.narrowed(axis: 1, start: 0, length: 1)
    }

    /// Inputs and targets `[count, L, 1]`, float64: u and u delayed by `lag`.
    func batch(count: Int, using generator: inout RandomGenerator) -> (inputs: Tensor, targets: Tensor) {
        let u = signals(count: count, using: &generator)
        let delayed = Tensor.concatenated(
            [Tensor.zeros([count, lag], dtype: .float64), u.narrowed(axis: 1, start: 0, length: length - lag)], axis: 1)
        return (u.reshaped([count, length, 1]), delayed.reshaped([count, length, 1]))
    }
}
