#!/usr/bin/env bash
# Several app processes behind Debian's nginx, on one database.
#
#   DATABASE_URL=postgresql+psycopg://course@db/course deploy/replicas.sh [REPLICAS] [PORT]
#
# REPLICAS defaults to the number of cores (a process uses one core at most); PORT to 8080.
# Every replica uses the same settings (environment or .streamlit/secrets.toml), so the same
# database and signing keys. A replica that stops is started again after a second, so one
# can be restarted at a time (kill its pid; pids are in $RUN_DIR) while the others serve.
# Ctrl-C or TERM stops everything. FIRST_PORT (8601) is where the replicas' own ports start;
# APP_SCRIPT (course_app.py) what they serve.
set -euo pipefail
cd "$(dirname "$0")/.."

replicas=${1:-$(nproc)}
port=${2:-8080}
first=${FIRST_PORT:-8601}
run=${RUN_DIR:-$(mktemp -d /tmp/course-replicas.XXXXXX)}
mkdir -p "$run"
rm -f "$run/stop"
command -v nginx >/dev/null || { echo "nginx is missing: apt-get install -y nginx" >&2; exit 1; }
[ "$replicas" -gt 1 ] && [[ "${DATABASE_URL:-sqlite}" == sqlite* ]] &&
  echo "note: several replicas on SQLite share one file; use PostgreSQL across machines" >&2

stop() {
  touch "$run/stop"
  kill $(cat "$run"/replica-*.pid 2>/dev/null) $(jobs -p) 2>/dev/null || true
  wait
}
trap stop EXIT INT TERM

replica() {  # one app process, started again whenever it stops
  local port=$1
  while [ ! -f "$run/stop" ]; do
    python -m streamlit run "${APP_SCRIPT:-course_app.py}" --server.address 127.0.0.1 --server.port "$port" \
      --server.headless true >>"$run/replica-$port.log" 2>&1 &
    echo $! >"$run/replica-$port.pid"
    wait $! || true
    sleep 1
  done
}

servers=""
for i in $(seq 0 $((replicas - 1))); do
  replica $((first + i)) &
  servers+="server 127.0.0.1:$((first + i)) max_fails=1 fail_timeout=2s; "
done
sed -e "s|@RUN@|$run|g" -e "s|@PORT@|$port|g" -e "s|@SERVERS@|$servers|" deploy/nginx.conf >"$run/nginx.conf"
nginx -t -q -c "$run/nginx.conf" -p "$run"
nginx -c "$run/nginx.conf" -p "$run" -g "daemon off;" &
echo "$replicas replicas behind http://127.0.0.1:$port (logs and pids in $run)"
wait
