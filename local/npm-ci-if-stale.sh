#!/usr/bin/env bash
# Installs the npm packages (dynalite, the DynamoDB stand-in, and the pinned CDK CLI) with `npm ci` when
# node_modules is missing or older than package-lock.json. Run by the Maven build of local/ (initialize phase), so
# neither the README's commands nor .ci/run need a step of their own. Usage: bash local/npm-ci-if-stale.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# npm writes node_modules/.package-lock.json at the end of every install: absent or older means stale.
installed=node_modules/.package-lock.json
if [[ -f "${installed}" && ! package-lock.json -nt "${installed}" && -f node_modules/dynalite/package.json ]]; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "npm-ci-if-stale: npm not found; Node.js 20 or later (with npm) is needed for the DynamoDB stand-in (dynalite)" >&2
  exit 1
fi

echo "npm-ci-if-stale: node_modules missing or older than package-lock.json; running npm ci"
npm ci --no-audit --no-fund --loglevel=error
