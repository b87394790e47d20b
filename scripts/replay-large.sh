#!/usr/bin/env bash
# Acceptance 4 of issue 13: a recording larger than the heap. The emulator writes a waveform
# recording of over 300 MB (2 spills x 20000 triggers, ~330 MB); `daq replay --max` replays it with
# DAQ_JAVA_OPTS=-Xmx300m and again with -Xmx2g, each into its own store, and the two stores must
# dump the same (every event and spill summary, less the wall clock a spill was closed at).
# Before replay streamed from disk, the 300 MB run died with OutOfMemoryError.
#
#   scripts/replay-large.sh            # about a minute on the 2-core machine; OUT=/dir keeps the files
#
# The build timeout is raised to 60 s so that a loaded machine cannot make events incomplete in one
# run and not the other: the comparison is about memory, not about timing. Exit status 0 on success.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
out=${OUT:-$(mktemp -d /tmp/daq-replay-large-XXXXXX)}
mkdir -p "$out"
if [[ ! -f daq-app/target/daq-app.jar ]]; then ./mvnw -q -DskipTests package; fi

raw=$out/large.na64raw
if [[ ! -f $raw ]]; then
  bin/daq simulate --out "$raw" --spills 2 --events 20000 --seed 13 >/dev/null 2>"$out/simulate.log"
fi
size=$(stat -c %s "$raw")
echo "replay-large: recording $raw, $((size / 1048576)) MiB"
(( size > 300 * 1000 * 1000 )) || { echo "replay-large: FAIL recording is not over 300 MB"; exit 1; }
printf 'builder:\n  buildTimeoutMs: 60000\n' > "$out/replay.yaml"

for heap in 300m 2g; do
  rm -rf "$out/store-$heap"
  start=$(date +%s)
  if ! DAQ_JAVA_OPTS="-Xmx$heap" bin/daq replay --max --config "$out/replay.yaml" --store "$out/store-$heap" "$raw" \
      >"$out/replay-$heap.out" 2>"$out/replay-$heap.err"; then
    echo "replay-large: FAIL replay with -Xmx$heap exited non-zero (see $out/replay-$heap.err)"; exit 1
  fi
  if grep -q OutOfMemoryError "$out/replay-$heap.err" "$out/replay-$heap.out"; then
    echo "replay-large: FAIL OutOfMemoryError with -Xmx$heap"; exit 1
  fi
  bin/daq dump --store "$out/store-$heap" 2>/dev/null | sed -E 's/,"closed_wall_clock_ns":[0-9]+//' >"$out/dump-$heap.jsonl"
  echo "replay-large: -Xmx$heap replayed in $(( $(date +%s) - start )) s, $(grep -c '"kind":"event"' "$out/dump-$heap.jsonl") events stored"
  grep '"kind":"spill"' "$out/dump-$heap.jsonl" | cut -c1-160
done

if cmp -s "$out/dump-300m.jsonl" "$out/dump-2g.jsonl"; then
  echo "replay-large: PASS the -Xmx300m and -Xmx2g replays stored the same $(wc -l <"$out/dump-2g.jsonl") records ($out)"
else
  echo "replay-large: FAIL the stores differ: diff $out/dump-300m.jsonl $out/dump-2g.jsonl"; exit 1
fi
