#!/usr/bin/env bash
# Sourced by the device scripts: unpacks NAME.tar.xz (carried; see package.sh) into NAME/ when
# NAME/ is not there already, and puts NAME/lib (the libraries the GPU image lacks) and CUDA's on
# the library path.   usage: source scripts/gpu/unpack.sh .device
pf_unpack() {
  local name=$1
  if [ ! -d "$name" ] && [ -f "$name.tar.xz" ]; then tar -xJf "$name.tar.xz"; fi
  [ -d "$name" ] || { echo "error: $name/ (or $name.tar.xz) is missing: run scripts/gpu/package*.sh here and carry it" >&2; exit 2; }
  export LD_LIBRARY_PATH="$PWD/$name/lib:/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}"
}
pf_unpack "$1"
