#!/usr/bin/env bash
# scripts/gen-dicts.sh: rebuild the fake-data dictionaries.
#
# Fetches the MIT-licensed npm package @faker-js/faker (version below) into
# a temporary directory with "npm pack", writes data/dict/<locale>/<name>.txt
# from its locale data (scripts/gen-dicts.mjs), then embeds those files in
# src/dict_data.c (scripts/gen-dict-data.py).  Nothing is fetched when the
# extension is built or run: the outputs are committed.
#
#   bash scripts/gen-dicts.sh            # fetch, generate, embed
#   bash scripts/gen-dicts.sh --embed    # only re-embed data/dict (after editing it)
set -euo pipefail
FAKER_VERSION=10.6.0
top=$(cd "$(dirname "$0")/.." && pwd)

if [ "${1:-}" != --embed ]; then
	tmp=$(mktemp -d /tmp/anon-faker.XXXXXX)
	trap 'rm -rf "$tmp"' EXIT
	(cd "$tmp" && npm pack --silent "@faker-js/faker@$FAKER_VERSION" >/dev/null && tar xzf ./*.tgz)
	grep -q '"license": "MIT"' "$tmp/package/package.json"
	rm -rf "$top/data/dict"/*_*/
	node "$top/scripts/gen-dicts.mjs" "$tmp/package" "$top/data/dict"
fi
python3 "$top/scripts/gen-dict-data.py" "$top/data/dict" "$top/src/dict_data.c"
