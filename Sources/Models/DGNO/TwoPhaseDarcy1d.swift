import Foundation
import Layers
import Tensor

/// The 1-D two-phase Darcy problem of the DGNO reproduction: −(a u′)′ = 1 on (0, 1), u(0) = u(1) = 0, with a
/// piecewise constant on 100 equal cells, a ∈ {1, 10} by the sign of a periodic Gaussian random field
/// (`GaussianRandomField`, α = 2, τ = 3) at the cell centers.
///
/// The exact solution: the flux is a u′ = C − x, so u(x) = ∫₀ˣ (C − s)/a(s) ds with C = ∫₀¹ s/a ds / ∫₀¹ 1/a ds
/// (u(1) = 0), integrated cell by cell in closed form.
struct TwoPhaseDarcy1d: Sendable {
    static let cells = 100
    static let phases: (low: Double, high: Double) = (1, 10)

    /// a on each cell: `[cells]` values in {1, 10}.
    let coefficient: [Double]
    /// C, the flux at x = 0.
    let fluxAtZero: Double

    init(coefficient: [Double]) {
        precondition(coefficient.count == Self.cells, "TwoPhaseDarcy1d: \(coefficient.count) cells")
        self.coefficient = coefficient
        let h = 1 / Double(Self.cells)
        var (moment, resistance) = (0.0, 0.0)
        for (i, a) in coefficient.enumerated() {
            let (left, right) = (Double(i) * h, Double(i + 1) * h)
            moment += (right * right - left * left) / 2 / a
            resistance += h / a
        }
        fluxAtZero = moment / resistance
    }

    /// `count` instances from thresholded random fields.
    static func sample(_ count: Int, using generator: inout RandomGenerator) -> [TwoPhaseDarcy1d] {
        let fields = GaussianRandomField(points: cells, dimensions: 1).sample(count, using: &generator).toDoubles()
        return (0..<count).map { n in
            TwoPhaseDarcy1d(coefficient: (0..<cells).map { fields[n * cells + $0] > 0 ? phases.high : phases.low })
        }
    }

    private static func cell(_ x: Double) -> Int { min(cells - 1, max(0, Int(x * Double(cells)))) }

    /// a(x).
    func coefficient(at x: Double) -> Double { coefficient[Self.cell(x)] }

    /// u(x), exact.
    func solution(at x: Double) -> Double {
        let h = 1 / Double(Self.cells)
        let last = Self.cell(x)
        var total = 0.0
        for i in 0...last {
            let left = Double(i) * h
            let right = i == last ? x : left + h
            total += (fluxAtZero * (right - left) - (right * right - left * left) / 2) / coefficient[i]
        }
        return total
    }

    /// The branch input: (a − 1)/9 ∈ {0, 1} at the cell centers.
    var sensors: [Double] { coefficient.map { ($0 - Self.phases.low) / (Self.phases.high - Self.phases.low) } }
}
