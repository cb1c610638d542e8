import Foundation
import Tensor

/// The periodic cubic spline through (x_i, y_i) on [0, period) (sorted, distinct x_i), for several value sets at once:
/// the classical interpolant of MEDIDA's comparison. The second derivatives M_i solve the cyclic tridiagonal system
/// h_{i−1}M_{i−1} + 2(h_{i−1} + h_i)M_i + h_iM_{i+1} = 6[(y_{i+1} − y_i)/h_i − (y_i − y_{i−1})/h_{i−1}] (indices mod m).
struct PeriodicCubicSpline {
    let knots: [Double]
    let period: Double
    /// y `[m, S]` and M `[m, S]`.
    let values: Tensor
    let curvatures: Tensor

    init(knots: [Double], period: Double, values: Tensor) throws {
        let m = knots.count
        precondition(m >= 3 && values.shape[0] == m, "PeriodicCubicSpline: needs ≥ 3 knots, one row of values each")
        self.knots = knots
        self.period = period
        self.values = values.cast(to: .float64).contiguous()
        let h = (0..<m).map { i in i == m - 1 ? knots[0] + period - knots[i] : knots[i + 1] - knots[i] }
        var a = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            let previous = (i + m - 1) % m
            a[i * m + previous] += h[previous]
            a[i * m + i] += 2 * (h[previous] + h[i])
            a[i * m + (i + 1) % m] += h[i]
        }
        let y = self.values
        let next = Tensor.concatenated([
            y.narrowed(axis: 0, start: 1, length: m - 1), y.narrowed(axis: 0, start: 0, length: 1),
        ])
        let previous = Tensor.concatenated([
            y.narrowed(axis: 0, start: m - 1, length: 1), y.narrowed(axis: 0, start: 0, length: m - 1),
        ])
        let hTensor = Tensor(h, shape: [m, 1], dtype: .float64)
        let hPrevious = Tensor((0..<m).map { h[($0 + m - 1) % m] }, shape: [m, 1], dtype: .float64)
        let rhs = ((next - y) / hTensor - (y - previous) / hPrevious) * 6
        curvatures = try Linalg.solve(Tensor(a, shape: [m, m], dtype: .float64), rhs)
    }

    /// The spline's values at `points` (in [0, period)): `[P, S]`.
    func evaluate(at points: [Double]) -> Tensor {
        let m = knots.count
        let s = values.shape[1]
        let y = values.toDoubles()
        let c = curvatures.toDoubles()
        var out = [Double](repeating: 0, count: points.count * s)
        for (p, x) in points.enumerated() {
            // The interval [x_i, x_{i+1}) holding x, wrapping past the last knot.
            var i = m - 1
            for j in 0..<m where knots[j] <= x { i = j }
            let left = knots[i]
            let right = i == m - 1 ? knots[0] + period : knots[i + 1]
            var t = x
            if t < left { t += period }
            let h = right - left
            let (a, b) = ((right - t) / h, (t - left) / h)
            let k = (i + 1) % m
            for column in 0..<s {
                let (yi, yk, ci, ck) = (y[i * s + column], y[k * s + column], c[i * s + column], c[k * s + column])
                out[p * s + column] =
                    a * yi + b * yk + ((a * a * a - a) * ci + (b * b * b - b) * ck) * h * h / 6
            }
        }
        return Tensor(out, shape: [points.count, s], dtype: .float64)
    }
}
