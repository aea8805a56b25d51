#!/bin/sh
# A throwaway native Postgres 16 with pgvector for benchmarks, from the PyPI wheel pgserver==0.1.4
# (it carries the Postgres binaries and pgvector's vector.so). Never needed by `npm test`.
#
#   scripts/pg-native.sh start [DIR] [PORT]   # prints the DATABASE_URL to use
#   scripts/pg-native.sh stop  [DIR]
#
# Postgres refuses to run as root: under root the server runs as `nobody`.
set -eu
cmd=${1:-start}
dir=${2:-${TMPDIR:-/tmp}/doc-quote-bot-pg}
port=${3:-55432}
bin="$dir/wheel/pgserver/pginstall/bin"
export LD_LIBRARY_PATH="$dir/wheel/pgserver.libs:$dir/wheel/pgserver/pginstall/lib"

as_server() {
  if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups env LD_LIBRARY_PATH="$LD_LIBRARY_PATH" "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    if [ ! -x "$bin/postgres" ]; then
      pip download --quiet --no-deps pgserver==0.1.4 -d "$dir/wheel-download"
      python3 -m zipfile -e "$dir"/wheel-download/pgserver-0.1.4-*.whl "$dir/wheel"
      chmod -R a+rX "$dir/wheel" && chmod a+x "$bin"/*
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      mkdir -p "$dir/data" "$dir/sock"
      [ "$(id -u)" = 0 ] && chown 65534:65534 "$dir/data" "$dir/sock" && chmod a+x "$dir"
      chmod 700 "$dir/data"
      as_server "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
    fi
    touch "$dir/server.log" && [ "$(id -u)" = 0 ] && chown 65534 "$dir/server.log"
    as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir/sock -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c maintenance_work_mem=1GB" start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_server "$bin/pg_ctl" -D "$dir/data" -m fast stop
    ;;
  *)
    echo "usage: $0 start|stop [DIR] [PORT]" >&2
    exit 2
    ;;
esac
