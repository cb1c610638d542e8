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

    /// The crossover: the matmul path costs ~4·modes multiply-adds per sample and transform, the FFT ~log₂n plus
    /// copies of the whole half spectrum; measured in release on 2 cores (`scigrad bench --ids spectral`).
    static let matmulModesPerLog2Length = 2.0
}
