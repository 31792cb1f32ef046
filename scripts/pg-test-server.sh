#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL server on 127.0.0.1 for the test suite.
#   scripts/pg-test-server.sh start   # installs Debian's postgresql if missing, prints the URL
#   scripts/pg-test-server.sh stop
set -euo pipefail
PORT="${REPORTEDLY_PG_PORT:-54329}"
DATA="${REPORTEDLY_PG_DATA:-/tmp/reportedly-pg-$PORT}"
DB=reportedly_test

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

as_pg() {  # initdb and postgres refuse to run as root
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if [ -z "$(bindir)" ]; then
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >/dev/null
      apt-get install -y -qq postgresql >/dev/null
    fi
    BIN=$(bindir)
    if [ -f "$DATA/postmaster.pid" ]; then as_pg "$BIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true; fi
    rm -rf "$DATA"
    mkdir -p "$DATA"
    [ "$(id -u)" = 0 ] && chown postgres: "$DATA"
    as_pg "$BIN/initdb" -D "$DATA" -U postgres -A trust --no-sync >/dev/null
    as_pg "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
      -o "-h 127.0.0.1 -p $PORT -k $DATA -c fsync=off -c full_page_writes=off" start >/dev/null
    as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB"
    echo "postgresql://postgres@127.0.0.1:$PORT/$DB"
    ;;
  stop)
    BIN=$(bindir)
    [ -n "$BIN" ] && [ -f "$DATA/postmaster.pid" ] && as_pg "$BIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null
    rm -rf "$DATA"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
