import Foundation
import Tensor

/// The truncated DFT matrices of the spectral convolutions' matmul path, built once per size and cached.
///
/// For a real axis of length n and the lowest m bins (k < m ≤ n/2 + 1), with θ = 2πkj/n:
/// - `realForward` `[n, 2m]` = [cos θ | −sin θ]: x·F gives the (Re, Im) of rfft(x) on those bins;
/// - `realInverse` `[2m, n]` = [a_k cos θ ; −a_k sin θ]/n, a_k = 1 on bins 0 and n/2 and 2 between: Z·G is irfft
///   of the spectrum zero above m (sin θ vanishes on bins 0 and n/2, so their imaginary parts drop as in irfft).
/// For a complex axis of length n and the rows `rows` (r ∈ rows, θ = 2πrj/n):
/// - `complexForward` `[2·|rows|, 2n]` = [[C, S], [−S, C]] with C = cos θ, S = sin θ acting on (Re; Im) stacked;
/// - `complexInverse` `[2n, 2·|rows|]` = [[Cᵀ, −Sᵀ], [Sᵀ, Cᵀ]]/n, the inverse DFT from those rows (others zero).
enum FourierBasis {
    private enum Kind: Hashable { case realForward, realInverse, complexForward, complexInverse }

    private struct Key: Hashable {
        let kind: Kind
        let length: Int
        let modes: Int
        let dtype: DType
    }

    private final class Cache: @unchecked Sendable {
        let lock = NSLock()
        var matrices: [Key: Tensor] = [:]
    }

    private static let cache = Cache()

    static func realForward(length n: Int, modes m: Int, dtype: DType) -> Tensor {
        cached(Key(kind: .realForward, length: n, modes: m, dtype: dtype)) {
            var values = [Double](repeating: 0, count: n * 2 * m)
            for j in 0..<n {
                for k in 0..<m {
                    let theta = angle(k, j, n)
                    values[j * 2 * m + k] = cos(theta)
                    values[j * 2 * m + m + k] = -sin(theta)
                }
            }
            return Tensor(values, shape: [n, 2 * m], dtype: dtype)
        }
    }

    static func realInverse(length n: Int, modes m: Int, dtype: DType) -> Tensor {
        cached(Key(kind: .realInverse, length: n, modes: m, dtype: dtype)) {
            var values = [Double](repeating: 0, count: 2 * m * n)
            for k in 0..<m {
                let weight = (k == 0 || 2 * k == n ? 1.0 : 2.0) / Double(n)
                for j in 0..<n {
                    let theta = angle(k, j, n)
                    values[k * n + j] = weight * cos(theta)
                    values[(m + k) * n + j] = -weight * sin(theta)
                }
            }
            return Tensor(values, shape: [2 * m, n], dtype: dtype)
        }
    }

    /// Rows 0..<m and n − m..<n (the FNO's two corners of a complex axis).
    static func complexForward(length n: Int, cornerModes m: Int, dtype: DType) -> Tensor {
        cached(Key(kind: .complexForward, length: n, modes: m, dtype: dtype)) {
            let rows = cornerRows(length: n, modes: m)
            let r = rows.count
            var values = [Double](repeating: 0, count: 2 * r * 2 * n)
            for (i, row) in rows.enumerated() {
                for j in 0..<n {
                    let c = cos(angle(row, j, n))
                    let s = sin(angle(row, j, n))
                    values[i * 2 * n + j] = c
                    values[i * 2 * n + n + j] = s
                    values[(r + i) * 2 * n + j] = -s
                    values[(r + i) * 2 * n + n + j] = c
                }
            }
            return Tensor(values, shape: [2 * r, 2 * n], dtype: dtype)
        }
    }

    static func complexInverse(length n: Int, cornerModes m: Int, dtype: DType) -> Tensor {
        cached(Key(kind: .complexInverse, length: n, modes: m, dtype: dtype)) {
            let rows = cornerRows(length: n, modes: m)
            let r = rows.count
            var values = [Double](repeating: 0, count: 2 * n * 2 * r)
            for j in 0..<n {
                for (i, row) in rows.enumerated() {
                    let c = cos(angle(row, j, n)) / Double(n)
                    let s = sin(angle(row, j, n)) / Double(n)
                    values[j * 2 * r + i] = c
                    values[j * 2 * r + r + i] = -s
                    values[(n + j) * 2 * r + i] = s
                    values[(n + j) * 2 * r + r + i] = c
                }
            }
            return Tensor(values, shape: [2 * n, 2 * r], dtype: dtype)
        }
    }

    static func cornerRows(length n: Int, modes m: Int) -> [Int] { Array(0..<m) + Array((n - m)..<n) }

    /// 2π·k·j/n with k·j reduced mod n first, so large products keep full precision.
    private static func angle(_ k: Int, _ j: Int, _ n: Int) -> Double {
        2 * Double.pi * Double((k * j) % n) / Double(n)
    }

    private static func cached(_ key: Key, build: () -> Tensor) -> Tensor {
        if let matrix = cache.lock.withLock({ cache.matrices[key] }) { return matrix }
        let matrix = build()
        return cache.lock.withLock {
            if let existing = cache.matrices[key] { return existing }
            cache.matrices[key] = matrix
            return matrix
        }
    }
}
