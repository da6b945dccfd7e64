#!/usr/bin/env bash
# Runs porefield sweeps through a real Slurm: a one-node cluster on this machine (munged,
# slurmctld and slurmd started from a temporary directory), then
#   1. a 2-point sweep submitted as a job array with `sbatch --wait`; `porefield collect` must
#      report both points finished;
#   2. a 1-point sweep whose running task gets USR1 (`scancel --signal=USR1 --batch`), as Slurm
#      sends it 120 s before a time limit: the trap requeues the task and the point completes on
#      the second attempt, continuing from the checkpoint porefield wrote on USR1.
#
# It installs slurm-wlm and munge with apt, so it runs only as root on Debian and only when
# CI=true or PF_SLURM_TEST=1; otherwise, and where the daemons cannot run here, it prints
# "slurm-ci: SKIP: <why>" and exits 0. A failed check exits 1. Everything is bounded in time
# (PF_SLURM_TIMEOUT seconds per wait, default 120).
#
#   PF_SLURM_TEST=1 bash scripts/slurm/ci_local_slurm.sh     # after building build/porefield
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
PF=${PF_BINARY:-$ROOT/build/porefield}
TIMEOUT=${PF_SLURM_TIMEOUT:-120}

say() { echo "slurm-ci: $*"; }
skip() {
  say "SKIP: $*"
  exit 0
}
fail() {
  say "FAIL: $*"
  exit 1
}

[[ ${CI:-} == true || ${PF_SLURM_TEST:-} == 1 ]] ||
  skip "set PF_SLURM_TEST=1 (CI=true does it too) to install slurm-wlm/munge and start a local Slurm"
[[ $(id -u) -eq 0 ]] || skip "needs root (apt-get install, slurmd)"
[[ -f /etc/debian_version ]] || skip "needs Debian (apt-get)"
[[ -x $PF ]] || fail "$PF not found: build first (scripts/build.sh)"

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  say "installing slurm-wlm and munge"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      slurm-wlm munge >/dev/null; } || skip "apt-get install slurm-wlm munge failed"
fi

WORK=$(mktemp -d /tmp/pf-slurm.XXXXXX)
chmod 755 "$WORK"
HOST=$(hostname -s)
PORT=${PF_SLURM_PORT:-17817}
export SLURM_CONF=$WORK/slurm.conf
pids=()
cleanup() {
  local rc=$?
  scancel --quiet --user root >/dev/null 2>&1 || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  if [[ $rc -eq 0 ]]; then rm -rf "$WORK"; else say "logs kept in $WORK"; fi
}
trap cleanup EXIT

# munge: its own key, socket and logs under $WORK.
mkdir -p "$WORK/munge" && chmod 700 "$WORK/munge"
dd if=/dev/urandom of="$WORK/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$WORK/munge/munge.key"
SOCKET=$WORK/munge/munge.socket.2
munged --foreground --force --key-file="$WORK/munge/munge.key" --socket="$SOCKET" \
  --pid-file="$WORK/munge/munged.pid" --log-file="$WORK/munge/munged.log" --seed-file="$WORK/munge/munged.seed" \
  >"$WORK/munge/stdout.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [[ -S $SOCKET ]] && break; sleep 0.1; done
[[ -S $SOCKET ]] || skip "munged did not start: $(tail -n 3 "$WORK/munge/munged.log" "$WORK/munge/stdout.log" 2>/dev/null | tr '\n' ' ')"

MEM_MB=$(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo)
mkdir -p "$WORK/state" "$WORK/spool"
cat >"$SLURM_CONF" <<EOF
ClusterName=pfci
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
# A requeued job waits cred_expire seconds (default 120) before it may start again.
AuthInfo=socket=$SOCKET,cred_expire=10
CredType=cred/munge
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=600
KillWait=5
InactiveLimit=0
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=2 RealMemory=$MEM_MB State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF

slurmctld -D -i -f "$SLURM_CONF" >"$WORK/slurmctld.stdout" 2>&1 &
pids+=($!)
slurmd -D -N "$HOST" -f "$SLURM_CONF" >"$WORK/slurmd.stdout" 2>&1 &
pids+=($!)
state=""
for _ in $(seq 60); do
  state=$(sinfo -h -o %T 2>/dev/null || true)
  [[ $state == idle* ]] && break
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null ||
    skip "a Slurm daemon exited at start-up: $(tail -n 2 "$WORK"/slurmctld.log "$WORK"/slurmd.log "$WORK"/*.stdout 2>/dev/null | tr '\n' ' ')"; done
  sleep 0.5
done
[[ $state == idle* ]] ||
  skip "node not idle after 30 s (state '${state}'): $(tail -n 3 "$WORK/slurmd.log" "$WORK/slurmctld.log" 2>/dev/null | tr '\n' ' ')"
say "one-node Slurm up: $(sinfo -h -o '%P %D %c CPUs %T') (slurm $(sinfo -V | awk '{print $2}'))"

# A tiny membrane: the default config on a 16 x 16 x 8 grid for 20 steps.
BASE=$ROOT/configs/membrane_default.toml
cat >"$WORK/two.toml" <<EOF
base = "$BASE"
[[axis]]
key = "model.chi_B"
values = [450.0, 600.0]
[[axis]]
key = "grid.shape"
values = [[16, 16, 8]]
[[axis]]
key = "time.end"
values = [4.0]
EOF
"$PF" sweep "$WORK/two.toml" --output "$WORK/two" --slurm --max-parallel 2 >/dev/null
t0=$(date +%s)
timeout "$TIMEOUT" sbatch --wait --quiet --time=5 "$WORK/two/sweep.sbatch" ||
  fail "the job array did not complete (exit $?): $(cat "$WORK"/two/logs/*.out 2>/dev/null | tail -n 5 | tr '\n' ' ')"
collected=$("$PF" collect "$WORK/two")
say "job array of 2 points done in $(($(date +%s) - t0)) s; $collected"
[[ $collected == *"2 points: 2 finished, 0 failed, 0 pending"* ]] || fail "expected 2 finished points"

# USR1 mid-run: a 1-point sweep that runs ~10 s, signalled once porefield is stepping.
cat >"$WORK/long.toml" <<EOF
base = "$BASE"
[[axis]]
key = "grid.shape"
values = [[32, 32, 16]]
[[axis]]
key = "time.end"
values = [160.0]
EOF
"$PF" sweep "$WORK/long.toml" --output "$WORK/long" --slurm >/dev/null
job=$(sbatch --parsable --time=5 "$WORK/long/sweep.sbatch")
job=${job%%;*}
log="$WORK/long/logs/${job}_0.out"
deadline=$(($(date +%s) + TIMEOUT))
until grep -q '^step ' "$log" 2>/dev/null; do
  (($(date +%s) < deadline)) || fail "task ${job}_0 never started stepping: $(squeue -h -j "$job" -o '%T %r' 2>&1)"
  sleep 0.5
done
scancel --batch --signal=USR1 "${job}_0"
say "sent USR1 to the batch shell of ${job}_0 while it was running"
until [[ -f $WORK/long/point_0000/out/run.json ]] && [[ -z $(squeue -h -j "$job" 2>/dev/null) ]]; do
  (($(date +%s) < deadline)) || fail "requeued task did not complete: $(squeue -h -j "$job" -o '%T %r' 2>&1); log: $(tail -n 5 "$log" | tr '\n' ' ')"
  sleep 1
done
restarts=$(scontrol show job "${job}_0" 2>/dev/null | grep -o 'Restarts=[0-9]*' || true)
grep -q 'USR1 at' "$log" || fail "the trap did not run: $(tr '\n' ' ' <"$log")"
grep -q 'attempt 2' "$log" || fail "the task was not requeued ($restarts): $(tr '\n' ' ' <"$log")"
grep -q 'attempt 2, .*from checkpoint_' "$log" || fail "attempt 2 did not continue from a checkpoint: $(tr '\n' ' ' <"$log")"
collected=$("$PF" collect "$WORK/long")
[[ $collected == *"1 finished, 0 failed"* ]] || fail "point not finished after the requeue: $collected"
say "USR1 -> trap -> scontrol requeue -> attempt 2 completed ($restarts); $collected"
# The batch templates, without their GPU requests (this node has no GPU): porefield falls back to
# the CPU. single_gpu: one config; multi_gpu_node: 2 workers on the 4 points of the example sweep;
# multi_node: srun with 2 tasks on this one node.
for t in single_gpu multi_gpu_node multi_node; do
  grep -v -e '--gres' -e '--gpus-per-task' "$ROOT/scripts/slurm/$t.sbatch" >"$WORK/$t.sbatch"
done
export POREFIELD=$PF PF_SLURM_SCRIPTS=$ROOT/scripts/slurm
t0=$(date +%s)
timeout "$TIMEOUT" sbatch --wait --quiet --time=5 --cpus-per-task=1 --output="$WORK/single.out" \
  --export=ALL,PF_BACKEND=auto "$WORK/single_gpu.sbatch" "$WORK/two/point_0000/config.toml" "$WORK/single" ||
  fail "single_gpu.sbatch: $(tail -n 3 "$WORK/single.out" | tr '\n' ' ')"
[[ -f $WORK/single/run.json ]] || fail "single_gpu.sbatch wrote no run.json: $(tail -n 3 "$WORK/single.out" | tr '\n' ' ')"
"$PF" sweep "$ROOT/configs/sweeps/example_chi_sweep.toml" --output "$WORK/chi" >/dev/null
timeout "$TIMEOUT" sbatch --wait --quiet --time=5 --cpus-per-task=2 --output="$WORK/node.out" \
  --export=ALL,PF_GPUS=2 "$WORK/multi_gpu_node.sbatch" "$WORK/chi" ||
  fail "multi_gpu_node.sbatch: $(tail -n 3 "$WORK/node.out" | tr '\n' ' ')"
collected=$("$PF" collect "$WORK/chi")
[[ $collected == *"4 points: 4 finished"* ]] || fail "multi_gpu_node.sbatch: $collected; $(tr '\n' ' ' <"$WORK/node.out")"
grep -q 'worker 1 of 2' "$WORK/node.out" || fail "multi_gpu_node.sbatch did not start 2 workers"
"$PF" sweep "$WORK/two.toml" --output "$WORK/srun" >/dev/null
timeout "$TIMEOUT" sbatch --wait --quiet --time=5 --nodes=1 --ntasks=2 --ntasks-per-node=2 --cpus-per-task=1 \
  --output="$WORK/srun.out" "$WORK/multi_node.sbatch" "$WORK/srun" ||
  fail "multi_node.sbatch: $(tail -n 3 "$WORK/srun.out" | tr '\n' ' ')"
collected=$("$PF" collect "$WORK/srun")
[[ $collected == *"2 points: 2 finished"* ]] || fail "multi_node.sbatch: $collected; $(tr '\n' ' ' <"$WORK/srun.out")"
grep -q 'worker 1 of 2' "$WORK/srun.out" || fail "multi_node.sbatch did not start 2 srun tasks"
say "templates (GPU requests removed) done in $(($(date +%s) - t0)) s: single_gpu run, multi_gpu_node 2 workers x 4 points, multi_node srun 2 tasks x 2 points"

say "task log of the signalled point:"
grep -v '^step ' "$log" | sed 's/^/  /'
say "OK: job array, USR1 requeue, the three batch templates"
