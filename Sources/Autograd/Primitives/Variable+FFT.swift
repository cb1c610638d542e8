import Tensor

/// Differentiable Fourier transforms. With s the transform's scale (see `FFTNormalization`) and n its length:
/// - rfft: y = s·R x ⇒ ∂x = s·n·irfft(h) with h = ∂y on bins 0 and n/2, ∂y/2 on the bins between (their
///   Hermitian twins are not stored);
/// - irfft: x = s·I z ⇒ ∂z = s·c⊙rfft(∂x), c = 1 on bins 0 and n/2, 2 between;
/// - fft: y = s·F z ⇒ ∂z = s·F̄ ∂y (an unnormalized inverse); ifft: ∂y = s·F ∂z.
/// Each pullback is another transform on variables, so derivatives of any order work.
extension FFT {
    /// The half spectrum of a real variable along `axis` (see `FFT.rfft` on tensors).
    public static func rfft(
        _ x: Variable, axis: Int = -1, length: Int? = nil, normalization: FFTNormalization = .backward
    ) -> ComplexVariable {
        let a = Layout.normalizeAxis(axis, shape: x.shape, op: "rfft")
        let n = length ?? x.shape[a]
        let input = resized(x, axis: a, to: n)
        let value = rfft(input.value, axis: a, normalization: normalization)
        let scale = normalization.scale(length: n, inverse: false)
        let parts = Variable.recordMultiple("rfft", outputs: [value.real, value.imaginary], inputs: [input]) {
            g, _, _ in
            let weights = Variable(binWeights(n: n, axis: a, rank: input.rank, dtype: input.dtype, middle: 0.5))
            let half = ComplexVariable(real: g[0] * weights, imaginary: g[1] * weights)
            return [irfft(half, axis: a, length: n, normalization: .forward) * scale]
        }
        return ComplexVariable(real: parts[0], imaginary: parts[1])
    }

    /// The real signal of `length` whose half spectrum along `axis` is `z` (see `FFT.irfft` on tensors).
    public static func irfft(
        _ z: ComplexVariable, axis: Int = -1, length: Int? = nil, normalization: FFTNormalization = .backward
    ) -> Variable {
        let a = Layout.normalizeAxis(axis, shape: z.real.shape, op: "irfft")
        let n = length ?? 2 * (z.real.shape[a] - 1)
        let bins = n / 2 + 1
        let re = resized(z.real, axis: a, to: bins)
        let im = resized(z.imaginary, axis: a, to: bins)
        let value = irfft(
            ComplexTensor(real: re.value, imaginary: im.value), axis: a, length: n, normalization: normalization)
        let scale = normalization.scale(length: n, inverse: true)
        return Variable.record("irfft", value, re, im) { b in
            let spectrum = rfft(b.gradient, axis: a, normalization: .backward)
            let weights = Variable(binWeights(n: n, axis: a, rank: re.rank, dtype: re.dtype, middle: 2) * scale)
            // The imaginary parts of bins 0 and n/2 do not reach the output.
            let imaginaryWeights = Variable(
                binWeights(n: n, axis: a, rank: re.rank, dtype: re.dtype, middle: 2, edges: 0) * scale)
            return [
                b.needs(0) ? spectrum.real * weights : nil, b.needs(1) ? spectrum.imaginary * imaginaryWeights : nil,
            ]
        }
    }

    /// The complex DFT of `z` along `axis`.
    public static func fft(
        _ z: ComplexVariable, axis: Int = -1, length: Int? = nil, normalization: FFTNormalization = .backward
    ) -> ComplexVariable {
        complexTransform(z, axis: axis, length: length, normalization: normalization, inverse: false)
    }

    /// The inverse complex DFT of `z` along `axis`.
    public static func ifft(
        _ z: ComplexVariable, axis: Int = -1, length: Int? = nil, normalization: FFTNormalization = .backward
    ) -> ComplexVariable {
        complexTransform(z, axis: axis, length: length, normalization: normalization, inverse: true)
    }

    private static func complexTransform(
        _ z: ComplexVariable, axis: Int, length: Int?, normalization: FFTNormalization, inverse: Bool
    ) -> ComplexVariable {
        let a = Layout.normalizeAxis(axis, shape: z.real.shape, op: inverse ? "ifft" : "fft")
        let n = length ?? z.real.shape[a]
        let re = resized(z.real, axis: a, to: n)
        let im = resized(z.imaginary, axis: a, to: n)
        let input = ComplexTensor(real: re.value, imaginary: im.value)
        let value =
            inverse
            ? ifft(input, axis: a, normalization: normalization) : fft(input, axis: a, normalization: normalization)
        let scale = normalization.scale(length: n, inverse: inverse)
        let parts = Variable.recordMultiple(
            inverse ? "ifft" : "fft", outputs: [value.real, value.imaginary], inputs: [re, im]
        ) { g, _, b in
            let gradient = ComplexVariable(real: g[0], imaginary: g[1])
            // The adjoint of an unnormalized DFT is the unnormalized DFT the other way.
            let adjoint =
                inverse
                ? fft(gradient, axis: a, normalization: .backward) : ifft(gradient, axis: a, normalization: .forward)
            return [b.needs(0) ? adjoint.real * scale : nil, b.needs(1) ? adjoint.imaginary * scale : nil]
        }
        return ComplexVariable(real: parts[0], imaginary: parts[1])
    }

    /// `x` with `axis` zero-padded or truncated to `size` (differentiable).
    private static func resized(_ x: Variable, axis: Int, to size: Int) -> Variable {
        let current = x.shape[axis]
        if current == size { return x }
        if current > size { return x.narrowed(axis: axis, start: 0, length: size) }
        var widths = [(before: Int, after: Int)](repeating: (0, 0), count: x.rank)
        widths[axis] = (0, size - current)
        return x.padded(widths)
    }

    /// Per-bin weights for the n/2 + 1 bins of a length-n real transform, shaped to broadcast along `axis`:
    /// `edges` on bin 0 and (for even n) bin n/2, `middle` on the others.
    private static func binWeights(n: Int, axis: Int, rank: Int, dtype: DType, middle: Double, edges: Double = 1)
        -> Tensor
    {
        let bins = n / 2 + 1
        let values = (0..<bins).map { k in k == 0 || (n % 2 == 0 && k == n / 2) ? edges : middle }
        var shape = [Int](repeating: 1, count: rank)
        shape[axis] = bins
        return Tensor(values, shape: shape, dtype: dtype)
    }
}
