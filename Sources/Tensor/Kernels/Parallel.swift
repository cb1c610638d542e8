import Dispatch
import Foundation

/// Splits large loops across the machine's cores; small ones run on the calling thread.
enum Parallel {
    /// Number of worker chunks for a large loop (the core count).
    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Work, in element-operations, below which threading costs more than it saves.
    static let threshold = 1 << 17

    /// Calls `body` on disjoint subranges covering `0..<count`, in parallel when `count · cost` is large.
    ///
    /// `cost` is a rough per-element weight (1 for an add, ~10 for a transcendental function).
    @inline(__always)
    static func forEachChunk(count: Int, cost: Int = 1, _ body: (Range<Int>) -> Void) {
        let chunks = count * cost >= threshold && count >= 2 ? min(cores, count) : 1
        if chunks == 1 {
            body(0..<count)
            return
        }
        withoutActuallyEscaping(body) { body in
            let box = UnsafeSendable(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = count * chunk / chunks
                let end = count * (chunk + 1) / chunks
                box.value(start..<end)
            }
        }
    }
}

/// Carries a value that is safe to share across the threads of one parallel loop (the caller guarantees the
/// threads touch disjoint memory) past Swift's `Sendable` checking.
struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
