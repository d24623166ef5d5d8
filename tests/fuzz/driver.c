/* An AFL-style main for the fuzz targets: runs LLVMFuzzerTestOneInput once over each file named
 * on the command line, or over standard input when none is. Linked instead of libFuzzer's main,
 * it lets `make test` replay tests/fuzz/corpus/<target>/ with gcc and the sanitizers, and it
 * reproduces a finding without clang: build/san/fuzz_extract_replay crash-1234.
 *
 * Before each input it prints "replay: FILE" on stderr, so a sanitizer report that follows
 * names the input that caused it. Exit status: 0 when every input ran, 2 when one could not be
 * read; a finding aborts the process (sanitizer report, or a trap in the target). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "src/base/base.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs longer than libFuzzer's -max_len in tools/fuzz.sh are still replayed whole. */
#define MAX_INPUT ((size_t)64 << 20)

static int replay(const char *path)
{
    char *bytes = NULL;
    size_t len = 0;
    kl_error err;
    kl_err_clear(&err);
    fprintf(stderr, "replay: %s\n", path);
    if (kl_read_file(path, MAX_INPUT, &bytes, &len, &err) != KL_OK) {
        fprintf(stderr, "replay: cannot read %s: %s\n", path, err.msg);
        return 2;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)bytes, len);
    kl_free(bytes);
    return 0;
}

int main(int argc, char **argv)
{
    int status = 0;
    if (argc < 2)
        return replay("-");
    for (int i = 1; i < argc; i++) {
        if (replay(argv[i]) != 0)
            status = 2;
    }
    return status;
}
