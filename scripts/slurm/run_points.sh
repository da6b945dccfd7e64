#!/usr/bin/env bash
# Worker of the multi-GPU Slurm templates: runs, one after another, the unfinished points of a
# porefield sweep whose index i has i % NWORKERS == WORKER. Each worker is one porefield process
# on one GPU (CUDA_VISIBLE_DEVICES is set by the caller or by srun --gpus-per-task).
#
#   run_points.sh SWEEP_DIR [WORKER NWORKERS]     # default: $SLURM_PROCID and $SLURM_NTASKS
#
# A point is finished when point_XXXX/out/run.json exists. An unfinished point whose out/ holds a
# checkpoint (out/checkpoint_<step>.h5, written on USR1/SIGTERM and every [output]
# checkpoint_every steps) continues from the newest one (porefield run --restart); one without a
# checkpoint has its partial out/ removed and starts from t = 0. stdout goes to
# point_XXXX/log.txt (appended), stderr to point_XXXX/error.txt (removed when empty). On USR1 the
# worker forwards the signal to porefield, which writes a checkpoint and exits 75, and takes no
# further point. Exit status 1 when a point failed. Environment: POREFIELD (binary,
# default porefield from PATH), PF_BACKEND (auto, cpu or cuda; default auto), OMP_NUM_THREADS.
set -u
# Each point is its own single-process run: an MPI build of porefield must not read srun's PMI
# variables as a request to join one MPI job with the other workers (docs/hpc.md).
unset PMI_RANK PMI_SIZE PMIX_RANK OMPI_COMM_WORLD_SIZE
SWEEP_DIR=${1:?usage: run_points.sh SWEEP_DIR [WORKER NWORKERS]}
WORKER=${2:-${SLURM_PROCID:-0}}
NWORKERS=${3:-${SLURM_NTASKS:-1}}
POREFIELD=${POREFIELD:-porefield}
BACKEND=${PF_BACKEND:-auto}
[[ -f $SWEEP_DIR/points.csv ]] || { echo "run_points.sh: $SWEEP_DIR is not a sweep directory (no points.csv)" >&2; exit 2; }

stop=0
child=0
on_usr1() {
  stop=1
  if [[ $child -ne 0 ]]; then kill -USR1 "$child" 2>/dev/null; fi
}
trap on_usr1 USR1

failed=0
for config in "$SWEEP_DIR"/point_*/config.toml; do
  dir=${config%/config.toml}
  name=${dir##*/}
  index=$((10#${name#point_}))
  ((index % NWORKERS == WORKER)) || continue
  [[ $stop -eq 0 ]] || break
  [[ -f $dir/out/run.json ]] && continue
  # Zero-padded step numbers: the last name in ls order is the newest; *.h5.tmp never matches.
  latest=$(ls "$dir"/out/checkpoint_*.h5 2>/dev/null | tail -1)
  restart=()
  if [[ -n $latest ]]; then
    restart=(--restart "$latest")
  else
    rm -rf "$dir/out"
  fi
  echo "worker $WORKER of $NWORKERS on $(hostname): $name${latest:+ from ${latest##*/}} (GPU ${CUDA_VISIBLE_DEVICES:-none}, OMP_NUM_THREADS=${OMP_NUM_THREADS:-unset})"
  "$POREFIELD" run "$config" --output "$dir/out" --backend "$BACKEND" ${restart[@]+"${restart[@]}"} >>"$dir/log.txt" 2>"$dir/error.txt" &
  child=$!
  while true; do
    wait "$child"
    rc=$?
    kill -0 "$child" 2>/dev/null || break
  done
  child=0
  if [[ $rc -eq 0 ]]; then
    [[ -s $dir/error.txt ]] || rm -f "$dir/error.txt"
  elif [[ $stop -eq 1 || $rc -eq 75 ]]; then
    echo "worker $WORKER: $name interrupted (exit $rc, 75 = checkpoint written); it continues from its checkpoint when the job is requeued"
  else
    failed=$((failed + 1))
    echo "worker $WORKER: $name failed (exit $rc): $(tail -n 1 "$dir/error.txt")" >&2
  fi
done
exit $((failed > 0 ? 1 : 0))
