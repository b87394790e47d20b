#!/usr/bin/env bash
# The long load tests (JUnit tag "long", left out of ./mvnw verify): LoadMemoryTest (issue 9,
# acceptance 4: neither the service heap nor the load generator grows with the run's duration).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec ./mvnw -q -pl daq-app -am -Plong verify -Dsurefire.failIfNoSpecifiedTests=false "$@"
