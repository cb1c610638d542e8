import Autograd
import Layers
import Tensor

/// One prediction step of the semilinear neural operator, u_{t+1} = e^{LΔt}u_t + N(u_t): the linear part of KS
/// (L = −∂ₓₓ − ∂ₓₓₓₓ) propagated exactly in Fourier space and an FNO for the rest. With `semilinear` false it is the
/// plain residual FNO u_{t+1} = u_t + N(u_t). States `[B, n]`.
final class NODAPredictor: Module {
    let network: FNO1d
    let semilinear: Bool
    private let _propagator: Tensor

    init(semilinear: Bool, using generator: inout RandomGenerator) {
        network = FNO1d(modes: 16, width: 24, layerCount: 3, projectionWidth: 48, using: &generator)
        self.semilinear = semilinear
        _propagator = KuramotoSivashinskyData.linearPropagator()
        super.init()
    }

    func callAsFunction(_ u: Variable) -> Variable {
        let nonlinear = network(u.unsqueezed(axis: 2)).squeezed(axis: 2)
        guard semilinear else { return u + nonlinear }
        let spectrum = FFT.rfft(u, axis: -1)
        let factor = Variable(_propagator)
        let linear = FFT.irfft(
            ComplexVariable(real: spectrum.real * factor, imaginary: spectrum.imaginary * factor), axis: -1,
            length: u.shape[1])
        return linear + nonlinear
    }
}

/// The learned observer gain: u⁺ = u⁻ + K(m ⊙ (y − u⁻), m), an FNO reading the innovation at the sensors (zero
/// elsewhere) and the sensor mask m, so any number and placement of sensors works. States `[B, n]`.
final class NODACorrector: Module {
    let network: FNO1d

    init(using generator: inout RandomGenerator) {
        network = FNO1d(inputChannels: 2, modes: 16, width: 24, layerCount: 3, projectionWidth: 48, using: &generator)
        super.init()
    }

    func callAsFunction(_ prior: Variable, observations y: Tensor, mask: Tensor) -> Variable {
        let innovation = (Variable(y) - prior) * Variable(mask)
        let input = Variable.stacked([innovation, Variable(mask)], axis: 2)
        return prior + network(input).squeezed(axis: 2)
    }
}
