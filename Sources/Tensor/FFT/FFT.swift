/// How a transform pair is scaled (NumPy's and PyTorch's `norm`): `backward` leaves the forward transform
/// unscaled and divides the inverse by n; `orthonormal` scales both by 1/√n; `forward` divides the forward by n.
public enum FFTNormalization: Sendable {
    case backward, orthonormal, forward

    /// The factor applied to a forward (`inverse: false`) or inverse transform of length n.
    public func scale(length n: Int, inverse: Bool) -> Double {
        switch (self, inverse) {
        case (.backward, false), (.forward, true): 1
        case (.backward, true), (.forward, false): 1 / Double(n)
        case (.orthonormal, _): 1 / Double(n).squareRoot()
        }
    }
}

/// Discrete Fourier transforms along one axis, for any length (Stockham radix-4 and mixed radix 2/3/5 for smooth
/// lengths, Bluestein's chirp-z for the rest: O(n log n) always). Complex values are `ComplexTensor` pairs.
///
/// X[k] = Σⱼ x[j]·e^{−2πi·jk/n} (forward), x[j] = (1/n)·Σₖ X[k]·e^{+2πi·jk/n} (inverse, `backward` normalization).
public enum FFT {
    /// The complex DFT of `z` along `axis`, zero-padded or truncated to `length` first.
    public static func fft(
        _ z: ComplexTensor, axis: Int = -1, length: Int? = nil, normalization: FFTNormalization = .backward
    ) -> ComplexTensor {
        complexTransform(z, axis: axis, length: length, normalization: normalization, inverse: false, op: "fft")
    }

    /// The inverse complex DFT of `z` along `axis`.
    public static func ifft(
        _ z: ComplexTensor, axis: Int = -1, length: Int? = nil, normalization: FFTNormalization = .backward
    ) -> ComplexTensor {
        complexTransform(z, axis: axis, length: length, normalization: normalization, inverse: true, op: "ifft")
    }

    /// The DFT of a real `x` along `axis`: the n/2 + 1 bins of the Hermitian half spectrum (n = `length`, default
    /// the axis size; the input is zero-padded or truncated to it).
    public static func rfft(
        _ x: Tensor, axis: Int = -1, length: Int? = nil, normalization: FFTNormalization = .backward
    )
        -> ComplexTensor
    {
        precondition(x.dtype.isFloatingPoint, "rfft: needs a floating tensor, got \(x.dtype)")
        let a = Layout.normalizeAxis(axis, shape: x.shape, op: "rfft")
        let n = length ?? x.shape[a]
        precondition(n >= 1, "rfft: length \(n) along axis \(axis) of \(x.shape) must be ≥ 1")
        let rows = movedToRows(resized(x, axis: a, to: n), axis: a)
        let count = rows.count / n
        let bins = n / 2 + 1
        var re = Tensor(uninitializedShape: [count, bins], dtype: x.dtype)
        var im = Tensor(uninitializedShape: [count, bins], dtype: x.dtype)
        func run<T: FloatElement & FFTScalar>(_: T.Type) {
            rfftBatched(
                input: UnsafePointer(rows.basePointer(as: T.self)), outRe: re.basePointer(as: T.self),
                outIm: im.basePointer(as: T.self), n: n, count: count, inputStride: 1, inputDistance: n,
                outputStride: 1,
                outputDistance: bins)
        }
        if x.dtype == .float32 { run(Float.self) } else { run(Double.self) }
        let scale = normalization.scale(length: n, inverse: false)
        if scale != 1 { (re, im) = (re * scale, im * scale) }
        return ComplexTensor(
            real: movedBack(re, like: x, axis: a, size: bins), imaginary: movedBack(im, like: x, axis: a, size: bins))
    }

    /// The real signal of length `length` (default 2(m − 1) for m bins) whose half spectrum is `z` along `axis`.
    /// The imaginary parts of bin 0 and (for even length) bin n/2 are ignored, as in NumPy.
    public static func irfft(
        _ z: ComplexTensor, axis: Int = -1, length: Int? = nil, normalization: FFTNormalization = .backward
    ) -> Tensor {
        let a = Layout.normalizeAxis(axis, shape: z.real.shape, op: "irfft")
        let n = length ?? 2 * (z.real.shape[a] - 1)
        precondition(n >= 1, "irfft: output length \(n) must be ≥ 1 (bins \(z.real.shape[a]) along axis \(axis))")
        let bins = n / 2 + 1
        let re = movedToRows(resized(z.real, axis: a, to: bins), axis: a)
        let im = movedToRows(resized(z.imaginary, axis: a, to: bins), axis: a)
        let count = re.count / bins
        var output = Tensor(uninitializedShape: [count, n], dtype: z.real.dtype)
        func run<T: FloatElement & FFTScalar>(_: T.Type) {
            irfftBatched(
                re: UnsafePointer(re.basePointer(as: T.self)), im: UnsafePointer(im.basePointer(as: T.self)),
                output: output.basePointer(as: T.self), n: n, count: count, inputStride: 1, inputDistance: bins,
                outputStride: 1, outputDistance: n)
        }
        if z.real.dtype == .float32 { run(Float.self) } else { run(Double.self) }
        let scale = normalization.scale(length: n, inverse: true)
        if scale != 1 { output = output * scale }
        return movedBack(output, like: z.real, axis: a, size: n)
    }

    private static func complexTransform(
        _ z: ComplexTensor, axis: Int, length: Int?, normalization: FFTNormalization, inverse: Bool, op: String
    ) -> ComplexTensor {
        precondition(z.real.dtype.isFloatingPoint, "\(op): needs a floating tensor, got \(z.real.dtype)")
        let a = Layout.normalizeAxis(axis, shape: z.real.shape, op: op)
        let n = length ?? z.real.shape[a]
        precondition(n >= 1, "\(op): length \(n) along axis \(axis) of \(z.real.shape) must be ≥ 1")
        let re = movedToRows(resized(z.real, axis: a, to: n), axis: a)
        let im = movedToRows(resized(z.imaginary, axis: a, to: n), axis: a)
        let count = re.count / n
        var outRe = Tensor(uninitializedShape: [count, n], dtype: z.real.dtype)
        var outIm = Tensor(uninitializedShape: [count, n], dtype: z.real.dtype)
        func run<T: FloatElement & FFTScalar>(_: T.Type) {
            fftBatched(
                re: UnsafePointer(re.basePointer(as: T.self)), im: UnsafePointer(im.basePointer(as: T.self)),
                outRe: outRe.basePointer(as: T.self), outIm: outIm.basePointer(as: T.self), n: n, count: count,
                inputStride: 1, inputDistance: n, outputStride: 1, outputDistance: n, inverse: inverse)
        }
        if z.real.dtype == .float32 { run(Float.self) } else { run(Double.self) }
        let scale = normalization.scale(length: n, inverse: inverse)
        if scale != 1 { (outRe, outIm) = (outRe * scale, outIm * scale) }
        return ComplexTensor(
            real: movedBack(outRe, like: z.real, axis: a, size: n),
            imaginary: movedBack(outIm, like: z.real, axis: a, size: n))
    }

    /// `x` with `axis` zero-padded or truncated to `size`.
    static func resized(_ x: Tensor, axis: Int, to size: Int) -> Tensor {
        let current = x.shape[axis]
        if current == size { return x }
        if current > size { return x.narrowed(axis: axis, start: 0, length: size) }
        var widths = [(before: Int, after: Int)](repeating: (0, 0), count: x.rank)
        widths[axis] = (0, size - current)
        return x.padded(widths)
    }

    /// Dense rows `[count, size]` with `axis` last (no copy when it already is the dense last axis).
    static func movedToRows(_ x: Tensor, axis: Int) -> Tensor {
        var order = Array(0..<x.rank)
        order.remove(at: axis)
        order.append(axis)
        return x.permuted(order).contiguous()
    }

    /// Rows `[count, size]` back to the layout of `like` with `axis` of length `size` (a view).
    static func movedBack(_ rows: Tensor, like x: Tensor, axis: Int, size: Int) -> Tensor {
        var shape = x.shape
        shape.remove(at: axis)
        shape.append(size)
        var inverse = Array(0..<x.rank)
        inverse.remove(at: x.rank - 1)
        inverse.insert(x.rank - 1, at: axis)
        return rows.reshaped(shape).permuted(inverse)
    }
}
