import Foundation
import Layers
import Tensor

/// The twin experiment of MEDIDA on Kuramoto–Sivashinsky: the truth has terms the model lacks,
///
///     truth:  u_t = −u·u_x − u_xx − u_xxxx + c₁·u_xxx + c₂·u
///     model:  u_t = −u·u_x − u_xx − u_xxxx
///
/// on [0, length) with n points (Float64). The model is the ETDRK4 solver of `PeriodicSemilinearSolver`; the truth
/// advances by Strang splitting: half a step of the dispersion c₁·u_xxx (exact in Fourier space: û ← e^{−i·c₁k³τ}·û),
/// one ETDRK4 step of KS with the symbol k² − k⁴ + c₂ (the c₂·u term is part of the linear operator), half a step of
/// dispersion.
struct ModelErrorTwin {
    let points: Int
    let length: Double
    let step: Double
    let dispersion: Double
    let damping: Double
    let model: PeriodicSemilinearSolver
    private let truthKS: PeriodicSemilinearSolver
    private let halfDispersion: ComplexTensor  // e^{−i·c₁k³·h/2} per rfft bin, [1, bins]

    init(points n: Int, length: Double, step: Double, dispersion c1: Double, damping c2: Double) {
        points = n
        self.length = length
        self.step = step
        dispersion = c1
        damping = c2
        model = .kuramotoSivashinsky(points: n, length: length, step: step)
        truthKS = PeriodicSemilinearSolver(points: n, length: length, step: step, dealiased: false) { k in
            k * k - k * k * k * k + c2
        }
        let phases = truthKS.wavenumbers.map { k in -c1 * k * k * k * step / 2 }
        halfDispersion = ComplexTensor(
            real: Tensor(phases.map { Foundation.cos($0) }, shape: [1, phases.count], dtype: .float64),
            imaginary: Tensor(phases.map { Foundation.sin($0) }, shape: [1, phases.count], dtype: .float64))
    }

    /// The true states `[B, n]` after `steps` steps.
    func advanceTruth(_ states: Tensor, steps: Int) -> Tensor {
        var u = states
        for _ in 0..<steps {
            u = disperse(u)
            u = truthKS.advance(u, steps: 1)
            u = disperse(u)
        }
        return u
    }

    private func disperse(_ u: Tensor) -> Tensor {
        FFT.irfft(FFT.rfft(u, axis: -1) * halfDispersion, axis: -1, length: points)
    }

    /// The sample points x_j = j·length/n.
    var grid: [Double] { (0..<points).map { Double($0) * length / Double(points) } }
}
