#!/usr/bin/env bash
# Installs the system libraries SciGrad builds on (OpenBLAS with CBLAS, LAPACKE, oneDNN, Eigen's headers) when they are missing;
# with --mpi, also Open MPI (libopenmpi-dev, openmpi-bin) for the data-parallel targets (docs/distributed.md).
# Debian/Ubuntu; runs apt-get as root, or through sudo.
set -euo pipefail
packages=()
pkg-config --exists openblas 2>/dev/null && [ -f /usr/include/lapacke.h ] && [ -f /usr/include/zlib.h ] ||
  packages+=(libopenblas-dev liblapacke-dev zlib1g-dev pkg-config)
[ -f /usr/include/oneapi/dnnl/dnnl.h ] || packages+=(libdnnl-dev)
[ -f /usr/include/eigen3/Eigen/Core ] || packages+=(libeigen3-dev)
if [ "${1:-}" = "--mpi" ]; then
  pkg-config --exists ompi-c 2>/dev/null && command -v mpirun >/dev/null || packages+=(libopenmpi-dev openmpi-bin pkg-config)
fi
[ ${#packages[@]} -eq 0 ] && exit 0
echo "scigrad: installing ${packages[*]} (apt-get)" >&2
as_root=""
[ "$(id -u)" -eq 0 ] || as_root="sudo"
$as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq "${packages[@]}" >/dev/null
