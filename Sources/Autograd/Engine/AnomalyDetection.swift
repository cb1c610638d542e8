import Synchronization
import Tensor

/// Anomaly mode: inside `detectingAnomalies { … }` every recorded op checks its result, and every backward step
/// the gradients it returns, and the first one that is NaN or ±∞ stops the program with a message naming the op,
/// the pass (forward or backward) and the shapes.
///
/// It stops as PyTorch's `torch.autograd.detect_anomaly()` raises at the op: a precondition failure (whose message
/// is kept in release builds) rather than a thrown error, because ops do not throw. Use it to find where a NaN
/// starts, then remove it; it costs a pass over every result and gradient.
///
/// ```swift
/// detectingAnomalies {
///     let loss = Loss.meanSquaredError(model(x), y)
///     loss.backward()
/// }
/// // Fatal error: anomaly: the forward pass of 'log' produced NaN or ∞: result [16, 1] float64 from inputs [16, 1] (non-finite: none)
/// ```
public func detectingAnomalies<R>(_ body: () throws -> R) rethrows -> R {
    _ = AnomalyDetection.activeScopes.add(1, ordering: .relaxed)
    defer { _ = AnomalyDetection.activeScopes.subtract(1, ordering: .relaxed) }
    return try AnomalyDetection.$isEnabled.withValue(true, operation: body)
}

enum AnomalyDetection {
    @TaskLocal static var isEnabled = false
    /// Scopes open in any task: when zero (the usual case) no op reads the task-local flag.
    static let activeScopes = Atomic<Int>(0)

    /// Whether checks are on for the current task.
    @inline(__always) static var isActive: Bool {
        activeScopes.load(ordering: .relaxed) > 0 && isEnabled
    }

    /// Stops when the result `value` of the op `name` on `inputs` is not finite.
    static func checkForward(_ name: String, _ value: Tensor, _ inputs: [Variable]) {
        guard isActive, !value.isAllFinite else { return }
        let nonFinite = inputs.indices.filter { !inputs[$0].value.isAllFinite }
        preconditionFailure(
            "anomaly: the forward pass of '\(name)' produced NaN or ∞: result \(value.shape) \(value.dtype) from "
                + "inputs \(inputs.map(\.shape).map { "\($0)" }.joined(separator: ", ")) (non-finite inputs: "
                + (nonFinite.isEmpty ? "none" : nonFinite.map(String.init).joined(separator: ", ")) + ")")
    }

    /// Stops when a gradient the pullback of `name` returned is not finite.
    static func checkBackward(_ name: String, incoming: Variable, returned: [Variable?], inputs: [Variable]) {
        guard isActive else { return }
        for (i, gradient) in returned.enumerated() {
            guard let gradient, !gradient.value.isAllFinite else { continue }
            preconditionFailure(
                "anomaly: the backward pass of '\(name)' returned NaN or ∞ as the gradient of input \(i) "
                    + "\(inputs[i].shape) (gradient \(gradient.shape), incoming gradient \(incoming.shape), "
                    + (incoming.value.isAllFinite ? "finite" : "itself non-finite") + ")")
        }
    }
}
