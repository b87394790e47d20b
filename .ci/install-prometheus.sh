#!/usr/bin/env bash
# Installs the Debian package `prometheus` (prometheus + promtool) when either binary is missing,
# for the monitoring integration test (a real Prometheus scrapes the service). Idempotent; runs
# as root without prompting. Called by .ci/run.
set -euo pipefail
if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
  echo "install-prometheus: $(prometheus --version 2>&1 | head -n1)"
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "install-prometheus: prometheus/promtool missing and not root; install the 'prometheus' package" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# --no-install-recommends: the server and promtool only, not node-exporter and friends.
apt-get install -y -q --no-install-recommends prometheus
# The package enables a system service; the tests start their own instance on loopback, so make
# sure no packaged one is left running (policy-rc.d usually prevents it from starting at all).
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
  systemctl stop prometheus || true
fi
echo "install-prometheus: $(prometheus --version 2>&1 | head -n1)"
