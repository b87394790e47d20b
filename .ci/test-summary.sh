#!/usr/bin/env bash
# Sums the Surefire XML reports of every module into one closing line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tests=0; failures=0; errors=0; skipped=0
shopt -s nullglob
for f in */target/surefire-reports/TEST-*.xml; do
  line=$(grep -m1 -o '<testsuite [^>]*>' "$f")
  t=$(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$line")
  fa=$(sed -n 's/.* failures="\([0-9]*\)".*/\1/p' <<<"$line")
  er=$(sed -n 's/.* errors="\([0-9]*\)".*/\1/p' <<<"$line")
  sk=$(sed -n 's/.* skipped="\([0-9]*\)".*/\1/p' <<<"$line")
  tests=$((tests + ${t:-0})); failures=$((failures + ${fa:-0})); errors=$((errors + ${er:-0})); skipped=$((skipped + ${sk:-0}))
done
for f in */target/surefire-reports/*.txt; do
  grep -q -E 'FAILURE|ERROR' "$f" && { echo "--- $f"; cat "$f"; }
done
failed=$((failures + errors))
echo "tests: $((tests - failed - skipped)) passed, $failed failed, $skipped skipped"
