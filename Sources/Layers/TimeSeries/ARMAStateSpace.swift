import Tensor

/// The state-space form of an ARMA(p, q) process (Harvey's representation, as R's `arima` and statsmodels use):
/// with r = max(p, q + 1),
///
///     w_t = Z·α_t,   α_{t+1} = T·α_t + R·ε_{t+1},   Z = (1, 0, …, 0),
///
/// T [r, r] has φ₁…φ_p (zero-padded) in its first column and ones on its superdiagonal, R = (1, θ₁, …, θ_{r−1})
/// (zero-padded). The state starts from its stationary distribution N(0, σ²·P₀), P₀ = T·P₀·Tᵀ + R·Rᵀ.
public struct ARMAStateSpace: Sendable {
    /// r, the state dimension.
    public let stateDimension: Int
    /// T, row-major [r, r].
    public let transition: [Double]
    /// R, [r].
    public let selection: [Double]

    public init(autoregressive: [Double], movingAverage: [Double]) {
        let r = max(autoregressive.count, movingAverage.count + 1)
        stateDimension = r
        var transition = [Double](repeating: 0, count: r * r)
        for (i, phi) in autoregressive.enumerated() { transition[i * r] = phi }
        for i in 0..<(r - 1) { transition[i * r + i + 1] = 1 }
        self.transition = transition
        var selection = [Double](repeating: 0, count: r)
        selection[0] = 1
        for (j, theta) in movingAverage.enumerated() { selection[j + 1] = theta }
        self.selection = selection
    }

    /// P₀ [r, r] (row-major, in units of σ²), the solution of the discrete Lyapunov equation P = T·P·Tᵀ + R·Rᵀ, by
    /// solving (I − T ⊗ T)·vec P = vec(R·Rᵀ); nil when the AR part is not stationary.
    public func stationaryCovariance(autoregressive: [Double]) -> [Double]? {
        guard Self.isStationary(autoregressive) else { return nil }
        let r = stateDimension
        if r == 1 { return [selection[0] * selection[0] / (1 - transition[0] * transition[0])] }
        let size = r * r
        var system = [Double](repeating: 0, count: size * size)
        var rhs = [Double](repeating: 0, count: size)
        for i in 0..<r {
            for j in 0..<r {
                let row = i * r + j
                rhs[row] = selection[i] * selection[j]
                system[row * size + row] += 1
                for k in 0..<r where transition[i * r + k] != 0 {
                    for l in 0..<r where transition[j * r + l] != 0 {
                        system[row * size + k * r + l] -= transition[i * r + k] * transition[j * r + l]
                    }
                }
            }
        }
        let a = Tensor(system, shape: [size, size], dtype: .float64)
        let b = Tensor(rhs, shape: [size], dtype: .float64)
        return try? Linalg.solve(a, b).toDoubles()
    }

    /// Whether the AR polynomial 1 − φ₁z − … − φ_p z^p has all its roots outside the unit circle, by the step-down
    /// (inverse Durbin–Levinson) recursion: stationary exactly when every partial autocorrelation has |·| < 1.
    public static func isStationary(_ autoregressive: [Double]) -> Bool {
        var phi = autoregressive
        while let last = phi.last {
            guard abs(last) < 1, last.isFinite else { return false }
            let k = phi.count
            let scale = 1 - last * last
            phi = (0..<(k - 1)).map { j in (phi[j] + last * phi[k - 2 - j]) / scale }
        }
        return true
    }
}
