/* Whole-file reading with a size cap; "-" is standard input. */
#include "base.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int read_fd(int fd, const char *path, size_t max, char **out, size_t *out_len, kl_error *err)
{
    kl_buf b;
    kl_buf_init(&b, max + 1);
    for (;;) {
        char chunk[65536];
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            kl_buf_fini(&b);
            return kl_err_errno(err, KL_ERR_IO, e, "%s: cannot read", path);
        }
        if (n == 0)
            break;
        if (b.len + (size_t)n > max) {
            kl_buf_fini(&b);
            return kl_err_set(err, KL_ERR_TOOBIG, max, "%s: larger than the limit of %zu bytes",
                              path, max);
        }
        if (kl_buf_append(&b, chunk, (size_t)n) != KL_OK) {
            kl_buf_fini(&b);
            return kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "%s: out of memory", path);
        }
    }
    if (!b.p && kl_buf_append(&b, "", 0) != KL_OK)
        return kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "%s: out of memory", path);
    *out = kl_buf_steal(&b, out_len);
    return KL_OK;
}

int kl_read_file(const char *path, size_t max, char **out, size_t *out_len, kl_error *err)
{
    if (strcmp(path, "-") == 0)
        return read_fd(STDIN_FILENO, "<stdin>", max, out, out_len, err);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return kl_err_errno(err, KL_ERR_IO, errno, "%s: cannot open", path);
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return kl_err_errno(err, KL_ERR_IO, e, "%s: cannot stat", path);
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return kl_err_set(err, KL_ERR_IO, KL_NO_OFFSET, "%s: is a directory", path);
    }
    if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > (uint64_t)max) {
        close(fd);
        return kl_err_set(err, KL_ERR_TOOBIG, KL_NO_OFFSET,
                          "%s: %lld bytes is over the limit of %zu bytes", path,
                          (long long)st.st_size, max);
    }
    int rc = read_fd(fd, path, max, out, out_len, err);
    close(fd);
    return rc;
}
