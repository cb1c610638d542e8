import Foundation

/// The number of cores this process may run on.
///
/// On Linux that is the size of the process's CPU affinity mask (`Cpus_allowed` in /proc/self/status), which
/// `taskset`, `mpirun --bind-to core` and Slurm's `--cpus-per-task` set: two MPI ranks bound to one core each then
/// run one thread each instead of both splitting their loops over every core of the machine.
/// `ProcessInfo.activeProcessorCount` ignores the mask; it is the fallback where the mask cannot be read.
enum AvailableCores {
    static let count: Int = max(1, affinityMaskSize() ?? ProcessInfo.processInfo.activeProcessorCount)

    /// The number of set bits of the hexadecimal mask on the `Cpus_allowed:` line (e.g. `ffffffff,0000000f`).
    static func affinityMaskSize(status path: String = "/proc/self/status") -> Int? {
        guard let status = try? String(contentsOfFile: path, encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") })
        else { return nil }
        var bits = 0
        for character in line.dropFirst("Cpus_allowed:".count) where character != "," && !character.isWhitespace {
            guard let digit = character.hexDigitValue else { return nil }
            bits += digit.nonzeroBitCount
        }
        return bits > 0 ? bits : nil
    }
}
