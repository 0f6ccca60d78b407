#!/bin/sh
# Runs the project's pinned Bun with the given arguments: the one on PATH when its
# version matches, otherwise the same version through npx (only Node.js and npm needed).
PIN=$(sed -n 's/.*"packageManager": *"bun@\([^"]*\)".*/\1/p' "$(dirname "$0")/../package.json")
if command -v bun >/dev/null 2>&1 && [ "$(bun --version 2>/dev/null)" = "$PIN" ]; then
  exec bun "$@"
fi
exec npx --yes "bun@$PIN" "$@"
