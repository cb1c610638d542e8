// MPI (Open MPI from Debian's libopenmpi-dev; found by pkg-config ompi-c).
// Open MPI's predefined handles (MPI_COMM_WORLD, MPI_DOUBLE, MPI_SUM, …) are macros taking the address of a global,
// which Swift cannot import; these functions return them.
#include <mpi.h>

static inline MPI_Comm scigrad_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Errhandler scigrad_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline MPI_Datatype scigrad_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype scigrad_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype scigrad_mpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Op scigrad_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op scigrad_mpi_max(void) { return MPI_MAX; }
static inline void *scigrad_mpi_in_place(void) { return MPI_IN_PLACE; }
