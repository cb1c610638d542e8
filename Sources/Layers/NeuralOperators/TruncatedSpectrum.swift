import Autograd
import Tensor

/// The lowest Fourier modes of a batch of real signals in the packed layout the spectral convolutions mix:
/// `[K, B, 2C]` — K kept modes, B signals, and for each channel c its real part at c and imaginary part at C + c.
/// Forward and inverse, on the FFT path or the truncated-DFT matmul path (`SpectralPath`); both are built from
/// differentiable primitives, so derivatives of any order follow.
enum TruncatedSpectrum {
    /// Bins 0..<modes of rfft(x) along the signal axis: `[B, C, n]` (`.channelsFirst`) or `[B, n, C]`
    /// (`.channelsLast`) → `[modes, B, 2C]`.
    static func forward1d(_ x: Variable, modes: Int, layout: SignalLayout, path: SpectralPath) -> Variable {
        let axis = layout == .channelsFirst ? 2 : 1
        let (batch, channels, n) = (x.shape[0], x.shape[3 - axis], x.shape[axis])
        switch (path.resolved(modes: modes, length: n), layout) {
        case (.matmul, .channelsFirst):
            let basis = Variable(FourierBasis.realForward(length: n, modes: modes, dtype: x.dtype))
            let flat = x.reshaped([batch * channels, n]).matmul(basis)  // [B·C, 2m]: (Re | Im)
            return flat.reshaped([batch, channels, 2, modes]).permuted([3, 0, 2, 1]).reshaped([
                modes, batch, 2 * channels,
            ])
        case (.matmul, .channelsLast):
            let basis = Variable(FourierBasis.realForward(length: n, modes: modes, dtype: x.dtype).transposed())
            let spectrum = basis.matmul(x)  // [B, 2m, C]: (Re ; Im)
            return spectrum.reshaped([batch, 2, modes, channels]).permuted([2, 0, 1, 3])
                .reshaped([modes, batch, 2 * channels])
        case (_, _):
            let z = FFT.rfft(x, axis: axis)
            let parts = [z.real, z.imaginary].map { $0.narrowed(axis: axis, start: 0, length: modes) }
            // [B, 2, C, m] or [B, m, 2, C]
            let stacked = Variable.stacked(parts, axis: layout == .channelsFirst ? 1 : 2)
            return stacked.permuted(layout == .channelsFirst ? [3, 0, 1, 2] : [1, 0, 2, 3])
                .reshaped([modes, batch, 2 * channels])
        }
    }

    /// The real signals of length `n` whose spectrum is `packed` `[modes, B, 2C]` on bins 0..<modes and zero above:
    /// → `[B, C, n]` (`.channelsFirst`) or `[B, n, C]` (`.channelsLast`), plus `addend` (broadcast to that shape),
    /// which the matmul path accumulates in its product.
    static func inverse1d(
        _ packed: Variable, length n: Int, layout: SignalLayout, path: SpectralPath, adding addend: Variable? = nil
    ) -> Variable {
        let (modes, batch, channels) = (packed.shape[0], packed.shape[1], packed.shape[2] / 2)
        let parts = packed.reshaped([modes, batch, 2, channels])
        switch (path.resolved(modes: modes, length: n), layout) {
        case (.matmul, .channelsFirst):
            let basis = Variable(FourierBasis.realInverse(length: n, modes: modes, dtype: packed.dtype))
            let rows = parts.permuted([1, 3, 2, 0]).reshaped([batch * channels, 2 * modes])
            guard let addend, addend.shape == [batch, channels, n] else {
                return sum(rows.matmul(basis).reshaped([batch, channels, n]), addend)
            }
            return rows.matmul(basis, adding: addend.reshaped([batch * channels, n])).reshaped([batch, channels, n])
        case (.matmul, .channelsLast):
            let basis = Variable(FourierBasis.realInverse(length: n, modes: modes, dtype: packed.dtype).transposed())
            let columns = parts.permuted([1, 2, 0, 3]).reshaped([batch, 2 * modes, channels])
            guard let addend else { return basis.matmul(columns) }
            return basis.matmul(columns, adding: addend)
        case (_, .channelsFirst):
            let planes = parts.permuted([2, 1, 3, 0])  // [2, B, C, m]
            let z = ComplexVariable(
                real: planes.selected(axis: 0, index: 0), imaginary: planes.selected(axis: 0, index: 1))
            return sum(FFT.irfft(z, axis: 2, length: n), addend)
        case (_, .channelsLast):
            let planes = parts.permuted([2, 1, 0, 3])  // [2, B, m, C]
            let z = ComplexVariable(
                real: planes.selected(axis: 0, index: 0), imaginary: planes.selected(axis: 0, index: 1))
            return sum(FFT.irfft(z, axis: 1, length: n), addend)
        }
    }

    /// `x + addend`, or `x` without one.
    private static func sum(_ x: Variable, _ addend: Variable?) -> Variable { addend.map { x + $0 } ?? x }

    /// The FNO's two corners of the 2-D spectrum: rows 0..<m₁ and H − m₁..<H of the full transform along H, bins
    /// 0..<m₂ of the half transform along W: `[B, C, H, W]` → `[2m₁·m₂, B, 2C]` (modes row-major).
    static func forward2d(_ x: Variable, modes: (rows: Int, columns: Int), path: SpectralPath) -> Variable {
        let (batch, channels, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (m1, m2) = modes
        switch path.resolved(modes: max(2 * m1, m2), length: min(height, width)) {
        case .matmul:
            let columnBasis = Variable(FourierBasis.realForward(length: width, modes: m2, dtype: x.dtype))
            let halves = x.reshaped([batch * channels * height, width]).matmul(columnBasis)  // (Re | Im) along W
            let stacked = halves.reshaped([batch, channels, height, 2, m2]).permuted([3, 2, 0, 1, 4])
                .reshaped([2 * height, batch * channels * m2])  // (Re; Im) × H rows
            let rowBasis = Variable(FourierBasis.complexForward(length: height, cornerModes: m1, dtype: x.dtype))
            return rowBasis.matmul(stacked).reshaped([2, 2 * m1, batch, channels, m2]).permuted([1, 4, 2, 0, 3])
                .reshaped([2 * m1 * m2, batch, 2 * channels])
        case .fft, .automatic:
            let z = FFT.rfft(x, axis: -1)
            let low = ComplexVariable(
                real: z.real.narrowed(axis: 3, start: 0, length: m2),
                imaginary: z.imaginary.narrowed(axis: 3, start: 0, length: m2))
            let full = FFT.fft(low, axis: 2)
            let corners = [full.real, full.imaginary].map { part in
                Variable.concatenated(
                    [
                        part.narrowed(axis: 2, start: 0, length: m1),
                        part.narrowed(axis: 2, start: height - m1, length: m1),
                    ],
                    axis: 2)
            }
            return Variable.stacked(corners, axis: 1)  // [B, 2, C, 2m₁, m₂]
                .permuted([3, 4, 0, 1, 2]).reshaped([2 * m1 * m2, batch, 2 * channels])
        }
    }

    /// The inverse of `forward2d` with every other mode zero: `[2m₁·m₂, B, 2C]` → `[B, C, H, W]`.
    static func inverse2d(
        _ packed: Variable, modes: (rows: Int, columns: Int), size: (height: Int, width: Int), path: SpectralPath
    ) -> Variable {
        let (m1, m2) = modes
        let (height, width) = size
        let (batch, channels) = (packed.shape[1], packed.shape[2] / 2)
        let parts = packed.reshaped([2 * m1, m2, batch, 2, channels])
        switch path.resolved(modes: max(2 * m1, m2), length: min(height, width)) {
        case .matmul:
            let rowBasis = Variable(FourierBasis.complexInverse(length: height, cornerModes: m1, dtype: packed.dtype))
            let stacked = parts.permuted([3, 0, 1, 2, 4]).reshaped([2 * 2 * m1, m2 * batch * channels])
            let rows = rowBasis.matmul(stacked).reshaped([2, height, m2, batch, channels])  // (Re; Im) × H rows
            let columnBasis = Variable(FourierBasis.realInverse(length: width, modes: m2, dtype: packed.dtype))
            return rows.permuted([3, 4, 1, 0, 2]).reshaped([batch * channels * height, 2 * m2]).matmul(columnBasis)
                .reshaped([batch, channels, height, width])
        case .fft, .automatic:
            let planes = parts.permuted([3, 2, 4, 0, 1])  // [2, B, C, 2m₁, m₂]
            let filled = (0..<2).map { p -> Variable in
                let part = planes.selected(axis: 0, index: p)
                let gap = Variable(Tensor.zeros([batch, channels, height - 2 * m1, m2], dtype: packed.dtype))
                return Variable.concatenated(
                    [part.narrowed(axis: 2, start: 0, length: m1), gap, part.narrowed(axis: 2, start: m1, length: m1)],
                    axis: 2)
            }
            let rows = FFT.ifft(ComplexVariable(real: filled[0], imaginary: filled[1]), axis: 2)
            return FFT.irfft(rows, axis: 3, length: width)
        }
    }
}
