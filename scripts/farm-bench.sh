#!/usr/bin/env bash
# Farm throughput on this machine (docs/scale-out.md): simulates one spill, replays it at full speed
# into `daq farm run` (local KRaft broker, N builder JVMs) and into `daq serve` for comparison, and
# prints one line per run:
#   farm-bench: mode=M builders=N events=E mb=B replay_s=R merged_s=T readout_ev_per_s=X farm_ev_per_s=Y
# replay_s: until the readout has taken every frame (the replayer's sockets drained);
# merged_s: until the merged spill summary is written (every event built, decided and stored).
# Usage: scripts/farm-bench.sh [peak|waveform] [EVENTS] [BUILDERS...]   (defaults: peak 50000 1 3)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
daq="$here/bin/daq"
mode=${1:-peak}; events=${2:-50000}; shift $(( $# > 2 ? 2 : $# )) || true
builders=("$@"); [[ ${#builders[@]} -gt 0 ]] || builders=(1 3)
work=$(mktemp -d /tmp/farm-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [[ $mode == peak ]]; then extra=(--encoding peak --zs); else extra=(--encoding waveform); fi
"$daq" simulate --out "$work/spill.na64raw" --events "$events" --rate 100000 "${extra[@]}" > /dev/null
mb=$(( $(stat -c %s "$work/spill.na64raw") / 1000000 ))
now() { date +%s.%N; }
rate() { awk -v e="$1" -v t="$2" 'BEGIN { printf "%.0f", e / t }'; }

for n in "${builders[@]}"; do
  dir="$work/farm-$n"
  "$daq" farm run --dir "$dir" --builders "$n" > "$work/out-$n" 2> "$work/err-$n" &
  farm=$!
  for _ in $(seq 1 300); do grep -q 'farm ready' "$work/out-$n" && break; sleep 0.5; done
  ingest=$(sed -n 's/farm ready: ingest=\([^ ]*\).*/\1/p' "$work/out-$n")
  t0=$(now)
  "$daq" replay --max --to "$ingest" "$work/spill.na64raw" > /dev/null 2>&1
  t1=$(now)
  until grep -q 'merged run' "$work/err-$n"; do sleep 0.1; done
  t2=$(now)
  kill -TERM "$farm"; wait "$farm" || true
  r=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  m=$(awk -v a="$t0" -v b="$t2" 'BEGIN { printf "%.2f", b - a }')
  echo "farm-bench: mode=$mode builders=$n events=$events mb=$mb replay_s=$r merged_s=$m readout_ev_per_s=$(rate "$events" "$r") farm_ev_per_s=$(rate "$events" "$m")"
done

# The single-node service on the same spill (daq replay into an embedded daq serve).
t0=$(now)
"$daq" replay --max --store "$work/serve" "$work/spill.na64raw" > /dev/null 2>&1
t1=$(now)
s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
echo "farm-bench: mode=$mode serve events=$events mb=$mb total_s=$s serve_ev_per_s=$(rate "$events" "$s") (includes JVM start)"
