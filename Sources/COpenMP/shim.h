// GNU OpenMP's runtime (libgomp, GCC's; oneDNN's Debian build runs its threads on it). Declared here rather than
// through omp.h, which the Swift toolchain's clang does not ship: a parallel region is GOMP_parallel(fn, data,
// threads, 0), which runs fn(data) on every thread of the team, the calling thread included, and returns when all
// are done.
void GOMP_parallel(void (*fn)(void *), void *data, unsigned num_threads, unsigned flags);
int omp_get_thread_num(void);
int omp_get_num_threads(void);
// A loop whose iterations the team takes as its threads become free (`schedule(dynamic, chunk)`):
// GOMP_parallel_loop_dynamic(fn, data, threads, start, end, 1, chunk, 0) runs fn(data) on every thread of the team;
// fn takes ranges with GOMP_loop_dynamic_next(&from, &to) until it returns false, then calls GOMP_loop_end_nowait().
void GOMP_parallel_loop_dynamic(void (*fn)(void *), void *data, unsigned num_threads, long start, long end, long incr,
                                long chunk_size, unsigned flags);
_Bool GOMP_loop_dynamic_next(long *istart, long *iend);
void GOMP_loop_end_nowait(void);
