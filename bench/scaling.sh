#!/usr/bin/env bash
# Growth of the paper preset's time and memory with the fleet (docs/scaling.md): the built-in fleet of each
# size given, written to a file, loaded, and run through every stage with EPOCHS epochs per training stage,
# one process per size; each size's entry in bench/results/scaling.json is replaced, then the plots are drawn.
#
#   bench/scaling.sh                       # 50, 500 and 5000 cells, 1 epoch per stage
#   bench/scaling.sh 50 500 2000           # other sizes
#   EPOCHS=2 THREADS=2 NICE=10 FORMAT=parquet bench/scaling.sh 50
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
epochs="${EPOCHS:-1}"
threads="${THREADS:-$(nproc)}"
nice_level="${NICE:-0}"
format="${FORMAT:-csv}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(50 500 5000)

dotnet build "$repo/bench/Dlnet.Bench" -c Release --nologo -v quiet > /dev/null
bench="$repo/bench/Dlnet.Bench/bin/Release/net10.0/Dlnet.Bench.dll"
work="$(mktemp -d "${TMPDIR:-/tmp}/dlnet-scaling.XXXXXX")"
trap 'rm -rf "$work"' EXIT

cd "$repo"
for cells in "${sizes[@]}"; do
  echo "== $cells cells, $epochs epoch(s) per training stage, $threads threads, $format" >&2
  nice -n "$nice_level" dotnet "$bench" scaling run --cells "$cells" --epochs "$epochs" --threads "$threads" \
    --format "$format" --out bench/results/scaling.json --work "$work" > "$work/$cells.log" 2>&1 \
    || { cat "$work/$cells.log" >&2; echo "error: the $cells-cell run failed" >&2; exit 3; }
  rm -rf "$work/run-$cells" "$work"/fleet-"$cells".*
done
dotnet "$bench" scaling plot --in bench/results/scaling.json --out docs/scaling.png
