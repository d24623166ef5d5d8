#!/usr/bin/env bash
# Install the Debian 12 packages that the build and every test need (make deps).
# Silent when everything is there; otherwise runs apt-get update once and installs what is
# missing, non-interactively. Needs root (or sudo) only when something is missing.
set -euo pipefail

PACKAGES=(
    # the build
    build-essential gcc make pkg-config
    libutf8proc-dev
    # libraries the later modules link (input/, store/, track/, http/)
    libsqlite3-dev sqlite3 libxlsxwriter-dev libzip-dev libsodium-dev libxml2-dev zlib1g-dev libzstd-dev
    # tests: cmocka units, the scripts, valgrind, GNU time for the bench
    libcmocka-dev python3 valgrind time coreutils diffutils findutils
    # fuzzing: clang with its libFuzzer and sanitizer runtimes
    clang clang-14 libclang-rt-14-dev
    # make lint
    clang-format shellcheck
)

missing=()
for p in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    if [ "$status" != "install ok installed" ]; then
        missing+=("$p")
    fi
done

# libFuzzer's runtime is what an install most often lacks: check that clang links a fuzzer.
fuzzer_links() {
    command -v clang >/dev/null || return 1
    local dir
    dir=$(mktemp -d "${TMPDIR:-/tmp}/ketluan-deps.XXXXXX")
    printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
        'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
        'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
        >"$dir/t.c"
    local ok=0
    clang -fsanitize=fuzzer,address,undefined -o "$dir/t" "$dir/t.c" 2>/dev/null || ok=1
    rm -rf "$dir"
    return $ok
}

if [ ${#missing[@]} -gt 0 ]; then
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null; then
            sudo=(sudo)
        else
            echo "deps: missing ${missing[*]}; run as root: apt-get install ${missing[*]}" >&2
            exit 1
        fi
    fi
    echo "deps: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    echo "deps: done"
fi

if ! fuzzer_links; then
    echo "deps: clang cannot link a libFuzzer target (libclang_rt.fuzzer missing?):" \
        "apt-get install libclang-rt-14-dev" >&2
    exit 1
fi
