#!/usr/bin/env bash
# Runs every test on a fresh machine that has the .NET 10 SDK and Node.js: installs the pinned emulators
# (infra/package-lock.json), restores NuGet packages (including the Bicep CLI), builds (warnings are errors, see
# Directory.Build.props) and runs all test projects. Tests start and stop their own emulators.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

npm ci --prefix infra --no-audit --no-fund --loglevel=error
# The browser tests drive Debian's Chromium through Playwright (its own browser download is not used).
command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
dotnet build AdvisoryTracker.sln --nologo -v minimal
log="$(mktemp)"
status=0
dotnet test AdvisoryTracker.sln --no-build --nologo "$@" 2>&1 | tee "$log" || status=$?
# One closing line over all test assemblies.
awk '/(Passed|Failed)!  - Failed:/ {
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { gsub(",", "", f); printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
