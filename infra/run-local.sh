#!/usr/bin/env bash
# Runs the whole product locally with no Azure account: Azurite (tables, queues, blobs), MailDev (SMTP + web inbox
# at http://localhost:1080) and the local runner (the scheduled pipeline, the web console at http://localhost:7071/ and
# the admin API at http://localhost:7071/api).
# Needs only the .NET 10 SDK and Node.js. Stop with Ctrl+C: the emulators stop with it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

echo "==> Installing the pinned emulators (infra/package-lock.json)"
npm ci --prefix infra --no-audit --no-fund --loglevel=error

if [ ! -f local.settings.json ]; then
  echo "==> Creating local.settings.json from local.settings.sample.json (edit it to change settings)"
  cp local.settings.sample.json local.settings.json
fi

mkdir -p .local/azurite
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

echo "==> Starting Azurite on 127.0.0.1:10000-10002"
infra/node_modules/.bin/azurite --silent --location .local/azurite --skipApiVersionCheck --loose \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
pids+=($!)
echo "==> Starting MailDev: SMTP 127.0.0.1:1025, inbox http://localhost:1080"
infra/node_modules/.bin/maildev --smtp 1025 --web 1080 --ip 127.0.0.1 --web-ip 127.0.0.1 --silent &
pids+=($!)

for port in 10000 10001 10002 1025 1080; do
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.2
  done
done

echo "==> Building"
dotnet build functions/AdvisoryTracker.Cli --nologo -v quiet
echo "==> Loading the sample advisories (infra/sample-advisories) once, then serving"
dotnet run --no-build --project functions/AdvisoryTracker.Cli -- ingest
echo "==> Console: http://localhost:7071/ (sign in with LocalRunner__FunctionKey from local.settings.json); API: http://localhost:7071/api"
dotnet run --no-build --project functions/AdvisoryTracker.Cli -- serve
