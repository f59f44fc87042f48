#!/usr/bin/env bash
# Runs the job-array recipe on a one-node Slurm cluster started here, for trying it and for the tests:
# writes a slurm.conf for this machine into a temporary folder, starts munged, slurmctld and slurmd
# (as root, without cgroups), submits dlnet-shards.sbatch as an array of SHARDS tasks, waits for it,
# checks the finished run folder and stops the daemons. Needs the Debian packages slurm-wlm and munge.
#
#   examples/slurm/local-cluster.sh                    # quick preset on a synthetic 12-cell fleet, 2 shards
#   SHARDS=4 examples/slurm/local-cluster.sh --config my.json --data fleet.csv --out /tmp/run
#
# Environment: SHARDS (default 2), CPUS_PER_TASK (default 2: --threads of every shard), DLNET (the dlnet
# command; default: dlnet on the PATH, else this repository's build), TIMEOUT (seconds, default 600),
# KEEP=1 keeps the temporary folder (logs, slurm.conf). Arguments: dlnet run options, --out included.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
shards=${SHARDS:-2}
cpus=${CPUS_PER_TASK:-2}
timeout=${TIMEOUT:-600}

for tool in munged slurmctld slurmd sbatch scontrol sinfo; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found: apt-get install slurm-wlm munge" >&2; exit 3; }
done
[ "$(id -u)" = 0 ] || { echo "error: the local cluster runs its daemons as root; run as root" >&2; exit 3; }

if [ -z "${DLNET:-}" ]; then
  if command -v dlnet >/dev/null; then DLNET=dlnet
  else
    cli="$repo/src/Dlnet.Cli/bin/Release/net10.0/Dlnet.Cli.dll"
    [ -f "$cli" ] || dotnet build "$repo/src/Dlnet.Cli" -c Release -v quiet >/dev/null
    DLNET="dotnet $cli"
  fi
fi
export DLNET
read -r -a dlnet <<< "$DLNET"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlnet-slurm-XXXXXX")
chmod 755 "$tmp"
pids=()
stop() {
  local code=$?
  SLURM_CONF="$tmp/slurm.conf" scontrol shutdown >/dev/null 2>&1 || true
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  # munged is not this shell's child: wait until it has gone, so it writes nothing into a folder being removed.
  if [ -f "$tmp/munged.pid" ]; then
    munge_pid=$(cat "$tmp/munged.pid")
    kill "$munge_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$munge_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $tmp"
  else
    # A step daemon may still be closing its log: try again before giving up, and never change the exit code.
    for _ in 1 2 3 4 5; do rm -rf "$tmp" 2>/dev/null && break; sleep 0.5; done
    [ -e "$tmp" ] && echo "warning: could not remove $tmp" >&2
  fi
  exit "$code"
}
trap stop EXIT
trap 'exit 143' TERM INT

# Ports nobody listens on.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

# munge: a fresh key, its socket in the temporary folder.
dd if=/dev/urandom of="$tmp/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge.key"
munged --key-file="$tmp/munge.key" --socket="$tmp/munge.socket" --pid-file="$tmp/munged.pid" \
  --log-file="$tmp/munged.log" --seed-file="$tmp/munged.seed" --force

node=$(hostname -s)
mkdir -p "$tmp/state" "$tmp/spool" "$tmp/logs"
# No cgroups (containers rarely give them): processes tracked through /proc, no task binding, no accounting.
# config_overrides lets the node offer SHARDS x CPUS_PER_TASK CPUs, so every shard runs at once.
cat > "$tmp/slurm.conf" <<CONF
ClusterName=dlnet-local
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge.socket
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SlurmdParameters=config_overrides
NodeName=$node NodeAddr=127.0.0.1 CPUs=$((shards * cpus)) RealMemory=4000 State=UNKNOWN
PartitionName=local Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$tmp/slurm.conf"
slurmctld -D -f "$SLURM_CONF" >"$tmp/slurmctld.out" 2>&1 & pids+=($!)
slurmd -D -f "$SLURM_CONF" >"$tmp/slurmd.out" 2>&1 & pids+=($!)
for _ in $(seq 150); do
  [ "$(sinfo -h -N -o %t 2>/dev/null)" = idle ] && break
  sleep 0.2
done
if [ "$(sinfo -h -N -o %t 2>/dev/null)" != idle ]; then
  echo "error: the local Slurm node did not come up; its logs:" >&2
  tail -n 20 "$tmp"/slurmctld.log "$tmp"/slurmd.log "$tmp"/*.out >&2 || true
  exit 3
fi

# Without arguments: the quick preset on a synthetic fleet of 12 cells.
args=("$@")
if [ ${#args[@]} -eq 0 ]; then
  "${dlnet[@]}" data synth --cells 12 --seed 3 --out "$tmp/fleet.csv" --quiet
  args=(--preset quick --data "$tmp/fleet.csv" --out "$tmp/run")
fi
out=""
for ((i = 0; i < ${#args[@]}; i++)); do [ "${args[i]}" = --out ] && out=${args[i + 1]:-}; done
[ -n "$out" ] || { echo "error: give the run folder with --out" >&2; exit 1; }

echo "local Slurm up ($node, $((shards * cpus)) CPUs); submitting $shards shards of: dlnet run ${args[*]}"
start=$(date +%s)
set +e
timeout "$timeout" sbatch --wait --array="0-$((shards - 1))" --cpus-per-task="$cpus" \
  --chdir="$tmp" --output="$tmp/logs/shard-%a.log" "$here/dlnet-shards.sbatch" "${args[@]}"
code=$?
set -e
for log in "$tmp"/logs/shard-*.log; do echo "== $(basename "$log")"; tail -n 3 "$log"; done
if [ $code -ne 0 ]; then
  echo "error: the job array failed (sbatch exit $code); shard logs above, daemon logs in $tmp (KEEP=1 keeps them)" >&2
  exit 3
fi
if [ ! -f "$out/summary.json" ] || [ ! -f "$out/firmware/deploy.json" ]; then
  echo "error: the array ended but $out has no summary.json or firmware/deploy.json" >&2
  exit 3
fi
echo "the job array finished in $(( $(date +%s) - start )) s: $out/summary.json, $out/firmware/"
