import Tensor

/// The sphere {θ : ‖θ‖ = r} as a constraint on a parameter (all its elements as one vector): the projection onto
/// it and onto its tangent space, for spherical gradient steps (project the gradient, step, retract).
public enum SphereProjection {
    /// r·θ/‖θ‖, the nearest point of the sphere (θ ≠ 0).
    public static func projected(_ point: Tensor, radius: Double = 1) -> Tensor {
        precondition(radius > 0, "SphereProjection.projected: the radius must be positive, got \(radius)")
        let norm = point.norm().item()
        precondition(
            norm > 0 && norm.isFinite, "SphereProjection.projected: cannot project \(point.shape) of norm \(norm)")
        return point * (radius / norm)
    }

    /// v − (v·θ̂)θ̂ with θ̂ = θ/‖θ‖: the component of `vector` tangent to the sphere through `point` (same shape).
    public static func tangentComponent(of vector: Tensor, at point: Tensor) -> Tensor {
        precondition(
            vector.shape == point.shape,
            "SphereProjection.tangentComponent: vector \(vector.shape) and point \(point.shape) differ in shape")
        let squaredNorm = point.square().sum().item()
        precondition(squaredNorm > 0, "SphereProjection.tangentComponent: the point is 0")
        return vector - point * ((vector * point).sum().item() / squaredNorm)
    }
}
