import Tensor

/// Right-hand sides of the Lorenz systems, for `RungeKutta4`, on batches of states (the last axis is the state). They
/// are the tensor forms of `VectorField.lorenz63` and `VectorField.lorenz96`.
public enum Lorenz {
    /// Lorenz-63: x' = σ(y − x), y' = x(ρ − z) − y, z' = xy − βz, for states `[…, 3]`.
    public static func lorenz63(sigma: Double = 10, rho: Double = 28, beta: Double = 8.0 / 3) -> (Tensor) -> Tensor {
        VectorField.lorenz63(sigma: sigma, rho: rho, beta: beta).callAsFunction
    }

    /// Lorenz-96: x_i' = (x_{i+1} − x_{i−2})·x_{i−1} − x_i + F (indices mod K), for states `[…, K]`, K ≥ 4.
    public static func lorenz96(forcing: Double = 8) -> (Tensor) -> Tensor {
        { x in
            precondition((x.shape.last ?? 0) >= 4, "Lorenz.lorenz96: states \(x.shape) need at least 4 variables")
            return VectorField.lorenz96(dimension: x.shape[x.rank - 1], forcing: forcing)(x)
        }
    }
}
