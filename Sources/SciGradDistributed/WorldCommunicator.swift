import CMPI
import Foundation

/// Runs `body` as one process of an MPI job (started by `mpirun -np N` or Slurm's `srun`): initializes MPI, hands
/// `body` the communicator over every process, and finalizes MPI when it returns.
///
/// An error thrown by `body` on any rank is printed to standard error with the rank's number, and the whole job is
/// stopped (`MPI_Abort`, exit code 1): the other ranks would otherwise wait forever in their next collective. MPI can
/// be initialized once per process, so this is called once, around the whole program.
///
/// ```swift
/// withWorldCommunicator { world in
///     if world.isRoot { print("\(world.size) ranks") }
///     try train(on: world)
/// }
/// ```
public func withWorldCommunicator<Result>(_ body: (Communicator) throws -> Result) -> Result {
    var initialized: Int32 = 0
    MPI_Initialized(&initialized)
    precondition(initialized == 0, "withWorldCommunicator: MPI was already initialized in this process")
    var provided: Int32 = 0
    // Serialized: the kernels run on several threads, but MPI is called from one thread at a time.
    MPI_Init_thread(nil, nil, Int32(MPI_THREAD_SERIALIZED), &provided)
    var rank = -1
    do {
        let world = try Communicator(handle: scigrad_mpi_comm_world())
        rank = world.rank
        let result = try body(world)
        MPI_Finalize()
        return result
    } catch {
        FileHandle.standardError.write(Data("rank \(rank): error: \(error)\n".utf8))
        MPI_Abort(scigrad_mpi_comm_world(), 1)
        fatalError("MPI_Abort returned")
    }
}
