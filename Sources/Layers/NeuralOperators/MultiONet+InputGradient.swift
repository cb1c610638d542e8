import Autograd
import Tensor

extension MultiONet {
    /// G(u)(y) and its gradient in the query point y, ∇_y G, in one forward pass: each trunk layer carries its
    /// Jacobian J = ∂t/∂y `[D, P, width]` (J_z = J·Wᵀ, J ← σ′(z)·J_z, as in `ForwardLaplacian`), and
    /// ∇_y G = (1/L) Σ_l w_l·b_l·J_lᵀ. Physics losses on u′ (weak forms) need nothing more, and the trunk's cost is
    /// paid once for all B inputs.
    ///
    /// Sensors `[B, m]`, points `[P, D]` → value `[B, P]`, gradient `[B, P, D]`.
    public func valueAndGradient(_ sensors: Variable, _ points: Variable) -> (value: Variable, gradient: Variable) {
        precondition(
            sensors.rank == 2 && points.rank == 2 && points.shape[1] == trunkLayers[0].inputDimensions,
            "MultiONet.valueAndGradient: sensors \(sensors.shape) and points \(points.shape) must be [B, m] and "
                + "[P, \(trunkLayers[0].inputDimensions)]")
        let (d, p) = (points.shape[1], points.shape[0])
        var (b, t) = (sensors, points)
        var jacobian = Variable(Tensor.eye(d, dtype: points.dtype).reshaped([d, 1, d]))
        var total: Variable?
        var totalGradient: Variable?
        let first = branchLayers.count - summedLayers
        for l in 0..<branchLayers.count {
            b = activation(branchLayers[l](b))
            let z = trunkLayers[l](t)
            let (y, slope, _) = ForwardLaplacian.activationDerivatives(activation, at: z)
            jacobian = slope.unsqueezed(axis: 0) * jacobian.matmul(trunkLayers[l].weight.variable.transposed())
            t = y
            guard l >= first else { continue }
            let weight = layerWeights.variable.narrowed(axis: 0, start: l - first, length: 1)
            let width = t.shape[1]
            let term = b.matmul(t.transposed()) * weight
            let gradientTerm = b.matmul(jacobian.reshaped([d * p, width]).transposed()) * weight  // [B, D·P]
            total = total.map { $0 + term } ?? term
            totalGradient = totalGradient.map { $0 + gradientTerm } ?? gradientTerm
        }
        let scale = 1 / Double(summedLayers)
        let mean = total! * scale
        let gradient = (totalGradient! * scale).reshaped([sensors.shape[0], d, p]).permuted([0, 2, 1])
        return (bias.map { mean + $0.variable } ?? mean, gradient)
    }
}
