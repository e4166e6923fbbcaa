#!/usr/bin/env bash
# test.sh: every test of the project, on a fresh Debian machine as root.
#
# It installs the real components the tests drive (nginx, openssl, curl,
# kcat, PostgreSQL) when they are missing, starts a throwaway PostgreSQL on
# loopback, and runs all Go tests, the real-component ones included (build
# tag "integration"), with the race detector.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v kcat >/dev/null 2>&1 || need+=(kcat)
if [ "${#need[@]}" -gt 0 ]; then
	echo "test.sh: installing ${need[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y "${need[@]}" >/dev/null 2>&1 || {
		apt-get update >/dev/null
		apt-get install -y "${need[@]}" >/dev/null
	}
fi
export PATH="$PATH:/usr/sbin"

# The end-to-end matrix runs verbosely so the log shows each row's status.
pkgs=$(go list ./... | grep -v '/e2e$')
scripts/pgtest.sh run go test -race -tags integration -count=1 -timeout 25m $pkgs
go test -tags integration -count=1 -timeout 10m -v ./e2e/
