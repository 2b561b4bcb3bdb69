#!/usr/bin/env bash
# fortiprobe's benchmarks, whole-process, in release builds. Public tools
# only: hyperfine, /usr/bin/time, wrk, curl (Debian: apt-get install
# hyperfine wrk curl time), and for the peer comparison Hurl 8.0.1
# (apt-get install libcurl4-openssl-dev libxml2-dev libclang-dev;
#  cargo install hurl --version 8.0.1 --locked). Results go to stdout;
# BENCHMARKS.md records them with the machine they ran on.
#
#   crates/fortiprobe/benches/bench.sh            everything but profile
#   crates/fortiprobe/benches/bench.sh suite walk mock scaling per-request hurl   a selection
#   crates/fortiprobe/benches/bench.sh profile    where the whole suite's instructions go: valgrind's
#                               callgrind on the profiling build (release with line
#                               tables and symbols; the release build is stripped)
set -euo pipefail
cd "$(dirname "$0")/../../.."   # the repository root
cargo build --release --quiet
BIN="$PWD/target/release/fortiprobe"
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
want() { [ $# -eq 0 ] || [[ " $SELECTED " == *" $1 "* ]]; }
SELECTED="${*:-suite walk mock scaling per-request hurl}"

# Starts `fortiprobe mock` with the given flags on a free port; sets URL and
# writes its target file to $WORK/target.yaml.
start_mock() {
  "$BIN" mock --port 0 "$@" > "$WORK/mock.out" 2>&1 &
  MOCK_PID=$!
  for _ in $(seq 1 500); do
    URL=$(sed -n 's/^fortiprobe reference mock listening on //p' "$WORK/mock.out")
    [ -n "$URL" ] && grep -q "password:" "$WORK/mock.out" && break
    sleep 0.01
  done
  sed -n '/^# target file/,$p' "$WORK/mock.out" > "$WORK/target.yaml"
}
stop_mock() { kill "$MOCK_PID" 2>/dev/null || true; wait "$MOCK_PID" 2>/dev/null || true; }
basic() { printf '%s' "$(sed -n '/fortiauthenticator:/,/api_key/p' "$WORK/target.yaml" | awk '/username:/{u=$2} /api_key:/{k=$2} END{printf "%s:%s", u, k}')" | base64 -w0; }

echo "== machine"
nproc; grep -m1 'model name' /proc/cpuinfo || true; free -g | head -2
"$BIN" --version

if want suite; then
  echo "== whole suite against the embedded mock, process start to exit"
  hyperfine --warmup 3 --runs 30 "$BIN run" 2>&1 | grep -E "Time|Range"
  /usr/bin/time -f "peak RSS %M KB" "$BIN" run > /dev/null
fi

if want walk; then
  echo "== full pagination walk, 100000 tokens, limit 1000 (mock in its own process)"
  start_mock --mock-tokens 100000
  # The case is the reference walk itself: every page at limit 1000, once.
  /usr/bin/time -f "wall %e s, peak RSS %M KB" "$BIN" run --config "$WORK/target.yaml" \
    --exact fortiauthenticator/fortitokens_pagination/walk_limit_1000 2>&1 | grep -E "test result|wall"
  echo "== the whole suite against that mock (fortiprobe's own memory, the mock in its own process)"
  /usr/bin/time -f "wall %e s, peak RSS %M KB" "$BIN" run --config "$WORK/target.yaml" \
    --allow-destructive 2>&1 | grep -E "test result|wall|requests"
  stop_mock
fi

if want mock; then
  echo "== reference mock: filtered list, 2 connections (wrk), and start-up to first answer"
  start_mock
  AUTH="Authorization: Basic $(basic)"
  wrk -t2 -c2 -d10s -H "$AUTH" "$URL/api/v1/fortitokens/?format=json&type=ftm&status=available" | grep -E "Requests/sec|Latency"
  stop_mock
  for i in 1 2 3 4 5; do
    t0=$(date +%s%N)
    "$BIN" mock --port 18931 > /dev/null 2>&1 &
    P=$!
    until curl -s -o /dev/null "http://127.0.0.1:18931/api/v1/fortitokens/"; do :; done
    t1=$(date +%s%N)
    kill $P; wait $P 2>/dev/null || true
    echo "start-up to first answer: $(( (t1 - t0) / 1000000 )) ms"
  done
fi

if want scaling; then
  echo "== the whole run against the embedded mock by number of tokens"
  for n in 1000 10000 100000; do
    /usr/bin/time -f "$n tokens: wall %e s, peak RSS %M KB" "$BIN" run --mock-tokens "$n" 2>&1 | grep -E "tokens: wall|test result: FAILED" || true
  done
fi

if want per-request; then
  echo "== fortiprobe's cost per request against a bare reqwest loop"
  cargo bench --quiet --bench per_request 2>/dev/null
fi

if want hurl; then
  echo "== side by side with Hurl: the same requests and status/field assertions"
  HURL="${HURL:-$(command -v hurl || echo /tmp/hurl-install/bin/hurl)}"
  "$HURL" --version | head -1
  R=60
  python3 crates/fortiprobe/benches/hurl/generate.py "$R" "$WORK"
  start_mock
  FAC_KEY=$(sed -n '/fortiauthenticator:/,/api_key/p' "$WORK/target.yaml" | awk '/api_key:/{print $2}')
  N=$((R * 7))
  echo "$N requests each"
  hyperfine --warmup 2 --runs 10 \
    -n hurl "$HURL --test --jobs 1 --variable fac=$URL --variable basic=$(basic) $WORK/bench.hurl" \
    -n fortiprobe "$BIN run --config $WORK/target.yaml --cases $WORK/cases --test-threads 1 fortiauthenticator/bench/" \
    2>&1 | grep -E "Time|Range|±|faster" 
  echo "(divide by $N for the time per request, process start included)"
  stop_mock
fi

if [[ " $SELECTED " == *" profile "* ]]; then
  echo "== profile: the whole suite against the embedded mock, under callgrind"
  cargo build --profile profiling --quiet
  PROF="$PWD/target/profiling/fortiprobe"
  valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" \
    "$PROF" run --test-threads 1 >/dev/null 2>"$WORK/valgrind.err" || true
  callgrind_annotate --inclusive=yes "$WORK/callgrind.out" 2>/dev/null | head -40
fi
