#!/usr/bin/env bash
# Runs every SmartShop test suite (dotnet and node) and ends with one line "N passed, N failed".
# Installs what the suites need on a fresh Debian machine: PostgreSQL server binaries and Chromium (apt),
# the web UI's npm packages. Usage: bash tests/run.sh [--no-install]
set -uo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
work="$root/tests/.work"
mkdir -p "$work"

install=1
[[ "${1:-}" == "--no-install" ]] && install=0

need_apt=()
if [[ $install == 1 ]]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
  [[ -x /usr/bin/chromium ]] || need_apt+=(chromium)
  if (( ${#need_apt[@]} > 0 )); then
    echo "== installing ${need_apt[*]} (apt)"
    SUDO=""; [[ $(id -u) != 0 ]] && SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >"$work/apt.log" 2>&1 \
      || { echo "apt-get install failed, see $work/apt.log"; tail -20 "$work/apt.log"; }
    # Debian starts a cluster on 5432 when it installs the server: the tests start their own, so stop it.
    if command -v pg_ctlcluster >/dev/null; then $SUDO pg_ctlcluster --force 15 main stop >/dev/null 2>&1 || true; fi
  fi
fi

passed=0; failed=0; status=0
node_suites=(src/SmartShop.Web plc-sim)

# Node packages first: the UI build needs them, and the dotnet OPC UA tests run the real plc-sim.
for suite in "${node_suites[@]}"; do
  if [[ ! -d "$suite/node_modules" || "$suite/package-lock.json" -nt "$suite/node_modules/.package-lock.json" ]]; then
    echo "== npm ci: $suite"
    (cd "$suite" && npm ci --no-audit --no-fund --loglevel=error) || status=1
  fi
done

echo "== dotnet build"
if ! dotnet build SmartShop.sln -c Debug -nologo >"$work/build.log" 2>&1; then
  echo "dotnet build failed"; grep -E "error" "$work/build.log" | sort -u | head -30; status=1
fi
grep -E "[1-9][0-9]* Warning\(s\)" "$work/build.log" && { echo "the build has warnings"; status=1; }

echo "== dotnet test"
rm -rf "$work/trx"
dotnet test SmartShop.sln --no-build -nologo --logger "trx" --results-directory "$work/trx" >"$work/test.log" 2>&1
test_rc=$?
grep -E "(Passed!|Failed!)|\[FAIL\]" "$work/test.log" || true
# Each failure's message and the top of its stack, so a CI log says why without the trx files.
grep -q "\[FAIL\]" "$work/test.log" && { echo "-- failures:"; grep -A 30 -E "^\s+Failed [A-Za-z]" "$work/test.log" | head -200; }
for trx in "$work"/trx/*.trx; do
  [[ -f "$trx" ]] || continue
  p=$(grep -o '<Counters [^>]*' "$trx" | grep -o 'passed="[0-9]*"' | grep -o '[0-9]*')
  f=$(grep -o '<Counters [^>]*' "$trx" | grep -o 'failed="[0-9]*"' | grep -o '[0-9]*')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [[ $test_rc != 0 ]]; then
  status=1
  [[ $failed == 0 ]] && { echo "dotnet test exited $test_rc"; tail -30 "$work/test.log"; }
fi

for suite in "${node_suites[@]}"; do
  echo "== node tests: $suite"
  out="$work/node-$(basename "$suite").log"
  (cd "$suite" && npm test --silent) >"$out" 2>&1
  rc=$?
  grep -E "^# (pass|fail)|^not ok" "$out" || true
  p=$(grep -E "^# pass " "$out" | awk '{s+=$3} END {print s+0}')
  f=$(grep -E "^# fail " "$out" | awk '{s+=$3} END {print s+0}')
  passed=$((passed + p)); failed=$((failed + f))
  if [[ $rc != 0 && $f == 0 ]]; then echo "$suite: npm test exited $rc"; tail -20 "$out"; status=1; fi
done

(( failed > 0 )) && status=1
(( passed == 0 )) && status=1
echo "$passed passed, $failed failed"
exit $status
