#!/usr/bin/env bash
# Runs on the GPU machine, in the repository root, with .device-mpi/ from scripts/gpu/package_mpi.sh:
# "a 2-process run on one GPU" (docs/hpc.md). The explicit-transpose FFT test on 1 and 2 CPU ranks,
# then tests/mpi/rank_count.toml (32 x 32 x 32 mirrored, slow-mode mobility, noise, 40 steps) on
#   r1_cpu   1 rank, CPU             r1_cuda  1 rank, GPU (serial cuFFT)
#   r2_cuda_staged  2 ranks on the one GPU, transposes staged through pinned host memory
#   r2_cuda_auto    2 ranks, PF_GPU_AWARE_MPI=auto (CUDA-aware only where the MPI says so)
# and compares each with r1_cpu and r1_cuda (scripts/gpu/compare_runs.py). Results go to $OUT
# (or gpu-results/). The system's mpirun is used when there is one, else the carried OpenMPI.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=${OUT:-gpu-results}
mkdir -p "$out"
source scripts/gpu/unpack.sh .device-mpi
d=$PWD/.device-mpi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=4
if command -v mpirun >/dev/null && [ -z "${PF_CARRIED_MPI:-}" ]; then
  mpirun=(mpirun)
else
  # Debian's OpenMPI, relocated; shared memory between the ranks of this one node.
  export OPAL_PREFIX="$d/openmpi" PMIX_MCA_mca_base_component_path="$d/openmpi/pmix2/lib/pmix"
  export OMPI_MCA_pml=ob1 OMPI_MCA_btl=self,vader OMPI_MCA_mca_base_component_show_load_errors=0
  mpirun=("$d/openmpi/bin/mpirun")
fi
mpirun+=(--oversubscribe --bind-to none)
bin=$d/bin
{ nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv; "$bin/porefield" --version; "${mpirun[@]}" --version | head -1; } |
  tee "$out/mpi_gpu.txt"

rc=0
for n in 1 2; do "${mpirun[@]}" -np "$n" "$bin/pf_mpi_fft_test" 2>&1 | tee -a "$out/mpi_gpu.txt" || rc=1; done

config=tests/mpi/rank_count.toml
run() {  # name, backend, then the launcher (if any)
  local name=$1 backend=$2; shift 2
  rm -rf "${out:?}/$name"
  "$@" "$bin/porefield" run "$config" --backend "$backend" --quiet --output "$out/$name" >"$out/$name.log" 2>&1
  echo "$name: exit $? ($(grep -o '"fft": "[^"]*"' "$out/$name/run.json" 2>/dev/null))" | tee -a "$out/mpi_gpu.txt"
}
run r1_cpu cpu
run r1_cuda cuda
run r2_cuda_staged cuda env PF_GPU_AWARE_MPI=off "${mpirun[@]}" -np 2
run r2_cuda_auto cuda "${mpirun[@]}" -np 2
run r2_cpu cpu "${mpirun[@]}" -np 2

python3 scripts/gpu/compare_runs.py "$out" r1_cuda r2_cuda_staged r2_cuda_auto 2>&1 | tee -a "$out/mpi_gpu.txt" || rc=1
python3 scripts/gpu/compare_runs.py "$out" r1_cpu r1_cuda r2_cuda_staged r2_cpu 2>&1 | tee -a "$out/mpi_gpu.txt" || rc=1
exit "$rc"
