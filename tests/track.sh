# shellcheck shell=bash
# Tracking checks for tests/run.sh (sourced): import, review, lifecycle, lists, reports, bad
# input that must leave the database as it was, and a SIGKILL in the middle of a bulk import.
# Uses run/pass/fail/bad_exit and $KL, $TMP, $SHARED from tests/run.sh.

# db_state DB: everything a user can list, to compare before and after a refused command.
db_state() {
    "$KL" --db "$1" notices --format json
    "$KL" --db "$1" tasks --format json --as-of 2021-10-01
}

track_case() {
    local name=$1 want=$2
    shift 2
    run "$@"
    local why
    why=$(bad_exit "$want")
    if [ -n "$why" ]; then
        fail "track $name" "$why" "$(err_tail)"
    else
        pass "track $name"
    fi
}

# first_task DB AGENCY: the id of the first open task of that agency as of 20/09/2021.
first_task() {
    "$KL" --db "$1" tasks --format json --agency "$2" --as-of 2021-09-20 |
        python3 -c 'import json,sys; r=json.load(sys.stdin); print(r[0]["task_id"] if r else 0)'
}

# refused NAME DB CMD...: exit 1 or 2, a message on stderr, and the database unchanged.
refused() {
    local name=$1 db=$2
    shift 2
    db_state "$db" >"$TMP/before" 2>/dev/null
    run "$KL" --db "$db" "$@"
    local why
    why=$(bad_exit "1 2 3")
    db_state "$db" >"$TMP/after" 2>/dev/null
    if [ -n "$why" ]; then
        fail "track refuses $name" "$why" "$(err_tail)"
    elif [ ! -s "$TMP/err" ]; then
        fail "track refuses $name" "no message on stderr"
    elif ! cmp -s "$TMP/before" "$TMP/after"; then
        fail "track refuses $name" "the database changed"
    else
        pass "track refuses $name ($(head -c 120 "$TMP/err" | tr '\n' ' '))"
    fi
}

json_keys_ok() {
    python3 - "$TMP/out" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
need = {"task_id", "notice_id", "agency", "action", "due", "kind", "effective_due", "status",
        "days_late", "last_progress"}
if not rows:
    sys.exit("no rows")
for r in rows:
    missing = need - set(r)
    if missing:
        sys.exit("missing keys %s" % sorted(missing))
PY
}

check_track_flow() {
    local db=$TMP/track.db notices=("$SHARED"/corpus/003_*.txt "$SHARED"/corpus/004_*.txt)
    if [ ${#notices[@]} -ne 2 ]; then
        skip "track flow" "needs notices 003 and 004 of $SHARED/corpus"
        return
    fi
    track_case "import" 0 "$KL" --db "$db" import "${notices[@]}"
    [ -f "$db" ] || return 0
    run "$KL" --db "$db" import "${notices[0]}"
    if [ "$RC" -eq 0 ] && grep -q "already imported as #1" "$TMP/out"; then
        pass "track import is idempotent by content"
    else
        fail "track import is idempotent by content" "exit $RC" "$(cat "$TMP/out")"
    fi
    track_case "confirm" 0 "$KL" --db "$db" confirm 1
    run "$KL" --db "$db" tasks --format json --notice 1 --as-of 2021-09-20
    if [ "$RC" -eq 0 ] && json_keys_ok >"$TMP/why" 2>&1; then
        pass "track tasks --format json"
    else
        fail "track tasks --format json" "exit $RC" "$(cat "$TMP/why")"
    fi
    # the first overdue row as of 20/09/2021 is a task due before 10/09/2021
    run "$KL" --db "$db" tasks --format json --status overdue --as-of 2021-09-20
    if python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r and all(x["status"]=="overdue" and x["days_late"]>0 for x in r)' "$TMP/out" 2>/dev/null; then
        pass "track tasks --status overdue"
    else
        fail "track tasks --status overdue" "$(head -c 400 "$TMP/out")"
    fi
    local t_kh t_yt t_nv t_ct
    t_kh=$(first_task "$db" "Sở KH&ĐT")
    t_yt=$(first_task "$db" "Sở Y tế")
    t_nv=$(first_task "$db" "Sở Nội vụ")
    t_ct=$(first_task "$db" "Sở Công Thương")
    track_case "done with evidence" 0 "$KL" --db "$db" "done" "$t_kh" --date 2021-09-13 \
        --evidence "Báo cáo số 125/BC-SKHĐT ngày 13/9/2021"
    track_case "progress" 0 "$KL" --db "$db" progress "$t_yt" --agency "Sở Y tế" \
        --date 2021-09-15 --text "Đã rà soát kế hoạch"
    track_case "extend" 0 "$KL" --db "$db" extend "$t_nv" --to 2021-10-30 --reason "Chờ số liệu"
    track_case "cancel" 0 "$KL" --db "$db" cancel "$t_ct" --reason "Không còn cần thiết" \
        --date 2021-09-16
    track_case "stats --by agency" 0 "$KL" --db "$db" stats --by agency --as-of 2021-09-20
    track_case "task add by hand" 0 "$KL" --db "$db" task add --notice none --lead "Sở TT&TT" \
        --action "Xây dựng kho dữ liệu" --due 2021-12-31 --kind by
    track_case "task edit" 0 "$KL" --db "$db" task edit "$t_yt" --lead "Sở LĐTBXH" \
        --support "Sở Y tế" --key
    track_case "reassign to the successor" 0 "$KL" --db "$db" reassign --from "Sở Kế hoạch và Đầu tư"
    run "$KL" --db "$db" search phong chong dich
    if [ "$RC" -eq 0 ] && grep -q "phòng" "$TMP/out"; then
        pass "track search ignores diacritics"
    else
        fail "track search ignores diacritics" "exit $RC" "$(head -c 300 "$TMP/out")"
    fi
    refused "an unknown task" "$db" "done" 99999 --date 2021-09-13
    refused "an unknown agency" "$db" tasks --agency "Sở Không Có"
    refused "an impossible date" "$db" "done" "$t_yt" --date 2021-02-31
    refused "an extension to an earlier date" "$db" extend "$t_nv" --to 2021-01-01 --reason "sai"
    check_track_files "$db"
}

check_track_files() {
    local db=$1
    run "$KL" --db "$db" export --format csv --out "$TMP/t.csv" --as-of 2021-09-20
    if [ "$RC" -eq 0 ] && [ "$(head -c 3 "$TMP/t.csv" | od -An -tx1 | tr -d ' ')" = "efbbbf" ]; then
        pass "track export csv (UTF-8 with BOM)"
    else
        fail "track export csv" "exit $RC" "$(err_tail)"
    fi
    run "$KL" --db "$db" export --format ics --out "$TMP/t.ics"
    if [ "$RC" -eq 0 ] && grep -q "BEGIN:VTODO" "$TMP/t.ics" && ! awk 'length($0) > 76' "$TMP/t.ics" | grep -q .; then
        pass "track export ics"
    else
        fail "track export ics" "exit $RC" "$(err_tail)"
    fi
    run "$KL" --db "$db" export --format xlsx --out "$TMP/t.xlsx"
    if [ "$RC" -eq 0 ] && [ "$(head -c 2 "$TMP/t.xlsx")" = "PK" ]; then
        pass "track export xlsx"
    else
        fail "track export xlsx" "exit $RC" "$(err_tail)"
    fi
    run "$KL" --db "$db" remind --as-of 2021-09-20 --format docx --out "$TMP/letters"
    local letters=("$TMP"/letters/*.docx)
    if [ "$RC" -eq 0 ] && [ ${#letters[@]} -gt 0 ]; then
        pass "track remind (${#letters[@]} letters)"
    else
        fail "track remind" "exit $RC" "$(err_tail)"
    fi
    run "$KL" --db "$db" backup "$TMP/backup.db"
    if [ "$RC" -eq 0 ] && "$KL" --db "$TMP/backup.db" check >/dev/null 2>&1; then
        pass "track backup passes check"
    else
        fail "track backup" "exit $RC" "$(err_tail)"
    fi
}

# A file that is not ours, and a corrupt database: a clear error, the file untouched.
check_track_bad_db() {
    printf 'không phải cơ sở dữ liệu\n' >"$TMP/notours.db"
    local sum
    sum=$(cksum <"$TMP/notours.db")
    run "$KL" --db "$TMP/notours.db" notices
    if [ "$RC" -ne 0 ] && [ -s "$TMP/err" ] && [ "$(cksum <"$TMP/notours.db")" = "$sum" ] &&
        ! sanitizer_report; then
        pass "track refuses a file that is not a ketluan database"
    else
        fail "track refuses a file that is not a ketluan database" "exit $RC" "$(err_tail)"
    fi
    [ -f "$TMP/track.db" ] || return 0
    cp "$TMP/track.db" "$TMP/corrupt.db"
    local size
    size=$(stat -c %s "$TMP/corrupt.db")
    dd if=/dev/urandom of="$TMP/corrupt.db" bs=1 seek=$((size / 2)) count=4096 conv=notrunc \
        status=none
    run "$KL" --db "$TMP/corrupt.db" check
    if [ "$RC" -ne 0 ] && ! sanitizer_report; then
        pass "track check reports a corrupt database (exit $RC)"
    else
        fail "track check reports a corrupt database" "exit $RC" "$(err_tail)"
    fi
}

# SIGKILL in the middle of a bulk import: the database passes check, holds whole notices only
# (each with all its tasks), and running the import again completes the rest.
check_track_crash() {
    local dir=$TMP/crash db=$TMP/crash.db n=120 sources=("$SHARED"/corpus/*.txt)
    [ ${#sources[@]} -gt 0 ] || sources=(examples/*.txt)
    python3 bench/gen.py "$n" "$dir" "${sources[@]}"
    local files=("$dir"/*.txt)
    "$KL" --db "$db" import --confirm "${files[@]}" >"$TMP/crash.out" 2>"$TMP/crash.err" &
    local pid=$! waited=0
    while [ "$(grep -c 'nhiệm vụ$' "$TMP/crash.out" 2>/dev/null || true)" -lt 30 ] &&
        [ $waited -lt 600 ] && kill -0 $pid 2>/dev/null; do
        sleep 0.05
        waited=$((waited + 1))
    done
    kill -9 $pid 2>/dev/null || true
    wait $pid 2>/dev/null || true
    local printed in_db
    printed=$(grep -c 'nhiệm vụ$' "$TMP/crash.out" || true)
    run "$KL" --db "$db" check
    if [ "$RC" -ne 0 ]; then
        fail "track crash: check after SIGKILL" "exit $RC" "$(cat "$TMP/out")" "$(err_tail)"
        return
    fi
    "$KL" --db "$db" notices --format json >"$TMP/n.json"
    in_db=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$TMP/n.json")
    if [ "$printed" -ge "$n" ]; then
        fail "track crash" "the import finished before it could be killed"
        return
    fi
    if [ "$in_db" -lt "$printed" ] || [ "$in_db" -gt $((printed + 1)) ]; then
        fail "track crash: committed notices" "printed $printed, in the database $in_db"
        return
    fi
    # every stored notice is whole: as many tasks as its extraction gives
    if ! python3 - "$TMP/n.json" "$KL" <<'PY'
import json, subprocess, sys
notices = json.load(open(sys.argv[1], encoding="utf-8"))
for n in notices:
    out = subprocess.run([sys.argv[2], "extract", "--json", n["file"]], capture_output=True)
    want = len(json.loads(out.stdout)["tasks"])
    if n["tasks"] != want:
        sys.exit("notice %s has %d tasks, its file gives %d" % (n["id"], n["tasks"], want))
PY
    then
        fail "track crash: whole notices" "$(err_tail)"
        return
    fi
    run "$KL" --db "$db" import --confirm "${files[@]}"
    "$KL" --db "$db" notices --format json >"$TMP/n.json"
    in_db=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$TMP/n.json")
    if [ "$RC" -eq 0 ] && [ "$in_db" -eq "$n" ]; then
        pass "track crash: SIGKILL after $printed notices, check ok, re-run completes ($n)"
    else
        fail "track crash: re-run" "exit $RC, $in_db notices of $n" "$(err_tail)"
    fi
}

check_track() {
    check_track_flow
    check_track_bad_db
    check_track_crash
}
