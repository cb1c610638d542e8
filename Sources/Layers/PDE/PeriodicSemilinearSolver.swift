import Tensor

/// A pseudo-spectral ETDRK4 solver for 1-D periodic equations of the form u_t = 𝓛u − ½(u²)_x with 𝓛 diagonal in
/// Fourier space (viscous Burgers, Kuramoto–Sivashinsky), on [0, length) sampled at n points, for a batch of
/// states `[B, n]` at once (Float64).
///
/// In Fourier space, v̂' = c_k·v̂ + N(v̂) with N(v̂) = −½·i·k·F[(F⁻¹v̂)²] and k = 2πj/length; the scheme is Cox &
/// Matthews' ETDRK4 with Kassam–Trefethen coefficients (`ETDRK4Coefficients`). With `dealiased`, N keeps only the
/// bins |j| < n/3 (the 2/3 rule). The mean of u (bin 0) is conserved exactly.
public struct PeriodicSemilinearSolver: Sendable {
    public let points: Int
    public let length: Double
    public let step: Double
    public let dealiased: Bool
    /// The wavenumbers k_j = 2πj/length of the n/2 + 1 bins.
    public let wavenumbers: [Double]
    private let coefficients: [Tensor]  // E, E₂, Q, f₁, f₂, f₃ as [1, bins]
    private let derivative: Tensor  // ½·k·mask as [1, bins]: N = −i·derivative·F[u²]

    /// The solver for u_t = 𝓛u − ½(u²)_x where 𝓛 has the Fourier symbol `symbol(k)` (real).
    public init(points n: Int, length: Double, step: Double, dealiased: Bool, symbol: (Double) -> Double) {
        precondition(n >= 4 && length > 0 && step > 0, "PeriodicSemilinearSolver: needs n ≥ 4, length > 0, step > 0")
        self.points = n
        self.length = length
        self.step = step
        self.dealiased = dealiased
        let bins = n / 2 + 1
        let k = (0..<bins).map { 2 * Double.pi * Double($0) / length }
        wavenumbers = k
        let etd = ETDRK4Coefficients(linear: k.map(symbol), step: step)
        coefficients = [etd.e, etd.halfE, etd.q, etd.f1, etd.f2, etd.f3].map {
            Tensor($0, shape: [1, bins], dtype: .float64)
        }
        let kept = (0..<bins).map { !dealiased || 3 * $0 < n ? 0.5 * k[$0] : 0 }
        derivative = Tensor(kept, shape: [1, bins], dtype: .float64)
    }

    /// The sample points x_j = j·length/n.
    public var grid: [Double] { (0..<points).map { Double($0) * length / Double(points) } }

    /// `states` `[B, n]` advanced by `steps` steps.
    public func advance(_ states: Tensor, steps: Int) -> Tensor {
        precondition(
            states.rank == 2 && states.shape[1] == points,
            "PeriodicSemilinearSolver: states \(states.shape) must be [batch, \(points)]")
        var v = FFT.rfft(states.cast(to: .float64), axis: -1)
        for _ in 0..<steps { v = advanceSpectrum(v) }
        return FFT.irfft(v, axis: -1, length: points)
    }

    /// The trajectory u(t₀ + m·every·h) for m = 1…count: `[B, n]` → `[count, B, n]`.
    public func trajectory(from states: Tensor, snapshots count: Int, every: Int) -> Tensor {
        var u = states
        var frames: [Tensor] = []
        for _ in 0..<count {
            u = advance(u, steps: every)
            frames.append(u.unsqueezed(axis: 0))
        }
        return Tensor.concatenated(frames)
    }

    private func advanceSpectrum(_ v: ComplexTensor) -> ComplexTensor {
        let (e, halfE, q, f1, f2, f3) = (
            coefficients[0], coefficients[1], coefficients[2], coefficients[3], coefficients[4], coefficients[5]
        )
        let nv = nonlinear(v)
        let a = scaled(v, halfE) + scaled(nv, q)
        let na = nonlinear(a)
        let b = scaled(v, halfE) + scaled(na, q)
        let nb = nonlinear(b)
        let c = scaled(a, halfE) + scaled(scaled(nb, 2) - nv, q)
        let nc = nonlinear(c)
        return scaled(v, e) + scaled(nv, f1) + scaled(na + nb, f2 * 2) + scaled(nc, f3)
    }

    /// N(v̂) = −i·(½k)·F[(F⁻¹v̂)²].
    private func nonlinear(_ v: ComplexTensor) -> ComplexTensor {
        let u = FFT.irfft(v, axis: -1, length: points)
        let w = FFT.rfft(u * u, axis: -1)
        return ComplexTensor(real: w.imaginary * derivative, imaginary: -(w.real * derivative))
    }

    private func scaled(_ z: ComplexTensor, _ s: Tensor) -> ComplexTensor {
        ComplexTensor(real: z.real * s, imaginary: z.imaginary * s)
    }

    private func scaled(_ z: ComplexTensor, _ s: Double) -> ComplexTensor {
        ComplexTensor(real: z.real * s, imaginary: z.imaginary * s)
    }

}

extension ComplexTensor {
    fileprivate static func + (a: ComplexTensor, b: ComplexTensor) -> ComplexTensor {
        ComplexTensor(real: a.real + b.real, imaginary: a.imaginary + b.imaginary)
    }

    fileprivate static func - (a: ComplexTensor, b: ComplexTensor) -> ComplexTensor {
        ComplexTensor(real: a.real - b.real, imaginary: a.imaginary - b.imaginary)
    }
}
