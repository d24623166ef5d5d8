#!/usr/bin/env bash
# Benchmarks (make bench): bench/run.sh [SECTION...]   sections: corpus extract memory profile
#
#   corpus   build/bench/corpus/: the shared notices and the example notice copied as separate
#            files until there are at least KL_BENCH_MB (40) MB; kept while its sources and size
#            are unchanged
#   extract  throughput of `ketluan extract --json` beside `wc -w` over the same files, each
#            best of 3 wall-clock runs, in batches of KL_BENCH_BATCH (500) files per process
#   memory   peak memory for one notice and for the whole corpus in one process: ketluan's own
#            --stats line (maxrss_kb; arena_peak_max, bytes, shown in KiB) and GNU time's %M
#   track    the tracking store at scale: KL_BENCH_NOTICES (50,000) notices made by bench/gen.py
#            from the example and the shared notices, imported into a fresh database beside
#            the sqlite3 CLI loading the same texts into an FTS5 table (one transaction per
#            notice on both sides); then `tasks --status overdue --agency X` and
#            `stats --by agency` latency (best of 5, whole command) and bytes per assignment
#   profile  how to profile with callgrind (printed, not run)
#
# Benchmarks measure and print; they never fail on a figure. The baseline (wc -w) is measured in
# the same run on the same files, so the ratio means something on any machine.
# Later sections (tracking: import into the store, task queries, reports) go beside these: a
# function bench_NAME and its name in SECTIONS.
set -euo pipefail
cd "$(dirname "$0")/.."

SHARED=${SHARED:-../shared}
KL=build/ketluan
OUT=build/bench
WARM=build/warm_bench
CORPUS=$OUT/corpus
TARGET_MB=${KL_BENCH_MB:-40}
BATCH=${KL_BENCH_BATCH:-500}
EXAMPLE=examples/thong-bao-ket-luan-mau.txt
SECTIONS=(corpus extract memory track profile)

shopt -s nullglob
SOURCES=("$SHARED"/corpus/*.txt)
[ -f "$EXAMPLE" ] && SOURCES+=("$EXAMPLE")

make -s "$KL" "$WARM" # up to date with the library: the database it opens is this build's
mkdir -p "$OUT"

now() {
    echo "$EPOCHREALTIME"
}

# best_of3 CMD...: the fastest of three wall-clock runs, in seconds; stdout of CMD discarded.
# The exit status of the last run goes to $OUT/best_rc (this runs in a subshell).
best_of3() {
    local best="" start end t
    for _ in 1 2 3; do
        start=$(now)
        set +e
        "$@" >/dev/null
        echo $? >"$OUT/best_rc"
        set -e
        end=$(now)
        t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
        if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then
            best=$t
        fi
    done
    echo "$best"
}

corpus_files() {
    find "$CORPUS" -name '*.txt' -print0 | sort -z
}

# run_batches CMD...: CMD over every corpus file, BATCH files per process.
run_batches() {
    corpus_files | xargs -0 -n "$BATCH" "$@"
}

bench_corpus() {
    echo "== corpus"
    if [ ${#SOURCES[@]} -eq 0 ]; then
        echo "no sources: neither $SHARED/corpus/*.txt nor $EXAMPLE" >&2
        exit 1
    fi
    local total reps stamp
    total=$(cat "${SOURCES[@]}" | wc -c)
    reps=$(((TARGET_MB * 1000000 + total - 1) / total))
    stamp="reps=$reps $(cksum "${SOURCES[@]}" | awk '{ print $1 }' | tr '\n' ' ')"
    if [ -f "$CORPUS/.stamp" ] && [ "$(cat "$CORPUS/.stamp")" = "$stamp" ]; then
        echo "kept $CORPUS ($reps copies of ${#SOURCES[@]} notices)"
        return
    fi
    rm -rf "$CORPUS"
    mkdir -p "$CORPUS"
    local r s
    for ((r = 1; r <= reps; r++)); do
        for s in "${SOURCES[@]}"; do
            cp "$s" "$CORPUS/$(printf '%04d' "$r")-$(basename "$s")"
        done
    done
    echo "$stamp" >"$CORPUS/.stamp"
    echo "made $CORPUS: $reps copies of ${#SOURCES[@]} notices"
}

bench_extract() {
    echo "== extract throughput (best of 3, $BATCH files per process, $(nproc) cores, one used)"
    local n bytes t_wc t_kl kl_rc
    n=$(corpus_files | tr -cd '\0' | wc -c)
    bytes=$(corpus_files | xargs -0 cat | wc -c)
    t_wc=$(best_of3 run_batches wc -w)
    t_kl=$(best_of3 run_batches "$KL" extract --json)
    kl_rc=$(cat "$OUT/best_rc")
    printf '%-28s %8s %7s %9s %9s %11s\n' what MB files seconds MB/s notices/s
    row() {
        awk -v w="$1" -v b="$bytes" -v n="$n" -v t="$2" 'BEGIN {
            t = t > 0 ? t : 0.001
            printf "%-28s %8.1f %7d %9.3f %9.1f %11.0f\n", w, b / 1e6, n, t, b / 1e6 / t, n / t }'
    }
    row "wc -w" "$t_wc"
    row "ketluan extract --json" "$t_kl"
    awk -v a="$t_kl" -v b="$t_wc" 'BEGIN { printf "ratio ketluan / wc -w: %.1fx the time\n",
        a / (b > 0 ? b : 0.001) }'
    if [ "$kl_rc" -ne 0 ]; then
        echo "note: ketluan exited $kl_rc on some batch (xargs status); figures may not count every file"
    fi
}

# stats_field FILE NAME: NAME=value from ketluan's "stats ..." line, or "n/a".
stats_field() {
    local v
    v=$(grep -oE "(^| )$2=[0-9.]+" "$1" | tail -n 1 | cut -d= -f2 || true)
    echo "${v:-n/a}"
}

# memory_row LABEL FILE...: one process over the files, with --stats and GNU time.
memory_row() {
    local label=$1
    shift
    local rc=0
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f %M -o "$OUT/time.txt" "$KL" extract --json --stats "$@" \
            >/dev/null 2>"$OUT/stats.txt" || rc=$?
    else
        echo n/a >"$OUT/time.txt"
        "$KL" extract --json --stats "$@" >/dev/null 2>"$OUT/stats.txt" || rc=$?
    fi
    local arena
    arena=$(stats_field "$OUT/stats.txt" arena_peak_max)
    [ "$arena" = n/a ] || arena=$((arena / 1024))
    printf '%-22s %7d %14s %18s %14s%s\n' "$label" "$#" \
        "$(stats_field "$OUT/stats.txt" maxrss_kb)" "$arena" \
        "$(tail -n 1 "$OUT/time.txt")" "$([ "$rc" -eq 0 ] || echo "  (exit $rc)")"
}

bench_memory() {
    echo "== peak memory (budget: under 8 MB per notice, flat over many notices)"
    local files biggest
    mapfile -d '' -t files < <(corpus_files)
    biggest=$(wc -c "${SOURCES[@]}" | grep -v ' total$' | sort -n | tail -n 1 | awk '{ print $2 }')
    printf '%-22s %7s %14s %18s %14s\n' run files maxrss_kb arena_peak_kb time_%M_kb
    memory_row "one notice" "$biggest"
    memory_row "whole corpus" "${files[@]}"
}

# ms CMD...: the best of five wall-clock runs of CMD, in milliseconds.
best_ms() {
    local best="" start end t
    for _ in 1 2 3 4 5; do
        start=$(now)
        "$@" >/dev/null
        end=$(now)
        t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
        if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then
            best=$t
        fi
    done
    echo "$best"
}

bench_track() {
    local n=${KL_BENCH_NOTICES:-50000} dir=$OUT/track db=$OUT/track/bench.db
    local notices=$dir/notices fts=$OUT/track/fts.db
    echo "== tracking store ($n notices)"
    if [ ! -f "$notices/.stamp" ] || [ "$(cat "$notices/.stamp")" != "$n" ]; then
        rm -rf "$notices"
        python3 bench/gen.py "$n" "$notices" "${SOURCES[@]}"
        echo "$n" >"$notices/.stamp"
    fi
    local mb
    mb=$(du -sm "$notices" | awk '{ print $1 }')
    rm -f "$db" "$db"-wal "$db"-shm "$fts" "$fts"-wal "$fts"-shm
    local start end t_import t_fts
    start=$(now)
    # as many files per run as the command line holds (one run imports a folder in practice)
    find "$notices" -name '*.txt' -print0 | sort -z |
        xargs -0 -s 2000000 "$KL" --db "$db" import --confirm >/dev/null
    end=$(now)
    t_import=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
    {
        echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        echo "CREATE VIRTUAL TABLE notice USING fts5(body);"
        find "$notices" -name '*.txt' | sort |
            sed "s/'/''/g; s/.*/INSERT INTO notice(body) VALUES (readfile('&'));/"
    } >"$dir/fts.sql"
    start=$(now)
    sqlite3 "$fts" <"$dir/fts.sql" >/dev/null
    end=$(now)
    t_fts=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
    local assignments bytes
    assignments=$(sqlite3 "$db" 'SELECT count(*) FROM assignment;' 2>/dev/null || echo 0)
    bytes=$(stat -c %s "$db")
    printf '%-40s %8s MB %10s s %12s notices/s\n' what "" "" ""
    awk -v n="$n" -v mb="$mb" -v t="$t_import" -v f="$t_fts" 'BEGIN {
        printf "%-40s %8d MB %10.2f s %12.0f notices/s\n", "ketluan import --confirm", mb, t, n / t
        printf "%-40s %8d MB %10.2f s %12.0f notices/s\n", "sqlite3 CLI into FTS5 (baseline)", mb, f, n / f
        printf "ratio ketluan / FTS5 load: %.2fx the speed\n", f / t
    }'
    echo "assignments: $assignments, database: $((bytes / 1048576)) MiB," \
        "$((assignments > 0 ? bytes / assignments : 0)) bytes per assignment (notice texts included)"
    echo "-- lists and statistics as imported: nothing reported done, so every due assignment is"
    echo "   overdue (the worst case of a list)"
    track_queries "$db"
    # Five years of follow-up, as an office would have recorded it through done and progress:
    # 88% of what fell due over a month ago done (three in four on time), 60% of the undated
    # done, 40% of what is open with a report in the last 60 days. Written straight into the
    # bench database (the same columns the commands write), deterministic by id.
    sqlite3 "$db" "
        UPDATE assignment SET
          done_day = CASE WHEN (id * 7919) % 100 < 75 THEN due_day - (id % 15)
                          ELSE min(due_day + 1 + (id % 40), 20453) END,
          done_evidence = 'Báo cáo số ' || id || '/BC'
        WHERE due_day IS NOT NULL AND due_day < 20454 - 30 AND (id * 104729) % 100 < 88;
        UPDATE assignment SET done_day = 20453 - (id % 700), done_evidence = 'Báo cáo ' || id
        WHERE due_day IS NULL AND (id * 104729) % 100 < 60;
        UPDATE assignment SET last_progress_day = 20454 - (id % 60)
        WHERE done_day IS NULL AND (id * 17) % 100 < 40;" >/dev/null
    echo "-- after five years of simulated follow-up (most of what fell due done)"
    track_queries "$db"
}

# The list and statistics figures of the issue on database $1 (as of 2026-01-01).
track_queries() {
    local db=$1 agency="Sở Tài chính" t_overdue t_stats t_page rows
    rows=$("$KL" --db "$db" tasks --status overdue --agency "$agency" --as-of 2026-01-01 \
        --format csv | tail -n +2 | wc -l)
    t_overdue=$(best_ms "$KL" --db "$db" tasks --status overdue --agency "$agency" \
        --as-of 2026-01-01 --format json)
    t_page=$(best_ms "$KL" --db "$db" tasks --status overdue --agency "$agency" \
        --as-of 2026-01-01 --format json --limit 100)
    t_stats=$(best_ms "$KL" --db "$db" stats --by agency --as-of 2026-01-01)
    echo "tasks --status overdue --agency '$agency' ($rows rows): $t_overdue ms (whole command," \
        "target 20 ms)"
    echo "  the first 100 of them (a page of a list): $t_page ms"
    rows=$("$KL" --db "$db" tasks --status overdue --as-of 2026-01-01 --format csv |
        tail -n +2 | wc -l)
    echo "tasks --status overdue, every agency ($rows rows): $(best_ms "$KL" --db "$db" tasks \
        --status overdue --as-of 2026-01-01 --format json) ms; the first 100: $(best_ms "$KL" \
        --db "$db" tasks --status overdue --as-of 2026-01-01 --format json --limit 100) ms"
    echo "stats --by agency: $t_stats ms (whole command, target 300 ms)"
    echo "search 'phong chong dich' (20 hits): $(best_ms "$KL" --db "$db" search \
        'phong chong dich') ms"
    if [ -x "$WARM" ]; then
        echo "  the same on one open connection (as the HTTP server runs them):"
        "$WARM" "$db" "$agency" 2026-01-01 | sed 's/^/    /'
    fi
}

bench_profile() {
    echo "== profile"
    echo "callgrind (instruction counts, repeatable): valgrind --tool=callgrind" \
        "--callgrind-out-file=$OUT/callgrind.out $KL extract --json ${SOURCES[*]} >/dev/null" \
        "&& callgrind_annotate $OUT/callgrind.out | head -n 40"
}

echo "ketluan bench: $(git describe --always --dirty 2>/dev/null || echo '?'), $(nproc) cores," \
    "$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //' || echo '?')"
run=("$@")
[ ${#run[@]} -gt 0 ] || run=("${SECTIONS[@]}")
for s in "${run[@]}"; do
    if ! declare -F "bench_$s" >/dev/null; then
        echo "bench: no section $s (have: ${SECTIONS[*]})" >&2
        exit 2
    fi
    [ "$s" = corpus ] || [ "$s" = track ] || [ -f "$CORPUS/.stamp" ] || bench_corpus
    "bench_$s"
done
