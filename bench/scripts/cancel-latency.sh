#!/usr/bin/env bash
# Time from a cancel request to the job being CANCELLED (the worker told, its job process killed, the
# attempt reported), against a running Tern. Each trial submits a long prime count, waits until its
# attempt has STARTED, waits a random 0.2-2.2 s (a random point in the 2 s heartbeat cycle), cancels
# it and waits for CANCELLED. Prints the scheduler's own figure (from the CANCEL_REQUESTED event to
# the CANCELLED event, both stamped by the scheduler) and the time this client saw (which adds its
# polling: a curl and a python3 per look).
#
#   ./tern-standalone &                      # in another terminal
#   bench/scripts/cancel-latency.sh [trials] [base-url] [token-file]
#
# Needs curl and python3.
set -euo pipefail
trials=${1:-12}
base=${2:-http://localhost:8080}
token_file=${3:-tern-data/admin.token}
auth="Authorization: Bearer $(cat "$token_file")"
json() { python3 -c "import sys, json; d = json.load(sys.stdin); print($1)"; }
now_ms() { date +%s%3N; }

for trial in $(seq 1 "$trials"); do
  id=$(curl -sf -X POST "$base/api/v1/jobs" -H "$auth" -H 'Content-Type: application/json' \
    -d '{"name": "cancel-latency", "type": "primes", "parameters": {"limit": "100000000000"}}' | json 'd["id"]')
  until curl -sf -H "$auth" "$base/api/v1/jobs/$id/events" | json '" ".join(e["type"] for e in d)' | grep -q STARTED; do
    sleep 0.1
  done
  sleep "$(python3 -c 'import random; print(round(random.uniform(0.2, 2.2), 2))')"
  start=$(now_ms)
  curl -sf -o /dev/null -X POST -H "$auth" "$base/api/v1/jobs/$id/cancel"
  until [ "$(curl -sf -H "$auth" "$base/api/v1/jobs/$id" | json 'd["state"]')" = CANCELLED ]; do
    sleep 0.02
  done
  seen=$(( $(now_ms) - start ))
  server=$(curl -sf -H "$auth" "$base/api/v1/jobs/$id/events" | python3 -c '
import sys, json
from datetime import datetime
at = {e["type"]: datetime.fromisoformat(e["at"].replace("Z", "+00:00")) for e in json.load(sys.stdin)}
print(round((at["CANCELLED"] - at["CANCEL_REQUESTED"]).total_seconds() * 1000))')
  echo "job $id: CANCEL_REQUESTED -> CANCELLED $server ms (seen by this client after $seen ms)"
done
