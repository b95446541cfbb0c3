#!/usr/bin/env bash
# Runs every test on a fresh machine that has the .NET 10 SDK and Node.js: installs the pinned emulators
# (infra/package-lock.json), restores NuGet packages (including the Bicep CLI), builds (warnings are errors, see
# Directory.Build.props) and runs all test projects. Tests start and stop their own emulators.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# The emulators install while the solution builds: only the tests need them.
npm_log="$(mktemp)"
npm ci --prefix infra --no-audit --no-fund --loglevel=error >"$npm_log" 2>&1 &
npm_pid=$!
trap 'kill "$npm_pid" 2>/dev/null || true; rm -f "$npm_log"' EXIT
# The browser tests drive Debian's Chromium through Playwright (its own browser download is not used).
command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
dotnet build AdvisoryTracker.sln --nologo -v minimal
npm_status=0
wait "$npm_pid" || npm_status=$?
trap 'rm -f "$npm_log"' EXIT # the install has ended: nothing left to stop
cat "$npm_log"
if [ "$npm_status" -ne 0 ]; then
  echo "npm ci --prefix infra failed (exit $npm_status)" >&2
  exit 1
fi
log="$(mktemp)"
status=0
# Two test assemblies at a time (dotnet test's default on this 2-core machine); inside the integration and browser
# assemblies, collections run two at a time (xunit.runner.json). Measured: every assembly at once with four integration
# and three browser collections pushed the load past 40 and made time-limited tests (a 10,000-device import within the
# request time limit) fail, without a shorter run.
dotnet test AdvisoryTracker.sln --no-build --nologo "$@" 2>&1 | tee "$log" || status=$?
# One closing line over all test assemblies.
awk '/(Passed|Failed)!  - Failed:/ {
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { gsub(",", "", f); printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
# The test processes have ended: an emulator still running from this checkout was left behind by one (its exit handler
# did not run), so stop it. Emulators a running infra/run-local.sh started are its children and are left alone.
for pid in $(pgrep -f "$root/infra/node_modules/.bin/(azurite|maildev)" || true); do
  parent="$(ps -o ppid= -p "$pid" 2>/dev/null | tr -d ' ' || true)"
  if ! tr '\0' ' ' < "/proc/$parent/cmdline" 2>/dev/null | grep -q 'run-local.sh'; then
    kill "$pid" 2>/dev/null || true
  fi
done
exit "$status"
