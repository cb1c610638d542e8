import ArgumentParser
import Foundation
import Layers

/// `scigrad bench`: times the standard workloads of ../shared/bench/README.md under the same ids and writes the
/// same JSON, so `compare.py` can put them beside PyTorch's.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Time the standard workloads (ids as in the shared benchmark README).")

    @Option(help: "Comma-separated workload ids or prefixes (e.g. gemm.f32.1024,elem); default: all.")
    var ids: String?

    @Option(help: "Write the results as JSON to this file.")
    var out: String?

    @Flag(help: "List the workload ids and exit.")
    var list = false

    func run() throws {
        let all = Workloads.all
        if list {
            for workload in all { print(workload.id) }
            return
        }
        let wanted = ids?.split(separator: ",").map(String.init)
        let selected = all.filter { w in wanted?.contains { w.id == $0 || w.id.hasPrefix($0 + ".") } ?? true }
        if selected.isEmpty { throw ValidationError("no workload matches \(ids ?? "")") }
        var results: [[String: Any]] = []
        for workload in selected {
            let timing = workload.run()
            let record = timing.record(id: workload.id, unit: workload.unit)
            results.append(record)
            let scale = workload.unit == "us" ? 1e6 : 1e3
            print(
                String(
                    format: "%-28@ %10.4g %@ (min %.4g, max %.4g)%@", workload.id as NSString, timing.median * scale,
                    workload.unit, timing.minimum * scale, timing.maximum * scale,
                    workload.note().isEmpty ? "" : "  " + workload.note()))
        }
        if let out {
            let meta: [String: Any] = [
                "framework": "SciGrad", "cores": ProcessInfo.processInfo.activeProcessorCount,
                "date": ISO8601DateFormatter().string(from: Date()),
            ]
            let data = try JSONSerialization.data(
                withJSONObject: ["meta": meta, "results": results], options: [.prettyPrinted, .sortedKeys])
            try FileAccess.writeAtomically(Array(data), to: URL(fileURLWithPath: out))
        }
    }
}
