#!/bin/sh
# Installs what bench/e2e needs beyond Bun and Node (nginx as the origin, gcc and libcurl's headers for the
# C multi_socket peer, nghttp2-client for h2load, the ceiling of the h2 rows) with apt-get when missing.
# Idempotent and quick when all is there; never fails the bench: without apt (or without root) the bench
# falls back to the Bun.serve origin and skips the peers it cannot run.

missing=""
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx"
command -v gcc >/dev/null 2>&1 || missing="$missing gcc"
[ -f /usr/include/curl/curl.h ] || [ -f /usr/include/x86_64-linux-gnu/curl/curl.h ] ||
  missing="$missing libcurl4-openssl-dev"
command -v h2load >/dev/null 2>&1 || missing="$missing nghttp2-client"

if [ -z "$missing" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "bench-setup: apt-get not found; missing:$missing (the bench uses its fallbacks)" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "bench-setup: not root and no sudo; missing:$missing (the bench uses its fallbacks)" >&2
    exit 0
  fi
fi
echo "bench-setup: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# The package lists once per call, and only when something is missing.
$SUDO apt-get update -qq >/dev/null 2>&1 || echo "bench-setup: apt-get update failed" >&2
# shellcheck disable=SC2086
if ! $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1; then
  echo "bench-setup: apt-get install$missing failed (the bench uses its fallbacks)" >&2
fi
# Debian starts the nginx service on install; the bench runs its own instance on a free port.
if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl stop nginx >/dev/null 2>&1; fi
if [ -f /run/nginx.pid ]; then $SUDO kill "$(cat /run/nginx.pid)" >/dev/null 2>&1; fi
exit 0
