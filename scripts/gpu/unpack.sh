#!/usr/bin/env bash
# Sourced by the device scripts: unpacks NAME.tar.xz (carried; see package.sh) into NAME/ when
# NAME/ is not there already.   usage: source scripts/gpu/unpack.sh .device
pf_unpack() {
  local name=$1
  if [ ! -d "$name" ] && [ -f "$name.tar.xz" ]; then tar -xJf "$name.tar.xz"; fi
  [ -d "$name" ] || { echo "error: $name/ (or $name.tar.xz) is missing: run scripts/gpu/package*.sh here and carry it" >&2; exit 2; }
}
pf_unpack "$1"
