import Foundation

/// The process-wide, lock-protected cache of FFT plans, keyed by plan type (which encodes the
/// scalar type and complex/real kind) and length.
///
/// This is the FFT code's only shared mutable state. Plans are built outside the lock (building a
/// Bluestein plan looks up its inner plan here), so two threads may race to build the same plan;
/// the first one stored wins and both get it. When the cache holds `capacity` plans it is emptied
/// before the next insertion; plans already handed out stay valid.
final class FFTPlanCache: @unchecked Sendable {
    static let shared = FFTPlanCache()

    private struct Key: Hashable {
        var plan: ObjectIdentifier
        var n: Int
    }

    private let capacity = 256
    private let lock = NSLock()
    private var plans: [Key: AnyObject] = [:]

    /// The cached plan of type `Plan` for length `n`, built with `make(n)` on a miss.
    func plan<Plan: AnyObject & Sendable>(_ n: Int, make: (Int) -> Plan) -> Plan {
        let key = Key(plan: ObjectIdentifier(Plan.self), n: n)
        if let plan = lock.withLock({ plans[key] }) {
            return unsafeDowncast(plan, to: Plan.self)
        }
        let made = make(n)
        let stored: AnyObject = lock.withLock {
            if let existing = plans[key] { return existing }
            if plans.count >= capacity { plans.removeAll() }
            plans[key] = made
            return made
        }
        return unsafeDowncast(stored, to: Plan.self)
    }
}
