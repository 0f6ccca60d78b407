#!/bin/sh
# The project's checks, in order: install (frozen lockfile), type-check, lint, tests.
# Ends with the line "N passed, N failed" taken from bun test's own counts.
set -u
cd "$(dirname "$0")/.."
BUN="sh scripts/bun.sh"
$BUN install --frozen-lockfile || exit 1
echo "== type-check"; $BUN x tsc --noEmit -p . || exit 1
echo "== lint"; $BUN x biome ci . || exit 1
echo "== api docs"; $BUN scripts/api-docs.ts --check || exit 1
echo "== layout"; $BUN scripts/check-layout.ts || exit 1
echo "== test"
log=$(mktemp)
$BUN test "$@" 2>&1 | tee "$log"
status=$?
# bun test prints " N pass" and " N fail" summary lines.
passed=$(sed -n 's/^ *\([0-9][0-9]*\) pass$/\1/p' "$log" | tail -n 1)
failed=$(sed -n 's/^ *\([0-9][0-9]*\) fail$/\1/p' "$log" | tail -n 1)
rm -f "$log"
echo "${passed:-0} passed, ${failed:-0} failed"
if [ "$status" -ne 0 ] || [ "${failed:-0}" != 0 ] || [ "${passed:-0}" = 0 ]; then exit 1; fi
