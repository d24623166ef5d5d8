#!/usr/bin/env bash
# Rewrite tests/golden/*.json from tests/golden/*.txt with the release build (make golden-update).
# Review `git diff tests/golden` before committing: every changed line is a changed answer.
# tests/run.sh compares `ketluan extract --json tests/golden/X.txt` with X.json byte for byte,
# so the file is exactly what the command prints, run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/../.."

KL=build/ketluan
[ -x "$KL" ] || make -s "$KL"

shopt -s nullglob
inputs=(tests/golden/*.txt)
if [ ${#inputs[@]} -eq 0 ]; then
    echo "golden-update: no tests/golden/*.txt"
    exit 0
fi
changed=0
for txt in "${inputs[@]}"; do
    json=${txt%.txt}.json
    tmp=$json.new
    if ! "$KL" extract --json "$txt" >"$tmp"; then
        rm -f "$tmp"
        echo "golden-update: $KL failed on $txt" >&2
        exit 1
    fi
    if [ -f "$json" ] && cmp -s "$tmp" "$json"; then
        rm -f "$tmp"
    else
        mv "$tmp" "$json"
        echo "updated $json"
        changed=$((changed + 1))
    fi
done
echo "golden-update: ${#inputs[@]} inputs, $changed updated; review: git diff tests/golden"
