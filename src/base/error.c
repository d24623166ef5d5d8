/* Errors: the first error set wins, so the deepest cause is what the user sees. */
#include "base.h"

#include <stdio.h>
#include <string.h>

void kl_err_clear(kl_error *err)
{
    if (!err)
        return;
    err->code = KL_OK;
    err->offset = KL_NO_OFFSET;
    err->msg[0] = '\0';
    /* input is kept: the front end sets it once per file */
}

__attribute__((format(printf, 4, 0))) static int vset(kl_error *err, int code, size_t offset,
                                                      const char *fmt, va_list ap)
{
    if (!err || err->code != KL_OK)
        return code;
    err->code = code;
    err->offset = offset;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    return code;
}

int kl_err_set(kl_error *err, int code, size_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vset(err, code, offset, fmt, ap);
    va_end(ap);
    return code;
}

int kl_err_errno(kl_error *err, int code, int e, const char *fmt, ...)
{
    if (!err || err->code != KL_OK)
        return code;
    va_list ap;
    va_start(ap, fmt);
    vset(err, code, KL_NO_OFFSET, fmt, ap);
    va_end(ap);
    char tmp[128];
    const char *text = tmp;
#if defined(__GLIBC__) && defined(_GNU_SOURCE)
    text = strerror_r(e, tmp, sizeof tmp);
#else
    if (strerror_r(e, tmp, sizeof tmp) != 0)
        snprintf(tmp, sizeof tmp, "error %d", e);
#endif
    size_t n = strlen(err->msg);
    if (n < sizeof err->msg)
        snprintf(err->msg + n, sizeof err->msg - n, ": %s", text);
    return code;
}

const char *kl_err_name(int code)
{
    static const char *const names[] = {
        "ok", "nomem", "io", "format", "toobig", "notfound", "conflict", "db", "usage", "auth",
    };
    if (code < 0 || (size_t)code >= sizeof names / sizeof names[0])
        return "unknown";
    return names[code];
}
