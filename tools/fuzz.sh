#!/usr/bin/env bash
# Run libFuzzer on one target: tools/fuzz.sh [TARGET [SECONDS]]   (make fuzz T=extract FUZZ_SECONDS=60)
#
# Builds build/fuzz/fuzz_TARGET with clang -fsanitize=fuzzer,address,undefined (the Makefile's
# build/fuzz variant: every library source plus the embedded data), then fuzzes for SECONDS.
# Seeds: tests/fuzz/corpus/TARGET/, $SHARED/corpus/ and examples/. New coverage is kept in
# build/fuzz/corpus-TARGET/ (reused by the next run); a crash, leak, timeout or out-of-memory
# input is written to tests/fuzz/findings/ (git-ignored), its path printed, and the exit status
# is 1. To keep a finding as a regression: fix it, then copy the file into
# tests/fuzz/corpus/TARGET/ with a name that says what it was (make test replays it).
set -euo pipefail

cd "$(dirname "$0")/.."
TARGET=${1:-extract}
SECONDS_TO_RUN=${2:-60}
SHARED=${SHARED:-../shared}
CLANG=${CLANG:-clang}
BIN=build/fuzz/fuzz_$TARGET
WORK=build/fuzz/corpus-$TARGET
FINDINGS=tests/fuzz/findings
DICT=tests/fuzz/$TARGET.dict

if [ ! -f "tests/fuzz/fuzz_$TARGET.c" ]; then
    echo "fuzz: no target tests/fuzz/fuzz_$TARGET.c" >&2
    exit 2
fi
if ! command -v "$CLANG" >/dev/null; then
    echo "fuzz: $CLANG not found: make deps installs it" >&2
    exit 2
fi

make -s "$BIN" CLANG="$CLANG"

mkdir -p "$WORK" "$FINDINGS"
seeds=("tests/fuzz/corpus/$TARGET")
for d in "$SHARED/corpus" examples; do
    [ -d "$d" ] && seeds+=("$d")
done
dict=()
[ -f "$DICT" ] && dict=("-dict=$DICT")

stamp=$(mktemp "${TMPDIR:-/tmp}/ketluan-fuzz.XXXXXX")
trap 'rm -f "$stamp"' EXIT

echo "fuzz: $BIN for ${SECONDS_TO_RUN}s, seeds: ${seeds[*]}"
# The log is kept short: no line per new input, no recommended dictionary.
set +e
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
    "$BIN" "$WORK" "${seeds[@]}" "${dict[@]}" \
    -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$FINDINGS/$TARGET-" -print_final_stats=1 2>&1 |
    grep -avE '^#[0-9]+\s+(NEW|REDUCE|pulse)|# Uses: [0-9]+$|ecommended dictionary'
rc=${PIPESTATUS[0]}
set -e

mapfile -t new < <(find "$FINDINGS" -maxdepth 1 -type f -name "$TARGET-*" -newer "$stamp")
if [ ${#new[@]} -gt 0 ]; then
    echo "fuzz: FAILED (exit $rc). New findings:"
    for f in "${new[@]}"; do
        echo "  $f"
    done
    echo "fuzz: reproduce with: make build/san/fuzz_${TARGET}_replay &&" \
        "build/san/fuzz_${TARGET}_replay ${new[0]}"
    exit 1
fi
if [ "$rc" -ne 0 ]; then
    echo "fuzz: FAILED: libFuzzer exited $rc without saving an input (see its output above)"
    exit 1
fi
echo "fuzz: $TARGET ran ${SECONDS_TO_RUN}s without a finding ($(find "$WORK" -type f | wc -l) inputs in $WORK)"
