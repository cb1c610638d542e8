import ArgumentParser

/// `scigrad-distributed`: the data-parallel commands, run under `mpirun -np N` (or Slurm's `srun`). A separate
/// program from `scigrad` because it links Open MPI, which a machine without MPI does not have.
@main
struct SciGradDistributedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scigrad-distributed",
        abstract: "SciGrad data-parallel training over MPI (run it under mpirun -np N).",
        subcommands: [TrainDemoCommand.self, DistributedBenchCommand.self])
}
