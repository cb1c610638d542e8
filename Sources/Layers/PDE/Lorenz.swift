import Tensor

/// Right-hand sides of the Lorenz systems, for `RungeKutta4`, on batches of states (the last axis is the state).
public enum Lorenz {
    /// Lorenz-63: x' = σ(y − x), y' = x(ρ − z) − y, z' = xy − βz, for states `[…, 3]`.
    public static func lorenz63(sigma: Double = 10, rho: Double = 28, beta: Double = 8.0 / 3) -> (Tensor) -> Tensor {
        { s in
            precondition(s.shape.last == 3, "Lorenz.lorenz63: states \(s.shape) must end in 3")
            let x = s.narrowed(axis: -1, start: 0, length: 1)
            let y = s.narrowed(axis: -1, start: 1, length: 1)
            let z = s.narrowed(axis: -1, start: 2, length: 1)
            return Tensor.concatenated([(y - x) * sigma, x * (z * -1 + rho) - y, x * y - z * beta], axis: -1)
        }
    }

    /// Lorenz-96: x_i' = (x_{i+1} − x_{i−2})·x_{i−1} − x_i + F (indices mod K), for states `[…, K]`, K ≥ 4.
    public static func lorenz96(forcing: Double = 8) -> (Tensor) -> Tensor {
        { x in
            precondition((x.shape.last ?? 0) >= 4, "Lorenz.lorenz96: states \(x.shape) need at least 4 variables")
            let next = rolled(x, by: -1)
            let previous = rolled(x, by: 1)
            let secondPrevious = rolled(x, by: 2)
            return (next - secondPrevious) * previous - x + forcing
        }
    }

    /// y_i = x_{i − shift} along the last axis (indices mod K).
    private static func rolled(_ x: Tensor, by shift: Int) -> Tensor {
        let k = x.shape[x.rank - 1]
        let s = ((shift % k) + k) % k
        return Tensor.concatenated(
            [x.narrowed(axis: -1, start: k - s, length: s), x.narrowed(axis: -1, start: 0, length: k - s)], axis: -1)
    }
}
