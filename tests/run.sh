#!/usr/bin/env bash
# Every test of ketluan against one build: tests/run.sh BUILD_DIR   (make test: build/san)
#
# Each check prints one line, "ok   NAME" or "FAIL NAME" followed by what went wrong, and the
# last line is the count: "N passed, N failed". The exit status is 1 when any check failed.
# What runs, in order (docs/testing.md says how to add to each):
#   unit        every tests/unit/*_test.c as BUILD/tests/*_test (cmocka)
#   golden      BUILD/ketluan extract --json tests/golden/X.txt == tests/golden/X.json, bytewise
#   regress     tests/regress/*: exit 0 or 1, no sanitizer report; X.expect lists what the JSON
#               of X.txt must (or, with "!", must not) contain
#   fuzz        BUILD/fuzz_T_replay over tests/fuzz/corpus/T/ (and the notices we have)
#   cli         bad input, limits, several files, stdin, usage errors
#   patho       generated worst cases (tests/pathological/gen.py) under a time bound
#   oom         KL_FAIL_ALLOC=N for N = 1, 2, ...: exit 0 (same output) or 4, never a crash
#   example     the README's first command
#   eval        $SHARED/eval/score.py over $SHARED/corpus with the release build, at the bar
#   valgrind    the release build over the shared notices: no leak, no error
# Environment: SHARED (default ../shared), KL_TEST_TIMEOUT (seconds per run, default 60),
# KL_PATHO_TIMEOUT (default 20), KL_OOM_MAX (last N of the OOM walk, default 20000).
set -euo pipefail

usage() {
    echo "usage: tests/run.sh BUILD_DIR   (e.g. build/san)" >&2
    exit 2
}
[ $# -eq 1 ] || usage

cd "$(dirname "$0")/.."
BUILD=${1%/}
SHARED=${SHARED:-../shared}
KL=$BUILD/ketluan
RELEASE=build/ketluan
RUN_TIMEOUT=${KL_TEST_TIMEOUT:-60}
PATHO_TIMEOUT=${KL_PATHO_TIMEOUT:-20}
OOM_MAX=${KL_OOM_MAX:-20000}

# Sanitizer findings must not hide behind exit status 1, which means "bad input" here.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:exitcode=86:abort_on_error=0:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=86}
export LSAN_OPTIONS=${LSAN_OPTIONS:-exitcode=86}
unset KL_FAIL_ALLOC

[ -x "$KL" ] || { echo "tests/run.sh: $KL is not built (make test builds it)" >&2; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ketluan-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

n_pass=0
n_fail=0
n_skip=0

pass() {
    printf 'ok   %s\n' "$1"
    n_pass=$((n_pass + 1))
}

# skip NAME WHY: a check that needs what this checkout lacks (../shared, valgrind) says so.
skip() {
    printf 'skip %s (%s)\n' "$1" "$2"
    n_skip=$((n_skip + 1))
}

# fail NAME DETAIL...: the detail lines are indented under the FAIL line.
fail() {
    local name=$1
    shift
    printf 'FAIL %s\n' "$name"
    local line
    for line in "$@"; do
        printf '%s\n' "$line" | sed 's/^/       /'
    done
    n_fail=$((n_fail + 1))
}

# run CMD...: runs under the per-run timeout; sets RC; stdout in $TMP/out, stderr in $TMP/err.
run() {
    set +e
    timeout "$RUN_TIMEOUT" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
    RC=$?
    set -e
}

# run_stdin FILE CMD...: like run, with FILE as standard input.
run_stdin() {
    local input=$1
    shift
    set +e
    timeout "$RUN_TIMEOUT" "$@" >"$TMP/out" 2>"$TMP/err" <"$input"
    RC=$?
    set -e
}

# True when the last run's stderr holds a sanitizer, assert or crash report.
sanitizer_report() {
    grep -qE 'Sanitizer|runtime error:|Assertion .* failed|fuzz_[a-z]+: ' "$TMP/err"
}

err_tail() {
    tail -n 15 "$TMP/err"
}

# Why the last run is not a clean exit with one of the allowed codes (empty if it is).
bad_exit() {
    local allowed=$1
    if [ "$RC" -eq 124 ]; then
        echo "timed out after ${RUN_TIMEOUT}s"
    elif sanitizer_report; then
        echo "sanitizer/assert report (exit $RC)"
    elif [[ " $allowed " != *" $RC "* ]]; then
        echo "exit $RC, expected one of: $allowed"
    fi
}

# True when every line of FILE is one JSON object with a "tasks" list.
json_lines_ok() {
    python3 - "$1" <<'EOF'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
if lines and lines[-1] == "":
    lines.pop()
for line in lines:
    obj = json.loads(line)
    if not isinstance(obj, dict) or not isinstance(obj.get("tasks"), list):
        sys.exit("no tasks list in: " + line[:200])
EOF
}

# FILE's JSON indented for a readable diff, or FILE as it is when it is not JSON.
pretty() {
    python3 -m json.tool --no-ensure-ascii "$1" 2>/dev/null || cat "$1"
}

# The number of tasks in the one JSON object in FILE.
task_count() {
    python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1], encoding="utf-8"))["tasks"]))' "$1"
}

shopt -s nullglob

# ---- unit ---------------------------------------------------------------------------------
check_unit() {
    local src name bin
    for src in tests/unit/*_test.c; do
        name=$(basename "$src" .c)
        bin=$BUILD/tests/$name
        if [ ! -x "$bin" ]; then
            fail "unit $name" "$bin is not built"
            continue
        fi
        run "$bin"
        # cmocka reports on stderr or stdout, depending on CMOCKA_MESSAGE_OUTPUT.
        if [ "$RC" -eq 0 ] && ! sanitizer_report; then
            pass "unit $name ($(cat "$TMP/out" "$TMP/err" | grep -oE 'PASSED +\] +[0-9]+' |
                grep -oE '[0-9]+$' | tail -n 1 || true) passed)"
        else
            fail "unit $name" "exit $RC" "$(cat "$TMP/out" "$TMP/err" |
                grep -E 'FAILED|ERROR|LINE|Failure|failed|Sanitizer' | head -n 20)"
        fi
    done
}

# ---- golden -------------------------------------------------------------------------------
check_golden() {
    local txt want
    for txt in tests/golden/*.txt; do
        want=${txt%.txt}.json
        if [ ! -f "$want" ]; then
            fail "golden $txt" "no $want: make golden-update writes it (review it before commit)"
            continue
        fi
        run "$KL" extract --json "$txt"
        local why
        why=$(bad_exit 0)
        if [ -n "$why" ]; then
            fail "golden $txt" "$why" "$(err_tail)"
        elif cmp -s "$TMP/out" "$want"; then
            pass "golden $txt"
        else
            pretty "$want" >"$TMP/want.pretty"
            pretty "$TMP/out" >"$TMP/got.pretty"
            fail "golden $txt" "output differs from $want (- expected, + got):" \
                "$(diff -u "$TMP/want.pretty" "$TMP/got.pretty" | tail -n +3 | head -n 60)"
        fi
    done
}

# ---- regress ------------------------------------------------------------------------------
# X.expect: one line each; "text" must occur in the JSON, "!text" must not, "re:ERE" must match,
# "exit=N" sets the exit status wanted (default: 0 or 1). Blank lines and "#" lines are skipped.
check_expect() {
    local expect=$1 line missing=()
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in
        '' | '#'* | exit=*) ;;
        '!'*) if grep -qF -- "${line#!}" "$TMP/out"; then missing+=("found, must not be: ${line#!}"); fi ;;
        re:*) if ! grep -qE -- "${line#re:}" "$TMP/out"; then missing+=("no match: ${line#re:}"); fi ;;
        *) if ! grep -qF -- "$line" "$TMP/out"; then missing+=("missing: $line"); fi ;;
        esac
    done <"$expect"
    if [ ${#missing[@]} -gt 0 ]; then
        printf '%s\n' "${missing[@]}"
    fi
}

check_regress() {
    local f expect allowed why problems
    for f in tests/regress/*; do
        case $f in *.expect | */README*) continue ;; esac
        [ -f "$f" ] || continue
        expect=${f%.*}.expect
        allowed="0 1"
        if [ -f "$expect" ] && grep -q '^exit=' "$expect"; then
            allowed=$(grep -m1 '^exit=' "$expect" | cut -d= -f2)
        fi
        run "$KL" extract --json "$f"
        why=$(bad_exit "$allowed")
        if [ -n "$why" ]; then
            fail "regress $f" "$why" "$(err_tail)"
            continue
        fi
        problems=""
        if [ -f "$expect" ]; then
            problems=$(check_expect "$expect")
        fi
        if [ -n "$problems" ]; then
            fail "regress $f" "$problems" "output: $(head -c 600 "$TMP/out")"
        else
            pass "regress $f"
        fi
    done
}

# ---- fuzz corpus replay -------------------------------------------------------------------
check_fuzz_replay() {
    local dir target bin inputs
    for dir in tests/fuzz/corpus/*/; do
        target=$(basename "$dir")
        bin=$BUILD/fuzz_${target}_replay
        inputs=("$dir"* "$SHARED"/corpus/*.txt examples/*.txt)
        if [ ! -x "$bin" ]; then
            fail "fuzz-replay $target" "$bin is not built"
            continue
        fi
        run "$bin" "${inputs[@]}"
        local why
        why=$(bad_exit 0)
        if [ -z "$why" ]; then
            pass "fuzz-replay $target (${#inputs[@]} inputs)"
        else
            fail "fuzz-replay $target" "$why; the last 'replay:' line names the input" \
                "$(grep -v '^replay: ' "$TMP/err" | tail -n 15)" \
                "$(grep '^replay: ' "$TMP/err" | tail -n 1)"
        fi
    done
}

# ---- command line: bad input and the options --------------------------------------------
# cli_case NAME EXPECTED_RC STDERR_ERE|- CMD...: the exit status and a pattern on stderr.
cli_case() {
    local name=$1 want=$2 pattern=$3
    shift 3
    run "$@"
    local why
    why=$(bad_exit "$want")
    if [ -n "$why" ]; then
        fail "cli $name" "$why" "$(err_tail)"
    elif [ "$pattern" != - ] && ! grep -qE -- "$pattern" "$TMP/err"; then
        fail "cli $name" "stderr does not match /$pattern/:" "$(err_tail)"
    else
        pass "cli $name"
    fi
}

# cli_json NAME WANT_TASKS(-: any) CMD...: exit 0 and one valid JSON object per line.
cli_json() {
    local name=$1 want=$2
    shift 2
    run "$@"
    local why
    why=$(bad_exit 0)
    if [ -n "$why" ]; then
        fail "cli $name" "$why" "$(err_tail)"
    elif ! json_lines_ok "$TMP/out" 2>"$TMP/why"; then
        fail "cli $name" "not one JSON object per line: $(tail -n 2 "$TMP/why")" \
            "$(head -c 400 "$TMP/out")"
    elif [ "$want" != - ] && [ "$(task_count "$TMP/out")" != "$want" ]; then
        fail "cli $name" "expected $want tasks, got $(task_count "$TMP/out")"
    else
        pass "cli $name"
    fi
}

check_cli() {
    local d=$TMP/cli
    mkdir -p "$d/a-directory"
    printf 'abc\xff' >"$d/bad-utf8.txt"
    printf 'abc\0def\n' >"$d/nul.txt"
    : >"$d/empty.txt"
    printf ' \n\t\n  \r\n' >"$d/blank.txt"
    printf 'Hôm nay trời đẹp. Cuộc họp đã diễn ra tốt đẹp.\n' >"$d/no-tasks.txt"
    printf 'Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính kiểm tra, báo cáo UBND tỉnh.\n' \
        >"$d/one.txt"
    head -c 1000 /dev/zero | tr '\0' 'a' >"$d/big.txt"

    cli_case "missing file" 1 'no-such-notice\.txt' "$KL" extract --json "$d/no-such-notice.txt"
    cli_case "a directory" 1 'a-directory' "$KL" extract --json "$d/a-directory"
    cli_case "invalid UTF-8" 1 'byte 3' "$KL" extract --json "$d/bad-utf8.txt"
    cli_case "NUL byte" 1 'nul\.txt' "$KL" extract --json "$d/nul.txt"
    cli_case "over --max-bytes" 1 '[Ll]imit|giới hạn|quá lớn' \
        "$KL" extract --json --max-bytes 100 "$d/big.txt"
    cli_case "unknown option" 2 - "$KL" extract --no-such-option "$d/one.txt"
    cli_case "unknown command" 2 - "$KL" no-such-command
    cli_case "help" 0 - "$KL" help
    cli_case "--version" 0 - "$KL" --version
    cli_case "empty file" 1 'empty\.txt.*(empty|0 bytes)' "$KL" extract --json "$d/empty.txt"
    cli_case "only white space" 1 'blank\.txt.*white space' "$KL" extract --json "$d/blank.txt"
    cli_json "text without tasks" 0 "$KL" extract --json "$d/no-tasks.txt"
    cli_json "one task" 1 "$KL" extract --json "$d/one.txt"

    run "$KL" extract --json "$d/one.txt" "$d/no-tasks.txt" "$d/one.txt"
    if [ -n "$(bad_exit 0)" ] || [ "$(wc -l <"$TMP/out")" -ne 3 ] || ! json_lines_ok "$TMP/out"; then
        fail "cli several files, one line each" "exit $RC, $(wc -l <"$TMP/out") lines" "$(err_tail)"
    else
        pass "cli several files, one line each"
    fi

    run "$KL" extract --json "$d/one.txt"
    cp "$TMP/out" "$d/one.json"
    run_stdin "$d/one.txt" "$KL" extract --json -
    if [ -n "$(bad_exit 0)" ] || ! cmp -s "$TMP/out" "$d/one.json"; then
        fail "cli - reads stdin" "exit $RC; output differs from the file's" "$(err_tail)"
    else
        pass "cli - reads stdin"
    fi

    run "$KL" extract --json "$d/one.txt" "$d/no-such-notice.txt" "$d/empty.txt" "$d/no-tasks.txt"
    if [ "$RC" -ne 1 ] || [ "$(wc -l <"$TMP/out")" -ne 2 ] || sanitizer_report; then
        fail "cli a bad file among good ones" "exit $RC (want 1), $(wc -l <"$TMP/out") lines (want 2)" \
            "$(err_tail)"
    else
        pass "cli a bad file among good ones"
    fi
}

# ---- pathological inputs ------------------------------------------------------------------
check_pathological() {
    local d=$TMP/patho f name start secs
    mkdir -p "$d"
    python3 tests/pathological/gen.py "$d"
    for f in tests/pathological/*.txt "$d"/*.txt; do
        name=$(basename "$f")
        start=$EPOCHREALTIME
        set +e
        timeout "$PATHO_TIMEOUT" "$KL" extract --json "$f" >"$TMP/out" 2>"$TMP/err" </dev/null
        RC=$?
        set -e
        secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
        if [ "$RC" -eq 124 ]; then
            fail "patho $name" "did not finish in ${PATHO_TIMEOUT}s"
        elif { [ "$RC" -ne 0 ] && ! { [ "$RC" -eq 1 ] && grep -qF "$name" "$TMP/err"; }; } ||
            sanitizer_report; then
            # exit 1 is right for input that is not a notice (only white space), named on stderr
            fail "patho $name" "exit $RC after ${secs}s" "$(err_tail)"
        else
            pass "patho $name (${secs}s, $(($(wc -c <"$f") / 1024)) KiB)"
        fi
    done
}

# ---- out of memory at every allocation ---------------------------------------------------
# N = 1..60, then growing by a quarter, until a run no longer reaches the Nth allocation.
check_oom() {
    local notice=examples/thong-bao-ket-luan-mau.txt n runs=0 problem="" corpus
    corpus=("$SHARED"/corpus/*.txt)
    [ ${#corpus[@]} -eq 0 ] || notice=${corpus[0]}
    run "$KL" extract --json "$notice"
    if [ -n "$(bad_exit 0)" ]; then
        fail "oom walk" "the run without failures already fails: exit $RC" "$(err_tail)"
        return
    fi
    cp "$TMP/out" "$TMP/oom-want.json"
    n=1
    while [ "$n" -le "$OOM_MAX" ]; do
        runs=$((runs + 1))
        set +e
        KL_FAIL_ALLOC=$n timeout "$RUN_TIMEOUT" "$KL" extract --json "$notice" \
            >"$TMP/out" 2>"$TMP/err" </dev/null
        RC=$?
        set -e
        if [ "$RC" -eq 124 ] || sanitizer_report || { [ "$RC" -ne 0 ] && [ "$RC" -ne 4 ]; }; then
            problem="KL_FAIL_ALLOC=$n: exit $RC"
            break
        fi
        if [ "$RC" -eq 0 ]; then
            if ! cmp -s "$TMP/out" "$TMP/oom-want.json"; then
                problem="KL_FAIL_ALLOC=$n: exit 0 but the output differs (a failure was lost)"
                break
            fi
            break # allocation N is never reached: every path has been walked
        fi
        if [ "$n" -lt 60 ]; then
            n=$((n + 1))
        else
            n=$((n + n / 4))
        fi
    done
    if [ -n "$problem" ]; then
        fail "oom walk" "$problem on $notice" \
            "rerun: KL_FAIL_ALLOC=${n} $KL extract --json $notice" "$(err_tail)"
    elif [ "$RC" -ne 0 ]; then
        fail "oom walk" "still failing at KL_FAIL_ALLOC=$OOM_MAX: raise KL_OOM_MAX"
    else
        pass "oom walk ($runs runs on $(basename "$notice"), exit 0 or 4, no leak)"
    fi
}

# ---- the README's first command -----------------------------------------------------------
check_example() {
    local ex=examples/thong-bao-ket-luan-mau.txt
    [ -f "$ex" ] || return 0
    cli_case "example --table" 0 - "$KL" extract --table "$ex"
    if [ "$RC" -eq 0 ] && [ ! -s "$TMP/out" ]; then
        fail "cli example --table prints a table" "nothing on stdout"
    fi
    cli_json "example --json" - "$KL" extract --json "$ex"
}

# ---- the release build: eval and valgrind ------------------------------------------------
ensure_release() {
    [ -x "$RELEASE" ] || make -s "$RELEASE" >/dev/null
}

check_eval() {
    local score=$SHARED/eval/score.py
    if [ ! -f "$score" ]; then
        skip "eval" "no $score"
        return
    fi
    ensure_release
    set +e
    python3 "$score" --gold "$SHARED/gold" --corpus "$SHARED/corpus" \
        --cmd "$RELEASE extract --json {}" \
        --min task_f1=0.95 --min lead_acc=0.95 --min deadline_acc=0.95 \
        --min support_f1=0.90 --min header_acc=0.90 >"$TMP/out" 2>&1
    RC=$?
    set -e
    local summary
    summary=$(grep -E '^task_f1=' "$TMP/out" | tail -n 1 || true)
    if [ "$RC" -eq 0 ]; then
        pass "eval ${summary:-}"
    else
        fail "eval (make eval lists every miss)" "$(tail -n 8 "$TMP/out")"
    fi
}

check_valgrind() {
    if ! command -v valgrind >/dev/null; then
        skip "valgrind" "not installed"
        return
    fi
    local notices=("$SHARED"/corpus/*.txt)
    [ ${#notices[@]} -gt 0 ] || notices=(examples/*.txt)
    ensure_release
    set +e
    timeout $((RUN_TIMEOUT * 10)) valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
        --error-exitcode=9 "$RELEASE" extract --json "${notices[@]}" >"$TMP/out" 2>"$TMP/err"
    RC=$?
    set -e
    if [ "$RC" -eq 0 ]; then
        pass "valgrind (${#notices[@]} notices, no leak, no error)"
    else
        fail "valgrind" "exit $RC" "$(head -n 30 "$TMP/err")"
    fi
}

# shellcheck source=tests/track.sh
. tests/track.sh

check_unit
check_golden
check_regress
check_fuzz_replay
check_cli
check_track
check_example
check_pathological
check_oom
check_eval
check_valgrind

echo
if [ "$n_skip" -gt 0 ]; then
    echo "$n_pass passed, $n_fail failed, $n_skip skipped"
else
    echo "$n_pass passed, $n_fail failed"
fi
[ "$n_fail" -eq 0 ]
