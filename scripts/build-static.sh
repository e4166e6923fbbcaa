#!/bin/sh
# Builds crudsvc as a static, stripped binary. The Dockerfile and the deploy
# tests both call this script, so the image and the test build the binary
# the same way.
#
# usage: scripts/build-static.sh OUTPUT
set -eu

out=${1:?usage: scripts/build-static.sh OUTPUT}
cd "$(dirname "$0")/.."

# CGO_ENABLED=0: no libc, so the binary runs on distroless/static or scratch.
# -trimpath: no build machine paths in the binary. -s -w: no symbol table or
# DWARF, a smaller image.
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out" ./cmd/crudsvc
