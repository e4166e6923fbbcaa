#!/usr/bin/env bash
# pgtest.sh: a throwaway PostgreSQL server on loopback for the integration
# tests of the sql connector.
#
#   scripts/pgtest.sh start        start it, print the export line
#   scripts/pgtest.sh stop         stop it and delete its data
#   scripts/pgtest.sh run CMD...   start, run CMD with CRUD_TEST_POSTGRES_URL
#                                  set, stop (exit status is CMD's)
#
# Example:
#   scripts/pgtest.sh run go test -tags integration ./internal/connector/... ./internal/execute/...
#
# PGTEST_PORT (default 55432) picks the port. Debian's postgresql is
# installed when missing (needs root). The server trusts loopback
# connections without a password: it is for tests only.
set -euo pipefail

PORT="${PGTEST_PORT:-55432}"
DB=crudtest
BASE="${TMPDIR:-/tmp}/crudsvc-pgtest-${PORT}"
URL="postgres://postgres@127.0.0.1:${PORT}/${DB}?sslmode=disable"

# pg_bin finds the server binaries, which Debian keeps off PATH.
pg_bin() {
	local d
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && { echo "$d"; return 0; }
	done
	command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
	return 1
}

install_postgres() {
	pg_bin >/dev/null && return 0
	echo "pgtest: installing postgresql" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y postgresql >/dev/null || {
		apt-get update >/dev/null
		apt-get install -y postgresql >/dev/null
	}
}

# as_owner runs a command as the postgres user when we are root (initdb
# refuses root), else as ourselves.
as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

start() {
	install_postgres
	local bin
	bin="$(pg_bin)"
	if [ -f "$BASE/data/postmaster.pid" ]; then
		echo "export CRUD_TEST_POSTGRES_URL='$URL'"
		return 0
	fi

	rm -rf "$BASE"
	mkdir -p "$BASE"
	[ "$(id -u)" = 0 ] && chown postgres "$BASE"
	as_owner "$bin/initdb" -D "$BASE/data" -U postgres -A trust -E UTF8 >"$BASE/initdb.log"
	as_owner "$bin/pg_ctl" -D "$BASE/data" -l "$BASE/server.log" -w \
		-o "-p $PORT -k $BASE -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
	as_owner "$bin/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB"
	echo "export CRUD_TEST_POSTGRES_URL='$URL'"
}

stop() {
	local bin
	bin="$(pg_bin)" || return 0
	if [ -f "$BASE/data/postmaster.pid" ]; then
		as_owner "$bin/pg_ctl" -D "$BASE/data" -m fast -w stop >/dev/null
	fi
	rm -rf "$BASE"
}

case "${1:-start}" in
start) start ;;
stop) stop ;;
run)
	shift
	start >/dev/null
	trap stop EXIT
	CRUD_TEST_POSTGRES_URL="$URL" "$@"
	;;
*)
	echo "usage: $0 start|stop|run CMD..." >&2
	exit 2
	;;
esac
