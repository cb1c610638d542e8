import Foundation

/// How a spectral convolution computes its truncated Fourier transforms. Both give one result (to rounding).
public enum SpectralPath: Sendable {
    /// By size (`resolved(modes:length:)`): `.matmul` when few modes are kept on a short axis, `.fft` otherwise.
    case automatic
    /// rfft → keep the lowest modes → irfft of the zero-padded spectrum: O(n log n) per signal.
    case fft
    /// Products with the truncated DFT matrices (n × 2·modes): O(n·modes) per signal, one BLAS call.
    case matmul

    /// The path used for `modes` kept modes of a length-`length` axis: `.matmul` while
    /// modes ≤ `matmulModesPerLog2Length`·log₂(length).
    public func resolved(modes: Int, length: Int) -> SpectralPath {
        guard self == .automatic else { return self }
        return Double(modes) <= SpectralPath.matmulModesPerLog2Length * log2(Double(max(length, 2))) ? .matmul : .fft
    }

    /// The crossover. The matmul path costs ~4·modes multiply-adds per sample and transform, the FFT ~log₂n plus
    /// copies of the whole half spectrum and its pullback's padding. Measured (`scigrad bench --ids spectral1d`, one
    /// 64-channel layer on `[20, 64, n]`, forward + backward, one core, 2026-12-04): matmul / FFT = 4.6/8.7, 8.3/11.9,
    /// 17.5/19.2 ms at n = 256 and 8, 16, 32 modes; 15.6/35.4, 23.5/36.2, 34.9/53.2 at n = 1024; 57.8/158.7,
    /// 76.6/161.9, 122/188 at n = 4096 — the matmul path wins up to 32 modes everywhere and its lead shrinks ~linearly
    /// in the modes, putting the crossover near 4·log₂n.
    static let matmulModesPerLog2Length = 4.0
}
