#!/usr/bin/env bash
# Installs the system libraries SciGrad links against (OpenBLAS with CBLAS, LAPACKE) when they are missing.
# Debian/Ubuntu; runs apt-get as root, or through sudo.
set -euo pipefail
if pkg-config --exists openblas 2>/dev/null && [ -f /usr/include/lapacke.h ] && [ -f /usr/include/zlib.h ]; then
  exit 0
fi
echo "scigrad: installing libopenblas-dev, liblapacke-dev, zlib1g-dev and pkg-config (apt-get)" >&2
as_root=""
[ "$(id -u)" -eq 0 ] || as_root="sudo"
$as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq libopenblas-dev liblapacke-dev zlib1g-dev pkg-config >/dev/null
