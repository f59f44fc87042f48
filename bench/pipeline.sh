#!/usr/bin/env bash
# Wall time of `dlnet run` for a preset, from a fresh run folder, recorded in bench/results/pipeline.json.
#
#   bench/pipeline.sh quick                       # built-in synthetic fleet
#   bench/pipeline.sh paper [DATA]                # real data, default ../shared/data/mit-stanford-soh
#   THREADS=2 NICE=10 bench/pipeline.sh paper     # cores to use, and nice level on a shared machine
#
# Each preset's entry in the results file is replaced; the others are kept. Needs dotnet and jq.
set -euo pipefail

preset="${1:?usage: bench/pipeline.sh quick|paper [DATA]}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
results="$repo/bench/results/pipeline.json"
threads="${THREADS:-$(nproc)}"
nice_level="${NICE:-0}"
command -v jq > /dev/null || { echo "error: jq is needed to write $results" >&2; exit 3; }

data_args=()
case "$preset" in
  quick) data_source="builtin" ;;
  paper)
    data_source="$(cd "${2:-$repo/../shared/data/mit-stanford-soh}" && pwd)"
    data_args=(--data "$data_source") ;;
  *) echo "error: unknown preset '$preset' (quick or paper)" >&2; exit 1 ;;
esac

dotnet build "$repo/src/Dlnet.Cli" -c Release --nologo -v quiet > /dev/null
cli="$repo/src/Dlnet.Cli/bin/Release/net10.0/Dlnet.Cli.dll"
out="$(mktemp -d "${TMPDIR:-/tmp}/dlnet-bench-$preset.XXXXXX")"
log="$out.log"

commit="$(git -C "$repo" rev-parse --short HEAD)"  # the code that runs, whatever is committed meanwhile
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
start="$(date +%s.%N)"
nice -n "$nice_level" dotnet "$cli" run --preset "$preset" "${data_args[@]}" --threads "$threads" --out "$out/run" --plain > "$log" 2>&1 \
  || { echo "error: the run failed; see $log" >&2; exit 3; }
end="$(date +%s.%N)"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

summary="$out/run/summary.json"
entry="$(jq -n \
  --arg preset "$preset" --arg data "$data_source" --argjson threads "$threads" --argjson nice "$nice_level" \
  --argjson wall "$(echo "$end - $start" | bc)" --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --arg cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" --argjson cores "$(nproc)" \
  --arg load_before "$load_before" --arg load_after "$load_after" --arg dotnet "$(dotnet --version)" \
  --arg commit "$commit" \
  --slurpfile s "$summary" '{
    preset: $preset, data: $data, date: $date, commit: $commit, dotnet: $dotnet,
    machine: { cpu: $cpu, cores: $cores, load_average_before: $load_before, load_average_after: $load_after },
    threads: $threads, nice: $nice,
    wall_seconds: ($wall * 10 | round / 10),
    candidates: ($s[0].candidates | group_by(.stage) | map({ key: .[0].stage, value: length }) | from_entries),
    final: $s[0].final | { name, int8_bytes, macs },
    ablation: $s[0].ablation
  }')"

mkdir -p "$(dirname "$results")"
[ -f "$results" ] || echo '{}' > "$results"
jq --arg preset "$preset" --argjson entry "$entry" '.[$preset] = $entry' "$results" > "$results.tmp" && mv "$results.tmp" "$results"
echo "$entry" | jq '{ preset, wall_seconds, final, ablation }'
echo "run folder $out/run, log $log; results in $results"
