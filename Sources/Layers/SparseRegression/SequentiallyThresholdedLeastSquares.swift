import Tensor

/// Sequentially thresholded least squares (STLSQ; Brunton, Proctor and Kutz 2016, the regression of SINDy): sparse
/// Ξ with Θ·Ξ ≈ Y, found by alternating a least-squares fit on the active terms with the removal of every term whose
/// coefficient is below the threshold λ in magnitude, until the active set stops changing (each target column
/// separately).
///
/// With `normalizesColumns` (PySINDy's `normalize_columns`), Θ's columns are scaled to unit root-mean-square before
/// the fit, so λ compares the terms' contributions rather than raw coefficients whose scales differ by orders of
/// magnitude (u against u_xxxx); the coefficients returned are in the original units.
public struct SequentiallyThresholdedLeastSquares: Sendable {
    /// λ: coefficients below it in magnitude (after column scaling, when on) are set to zero.
    public var threshold: Double
    /// The most threshold-and-refit rounds per target.
    public var maximumIterations: Int
    public var normalizesColumns: Bool

    public init(threshold: Double, maximumIterations: Int = 20, normalizesColumns: Bool = false) {
        precondition(threshold >= 0 && maximumIterations >= 1, "STLSQ: needs threshold ≥ 0 and iterations ≥ 1")
        self.threshold = threshold
        self.maximumIterations = maximumIterations
        self.normalizesColumns = normalizesColumns
    }

    /// Ξ `[terms, targets]` (Float64) for Θ `[N, terms]` and Y `[N, targets]` or `[N]` (then Ξ is `[terms]`).
    /// - Throws: `LinearAlgebraError` if a least-squares solve fails.
    public func fit(_ library: Tensor, _ targets: Tensor) throws -> Tensor {
        precondition(
            library.rank == 2 && (targets.rank == 1 || targets.rank == 2) && targets.shape[0] == library.shape[0],
            "STLSQ.fit: library \(library.shape) must be [N, terms] and targets \(targets.shape) [N] or [N, targets]")
        let (n, p) = (library.shape[0], library.shape[1])
        let theta = library.cast(to: .float64).contiguous()
        let y = (targets.rank == 1 ? targets.unsqueezed(axis: 1) : targets).cast(to: .float64).contiguous()
        var scales = [Double](repeating: 1, count: p)
        if normalizesColumns {
            let rms = (theta.square().sum(axes: [0]) / Double(n)).sqrt().toDoubles()
            scales = rms.map { $0 > 0 ? 1 / $0 : 1 }
        }
        let scaled = theta * Tensor(scales, shape: [1, p], dtype: .float64)
        var result = [Double](repeating: 0, count: p * y.shape[1])
        for column in 0..<y.shape[1] {
            let target = y.narrowed(axis: 1, start: column, length: 1)
            var active = Array(0..<p)
            var coefficients = [Double](repeating: 0, count: p)
            for _ in 0..<maximumIterations {
                coefficients = [Double](repeating: 0, count: p)
                if active.isEmpty { break }
                let selected = scaled.indexSelected(
                    axis: 1, indices: Tensor(active.map(Int64.init), shape: [active.count]))
                let solution = try Linalg.leastSquares(selected, target).toDoubles()
                for (slot, term) in active.enumerated() { coefficients[term] = solution[slot] }
                let kept = active.filter { abs(coefficients[$0]) >= threshold }
                if kept == active { break }
                active = kept
            }
            for term in 0..<p where !active.contains(term) { coefficients[term] = 0 }
            for term in 0..<p { result[term * y.shape[1] + column] = coefficients[term] * scales[term] }
        }
        let xi = Tensor(result, shape: [p, y.shape[1]], dtype: .float64)
        return targets.rank == 1 ? xi.squeezed(axis: 1) : xi
    }
}
