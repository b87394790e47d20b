#!/usr/bin/env bash
# Soak test (issue 6, item 6): `bin/daq serve` fed by the front-end emulator at ~80 % of the maximum
# rate this machine sustains, for SOAK_MINUTES (default 10). Every minute it records the heap after
# a full GC (jcmd GC.run + GC.heap_info), the p99 decision latency over that minute (/metrics
# daq_decision_latency_recent_seconds) and the counters; at the end it checks that heap and p99 stayed
# flat and that every trigger sent was built complete, exactly once.
#
#   scripts/soak.sh                       # measure the maximum for MEASURE_SECONDS, then soak 10 min at 80 %
#   SOAK_MINUTES=2 SOAK_RATE=20000 scripts/soak.sh   # short run at a fixed rate (debugging)
#
# Environment: SOAK_MINUTES (10), SOAK_RATE (Hz; default 0.8 x measured), MEASURE_SECONDS (60),
# EVENTS_PER_SPILL (100000), SPILL_GAP_MS (1000), ENCODING (peak), OUT (a new directory under /tmp).
# Needs the build (./mvnw -q -DskipTests package) and the test classes (the feeder is a test main):
# the script runs `./mvnw -q -o -pl daq-app test-compile` if they are missing.
# Exit status 0 when every check passes. Results: $OUT/minutes.csv and $OUT/summary.txt.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

minutes=${SOAK_MINUTES:-10}
measure_seconds=${MEASURE_SECONDS:-60}
events_per_spill=${EVENTS_PER_SPILL:-100000}
gap_ms=${SPILL_GAP_MS:-1000}
encoding=${ENCODING:-peak}
out=${OUT:-$(mktemp -d /tmp/daq-soak-XXXXXX)}
mkdir -p "$out"

jar=daq-app/target/daq-app.jar
feeder_class=daq-app/target/test-classes/na64/daq/app/reliability/SoakFeeder.class
if [[ ! -f $jar ]]; then ./mvnw -q -DskipTests package; fi
if [[ ! -f $feeder_class ]]; then ./mvnw -q -o -pl daq-app test-compile; fi
# The Chronicle flags of bin/daq (parent pom property chronicle.jvm.flags).
jflags=$(sed -n 's/.*<chronicle.jvm.flags>\(.*\)<\/chronicle.jvm.flags>.*/\1/p' pom.xml)
cp="daq-app/target/test-classes:daq-app/target/classes:daq-app/target/lib/*"

serve_pid=""
cleanup() { if [[ -n $serve_pid ]] && kill -0 "$serve_pid" 2>/dev/null; then kill -TERM "$serve_pid"; wait "$serve_pid" || true; fi; }
trap cleanup EXIT

# Starts `bin/daq serve` on ephemeral ports with a fresh store; sets serve_pid, ingest, metrics.
start_serve() {
  local name=$1
  rm -rf "$out/store-$name"
  bin/daq serve --port 0 --http-port 0 --store "$out/store-$name" >"$out/serve-$name.out" 2>"$out/serve-$name.log" &
  serve_pid=$!
  for _ in $(seq 1 600); do
    if grep -q "daq serve: ingest on" "$out/serve-$name.out" 2>/dev/null; then break; fi
    sleep 0.1
  done
  ingest=$(grep -o 'ingest on /[0-9.]*:[0-9]*' "$out/serve-$name.out" | sed 's#ingest on /##')
  metrics=$(grep -o 'http://[^ ]*/metrics' "$out/serve-$name.out")
  echo "soak: serve ($name) pid $serve_pid, ingest $ingest, metrics $metrics"
}

metric() { # metric NAME_REGEX -> value of the first matching sample, as an integer (0 if none)
  curl -s "$metrics" | awk -v re="^$1" '$0 ~ re { v = $NF; found = 1; exit } END { if (!found) v = 0; if (v ~ /[.eE]/ && v + 0 == int(v + 0)) printf "%d\n", v; else print v }'
}

num() { # num VALUE DIVISOR DECIMALS -> VALUE / DIVISOR, rounded (0 if VALUE is not a number)
  awk -v v="$1" -v d="$2" -v n="$3" 'BEGIN { if (v !~ /^[0-9.eE+-]+$/) v = 0; printf "%.*f", n, v / d }'
}

feed() { # feed RATE SECONDS RUN LOGFILE
  java $jflags -cp "$cp" na64.daq.app.reliability.SoakFeeder "$ingest" --rate "$1" --seconds "$2" --run "$3" \
    --events-per-spill "$events_per_spill" --gap-ms "$gap_ms" --encoding "$encoding" >"$4" 2>&1
}

# 1. The maximum: the emulator flat out against the service (both on this machine, as in the soak).
if [[ -z ${SOAK_RATE:-} ]]; then
  start_serve measure
  feed max "$measure_seconds" 1 "$out/feeder-measure.log"
  max_rate=$(sed -n 's/.*rate_hz=\([0-9]*\).*/\1/p' "$out/feeder-measure.log" | tail -1)
  echo "soak: measured maximum $max_rate events/s (complete $(metric daq_events_complete_total), evicted $(metric daq_events_evicted_total))"
  cleanup; serve_pid=""
  rate=$(( max_rate * 8 / 10 ))
else
  max_rate="not measured"
  rate=$SOAK_RATE
fi

# 2. The soak.
start_serve soak
echo "soak: $minutes min at $rate Hz ($events_per_spill triggers per spill, $encoding), results in $out"
feed "$rate" $(( minutes * 60 )) 2 "$out/feeder-soak.log" &
feeder_pid=$!
echo "minute,heap_after_gc_mb,p99_ms,complete,incomplete,evicted,duplicates,late,protocol_errors,spills_closed,rss_mb" >"$out/minutes.csv"
minute=0
while kill -0 "$feeder_pid" 2>/dev/null; do
  sleep 60
  minute=$((minute + 1))
  # One line per minute; a failed probe prints 0 rather than ending the soak.
  jcmd "$serve_pid" GC.run >/dev/null 2>&1 || true
  heap_kb=$(jcmd "$serve_pid" GC.heap_info 2>/dev/null | sed -n 's/.*total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1 || true)
  p99=$(metric 'daq_decision_latency_recent_seconds\{quantile="0.99"\}' || true)
  rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$serve_pid/status" 2>/dev/null || true)
  errors=$(curl -s "$metrics" | awk '/^daq_source_protocol_errors_total/ {s += $NF} END {print s + 0}' || true)
  echo "$minute,$(num "${heap_kb:-0}" 1024 1),$(num "${p99:-0}" 0.001 3),$(metric daq_events_complete_total),$(metric daq_events_incomplete_total),$(metric daq_events_evicted_total),$(metric daq_fragments_duplicate_total),$(metric daq_fragments_late_total),${errors:-0},$(metric daq_spills_closed_total),$(num "${rss_kb:-0}" 1024 0)" | tee -a "$out/minutes.csv"
done
wait "$feeder_pid" || { echo "soak: FAIL feeder exited non-zero"; tail "$out/feeder-soak.log"; exit 1; }
line=$(grep '^feeder: spills=' "$out/feeder-soak.log")
sent_triggers=$(sed -n 's/.*triggers=\([0-9]*\).*/\1/p' <<<"$line")
sent_spills=$(sed -n 's/.*spills=\([0-9]*\).*/\1/p' <<<"$line")
for _ in $(seq 1 300); do # the last spill closes when its END_OF_SPILLs are built
  [[ $(metric daq_spills_closed_total) -ge $sent_spills ]] && break
  sleep 0.1
done
complete=$(metric daq_events_complete_total)
incomplete=$(metric daq_events_incomplete_total)
spills=$(metric daq_spills_closed_total)
perrors=$(curl -s "$metrics" | awk '/^daq_source_protocol_errors_total/ {s += $NF} END {print s + 0}')
cleanup; serve_pid=""
# The store's own spill summaries, read by another process after the service stopped.
bin/daq dump --store "$out/store-soak" 2>/dev/null | grep '"kind":"spill"' >"$out/spills.jsonl"
stored_complete=$(sed -n 's/.*"complete":\([0-9]*\).*/\1/p' "$out/spills.jsonl" | awk '{s += $1} END {print s + 0}')

# 3. Verdict: heap after GC and p99 flat (minutes 2.. vs the end), counts exact.
verdict=$(awk -F, 'NR > 2 { n++; h[n] = $2; p[n] = $3 } END {
  if (n < 2) { print "FAIL too few minutes"; exit }
  half = int(n / 2); for (i = 1; i <= n; i++) { if (i <= half) { hf += h[i]; pf += p[i] } else { hl += h[i]; pl += p[i] } }
  hf /= half; hl /= (n - half); pf /= half; pl /= (n - half)
  ok = (hl <= hf * 1.25 + 8) && (pl <= pf * 2 + 5)
  printf "%s heap_after_gc first_half=%.1fMB second_half=%.1fMB p99 first_half=%.2fms second_half=%.2fms", ok ? "PASS" : "FAIL", hf, hl, pf, pl }' "$out/minutes.csv")
counts_ok=PASS
[[ $complete -eq $sent_triggers && $incomplete -eq 0 && $spills -eq $sent_spills && $perrors == 0 && $stored_complete -eq $sent_triggers ]] || counts_ok=FAIL
{
  echo "soak: $(date -u +%FT%TZ) $(nproc) cores, maximum $max_rate events/s, soak rate $rate Hz for $minutes min"
  echo "soak: feeder $line"
  echo "soak: service complete=$complete incomplete=$incomplete spills=$spills protocol_errors=$perrors; store spill summaries complete=$stored_complete"
  echo "soak: counts $counts_ok (sent triggers $sent_triggers = complete = stored, spills $sent_spills, no incomplete, no protocol error)"
  echo "soak: $verdict"
} | tee "$out/summary.txt"
[[ $counts_ok == PASS && $verdict == PASS* ]]
