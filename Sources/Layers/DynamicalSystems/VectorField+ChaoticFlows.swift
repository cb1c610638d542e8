import Autograd
import Tensor

/// Classical chaotic flows, with the parameters of the dysts catalogue (Gilpin 2021) as defaults.
extension VectorField {
    /// Lorenz-63: x' = σ(y − x), y' = x(ρ − z) − y, z' = xy − βz.
    public static func lorenz63(sigma: Double = 10, rho: Double = 28, beta: Double = 8.0 / 3) -> VectorField {
        VectorField(dimension: 3) { s in
            let (x, y, z) = (component(s, 0), component(s, 1), component(s, 2))
            return Variable.concatenated([(y - x) * sigma, x * (rho - z) - y, x * y - z * beta], axis: -1)
        }
    }

    /// Rössler: x' = −y − z, y' = x + ay, z' = b + z(x − c).
    public static func rossler(a: Double = 0.2, b: Double = 0.2, c: Double = 5.7) -> VectorField {
        VectorField(dimension: 3) { s in
            let (x, y, z) = (component(s, 0), component(s, 1), component(s, 2))
            return Variable.concatenated([(y + z) * -1, x + y * a, z * (x - c) + b], axis: -1)
        }
    }

    /// Thomas' cyclically symmetric flow: x' = −ax + b·sin y, y' = −ay + b·sin z, z' = −az + b·sin x (dysts' form;
    /// its defaults a = 1.85, b = 10 are chaotic; the classical form is a = b_Thomas, b = 1).
    public static func thomas(a: Double = 1.85, b: Double = 10) -> VectorField {
        VectorField(dimension: 3) { s in
            let rolled = Variable.concatenated([component(s, 1), component(s, 2), component(s, 0)], axis: -1)
            return rolled.sin() * b - s * a
        }
    }

    /// Halvorsen: x' = −ax − b(y + z) − y², and cyclically (y' = −ay − b(z + x) − z², z' = −az − b(x + y) − x²).
    public static func halvorsen(a: Double = 1.4, b: Double = 4) -> VectorField {
        VectorField(dimension: 3) { s in
            let next = Variable.concatenated([component(s, 1), component(s, 2), component(s, 0)], axis: -1)
            let afterNext = Variable.concatenated([component(s, 2), component(s, 0), component(s, 1)], axis: -1)
            return s * -a - (next + afterNext) * b - next.square()
        }
    }

    /// Lorenz-96: x_i' = (x_{i+1} − x_{i−2})·x_{i−1} − x_i + F (indices mod K), K = `dimension` ≥ 4.
    public static func lorenz96(dimension: Int, forcing: Double = 8) -> VectorField {
        precondition(dimension >= 4, "VectorField.lorenz96: needs at least 4 variables, got \(dimension)")
        return VectorField(dimension: dimension) { x in
            (rolled(x, by: -1) - rolled(x, by: 2)) * rolled(x, by: 1) - x + forcing
        }
    }

    /// y_i = x_{i − shift} along the last axis (indices mod K).
    static func rolled(_ x: Variable, by shift: Int) -> Variable {
        let k = x.shape[x.rank - 1]
        let s = ((shift % k) + k) % k
        return Variable.concatenated(
            [x.narrowed(axis: -1, start: k - s, length: s), x.narrowed(axis: -1, start: 0, length: k - s)], axis: -1)
    }
}
