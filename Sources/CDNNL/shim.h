// oneDNN's C API (Debian's libdnnl-dev): Tensor uses its sgemm, whose kernels are chosen at run time for the CPU.
#include <oneapi/dnnl/dnnl.h>
