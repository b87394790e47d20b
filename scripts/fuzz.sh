#!/usr/bin/env bash
# The long fuzz campaign of issue 6 (item 4): FrameFuzzTest with 10^6 seeded cases (default) through
# the real service on loopback, every outcome checked against the spec oracle. Prints the campaign's
# summary line ("fuzz: N cases ... in T s") and exits non-zero on any mismatch.
#
#   scripts/fuzz.sh [CASES] [SEED]      # defaults: 1000000 20260601
#
# Equivalent to: ./mvnw -o -pl daq-app -am -Pfuzz test -Dsurefire.failIfNoSpecifiedTests=false -Dna64.fuzz.cases=CASES -Dna64.fuzz.seed=SEED
# Builds the modules it needs (-am). A million cases take about 20 minutes
# on a 2-core machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cases=${1:-1000000}
seed=${2:-20260601}
log=$(mktemp /tmp/daq-fuzz-XXXXXX.log)
start=$(date +%s)
status=0
./mvnw -o -pl daq-app -am -Pfuzz test -Dsurefire.failIfNoSpecifiedTests=false -Dna64.fuzz.cases="$cases" -Dna64.fuzz.seed="$seed" >"$log" 2>&1 || status=$?
grep -A3 '^fuzz: ' "$log" || true
grep -E 'Tests run:|FAIL|expected|but was' "$log" | grep -v '^\[INFO\] *$' | tail -5 || true
echo "fuzz.sh: $cases cases, seed $seed, $(( $(date +%s) - start )) s wall, exit $status (full log $log)"
exit $status
