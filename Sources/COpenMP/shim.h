// GNU OpenMP's runtime (libgomp, GCC's; oneDNN's Debian build runs its threads on it). Declared here rather than
// through omp.h, which the Swift toolchain's clang does not ship: a parallel region is GOMP_parallel(fn, data,
// threads, 0), which runs fn(data) on every thread of the team, the calling thread included, and returns when all
// are done.
void GOMP_parallel(void (*fn)(void *), void *data, unsigned num_threads, unsigned flags);
int omp_get_thread_num(void);
int omp_get_num_threads(void);
