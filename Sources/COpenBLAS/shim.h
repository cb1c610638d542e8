// CBLAS (OpenBLAS) and LAPACKE, from Debian's libopenblas-dev and liblapacke-dev.
#include <cblas.h>
#include <lapacke.h>

// OpenBLAS's thread-server entry points (exported by libopenblas, not declared in its headers): re-read the
// OPENBLAS_* environment variables, stop the worker threads, start them again with the settings read.
void openblas_read_env(void);
int blas_thread_shutdown_(void);
int blas_thread_init(void);
unsigned int openblas_thread_timeout(void);
