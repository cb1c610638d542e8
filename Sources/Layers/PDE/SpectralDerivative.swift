import Foundation
import Tensor

/// Derivatives of periodic samples by the Fourier method: u sampled at x_j = j·length/n, j = 0…n−1, along the last
/// axis; ∂ᵖu/∂xᵖ = F⁻¹[(i·k)ᵖ·F u] with k = 2πj/length on the rfft bins. For odd p the Nyquist bin (n even) is
/// dropped, as its derivative is not real (Trefethen, *Spectral Methods in MATLAB*, ch. 3). Exact, to rounding, for
/// trigonometric polynomials of degree below n/2.
public enum SpectralDerivative {
    /// ∂ᵖu/∂xᵖ of `u` `[…, n]` (Float32 or Float64, any layout), same shape and dtype.
    public static func derivative(_ u: Tensor, order p: Int, length: Double) -> Tensor {
        let n = u.shape.last ?? 0
        precondition(
            u.rank >= 1 && n >= 2 && p >= 0 && length > 0 && u.dtype.isFloatingPoint,
            "SpectralDerivative: needs a floating u […, n ≥ 2], order ≥ 0 and length > 0; got \(u.dtype) \(u.shape), "
                + "order \(p), length \(length)")
        if p == 0 { return u }
        let bins = n / 2 + 1
        // (i·k)ᵖ = kᵖ·iᵖ: a real factor times one of 1, i, −1, −i.
        let factors = (0..<bins).map { j -> Double in
            if p % 2 == 1 && n % 2 == 0 && j == n / 2 { return 0 }
            return Foundation.pow(2 * Double.pi * Double(j) / length, Double(p))
        }
        let scale = Tensor(factors, shape: [bins], dtype: u.dtype)
        let spectrum = FFT.rfft(u, axis: -1)
        let (re, im) = (spectrum.real * scale, spectrum.imaginary * scale)
        let rotated: ComplexTensor
        switch p % 4 {
        case 0: rotated = ComplexTensor(real: re, imaginary: im)
        case 1: rotated = ComplexTensor(real: im.negated(), imaginary: re)
        case 2: rotated = ComplexTensor(real: re.negated(), imaginary: im.negated())
        default: rotated = ComplexTensor(real: im, imaginary: re.negated())
        }
        return FFT.irfft(rotated, axis: -1, length: n)
    }
}
