#!/usr/bin/env bash
# The project's one test command: restore, build (0 warnings), start a throwaway PostgreSQL cluster and a throwaway
# MariaDB server, run every test project against SQLite, PostgreSQL and MariaDB (browser tests in Debian's Chromium),
# and finish with "tests: N passed, M failed, K skipped".
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d "${TMPDIR:-/tmp}/hipaymirakl-test.XXXXXX")
pgdata="$work/pg"
pgbin=""
mydir=""
cleanup() {
  if [ -n "$pgbin" ] && [ -f "$pgdata/postmaster.pid" ]; then
    as_pg "$pgbin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [ -n "$mydir" ] && [ -f "$mydir/mariadb.pid" ]; then
    kill "$(cat "$mydir/mariadb.pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do [ -f "$mydir/mariadb.pid" ] || break; sleep 0.2; done
  fi
  if [ -n "$mydir" ]; then rm -rf "$mydir"; fi
  rm -rf "$work"
}
trap cleanup EXIT

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

find_pgbin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then pgbin="$d"; fi
  done
}

# --- PostgreSQL 15 from Debian's packages -------------------------------------------------------------------
find_pgbin
if [ -z "$pgbin" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing PostgreSQL (Debian package)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    find_pgbin
  fi
fi
if [ -z "$pgbin" ]; then
  echo "error: PostgreSQL server binaries not found and cannot be installed (need root and apt-get)." >&2
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

# --- nginx from Debian's packages (the deployment test runs deploy/nginx/hipay-mirakl.conf in front of the host) --
if [ ! -x /usr/sbin/nginx ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "== installing nginx (Debian package)"
  apt-get update -qq >/dev/null
  # policy-rc.d keeps the package from starting the system service: the test runs its own nginx.
  printf '#!/bin/sh\nexit 101\n' > "$work/policy-rc.d"; chmod +x "$work/policy-rc.d"
  if [ ! -e /usr/sbin/policy-rc.d ]; then cp "$work/policy-rc.d" /usr/sbin/policy-rc.d; nginx_policy=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null || true
  if [ "${nginx_policy:-0}" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
fi
if [ ! -x /usr/sbin/nginx ]; then
  echo "warning: /usr/sbin/nginx not found and cannot be installed (need root and apt-get): the nginx test will fail." >&2
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo $((20000 + RANDOM % 20000)))
pgpass=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
mkdir -p "$pgdata"
printf '%s\n' "$pgpass" > "$work/pwfile"
if [ "$(id -u)" = 0 ]; then chown -R postgres "$work"; chmod 700 "$work"; fi
echo "== starting PostgreSQL ($("$pgbin/postgres" --version | awk '{print $3}')) on 127.0.0.1:$port"
as_pg "$pgbin/initdb" -D "$pgdata" -U postgres --pwfile="$work/pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log" >&2; echo "tests: 0 passed, 1 failed"; exit 1; }
as_pg "$pgbin/pg_ctl" -D "$pgdata" -l "$work/pg.log" -w -t 60 \
  -o "-p $port -c listen_addresses=127.0.0.1 -k $pgdata -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
  || { cat "$work/pg.log" >&2; echo "tests: 0 passed, 1 failed"; exit 1; }
export HIPAYMIRAKL_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Password=$pgpass;Database=postgres;Pooling=true;Timeout=30"

# --- MariaDB 10.11 from Debian's packages (the MySQL provider's tests) ----------------------------------------
if ! command -v mariadbd >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing MariaDB (Debian package)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server >/dev/null
  fi
fi
if ! command -v mariadbd >/dev/null; then
  echo "error: MariaDB server binaries not found and cannot be installed (need root and apt-get)." >&2
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

# The server runs as mysql, which must reach its data directory: a directory of its own outside $work (mode 700).
mydir=$(mktemp -d "${TMPDIR:-/tmp}/hipaymirakl-mariadb.XXXXXX")
myport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo $((40000 + RANDOM % 20000)))
mypass=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
myuser=$(id -un)
if [ "$(id -u)" = 0 ]; then chown mysql "$mydir"; myuser=mysql; fi
echo "== starting MariaDB ($(mariadbd --version | awk '{print $3}')) on 127.0.0.1:$myport"
mariadb-install-db --user="$myuser" --datadir="$mydir/data" --auth-root-authentication-method=normal --skip-test-db >"$work/mariadb-install.log" 2>&1 \
  || { cat "$work/mariadb-install.log" >&2; echo "tests: 0 passed, 1 failed"; exit 1; }
mariadbd --no-defaults --user="$myuser" --datadir="$mydir/data" --socket="$mydir/mariadb.sock" --pid-file="$mydir/mariadb.pid" \
  --port="$myport" --bind-address=127.0.0.1 --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
  --innodb-flush-log-at-trx-commit=0 --skip-log-bin --max-connections=500 >"$mydir/mariadb.log" 2>&1 &
for _ in $(seq 1 100); do
  mariadb --socket="$mydir/mariadb.sock" -uroot -e "SELECT 1" >/dev/null 2>&1 && break
  sleep 0.2
done
mariadb --socket="$mydir/mariadb.sock" -uroot -e \
  "ALTER USER 'root'@'localhost' IDENTIFIED BY '$mypass'; CREATE OR REPLACE USER 'root'@'127.0.0.1' IDENTIFIED BY '$mypass'; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;" \
  || { cat "$mydir/mariadb.log" >&2; echo "tests: 0 passed, 1 failed"; exit 1; }
export HIPAYMIRAKL_TEST_MYSQL="Server=127.0.0.1;Port=$myport;User ID=root;Password=$mypass;Database=mysql;CharSet=utf8mb4;Pooling=true;Connection Timeout=30"

# --- Chromium from Debian's packages, for the dashboard's browser tests ---------------------------------------------
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "== installing Chromium (Debian package)"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "error: /usr/bin/chromium not found and cannot be installed (need root and apt-get)." >&2
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

# --- build and test ---------------------------------------------------------------------------------------------
echo "== restore and build"
dotnet restore HiPayMirakl.slnx --nologo -v q
dotnet build HiPayMirakl.slnx --no-restore --nologo -v q -c Debug -warnaserror -clp:NoSummary

echo "== test (SQLite, PostgreSQL and MariaDB)"
results="$work/results"
set +e
dotnet test HiPayMirakl.slnx --no-build --nologo -v q --results-directory "$results" --logger "trx" --logger "console;verbosity=minimal" "$@"
test_rc=$?
set -e

passed=0; failed=0; skipped=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  t=$(get total); p=$(get passed); f=$(get failed); e=$(get error); to=$(get timeout); ab=$(get aborted); ne=$(get notExecuted)
  total=$((total + t)); passed=$((passed + p)); failed=$((failed + f + e + to + ab)); skipped=$((skipped + ne))
done
if [ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$total" -eq 0 ]; then echo "error: no test ran" >&2; failed=$((failed + 1)); fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
