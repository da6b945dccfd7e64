# Sourced by the wet slab sweeps (wet_sweep.sh, wet_two_sided_sweep.sh): the repository root,
# the output folder ($1 or runs/DEFAULT), the binary and the number of parallel runs (JOBS, 2).
# Usage: source "$(dirname "$0")/wet_slab_setup.sh" DEFAULT "$@"
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${2:-$root/runs/$1}"
mkdir -p "$out"
bin="$root/build/porefield"
jobs="${JOBS:-2}"
