/* Fuzz target for the whole pipeline: any bytes through kl_extract_json_bytes, as
 * `ketluan extract --json` runs it. Besides the sanitizers' findings it traps when the library
 * breaks its contract (extract.h, EXTRACTION.md):
 *   - success must give one line of well-formed JSON: an object with a "tasks" array, strings
 *     of valid UTF-8 without raw control characters, every "start"/"end" an integer offset
 *     inside the input with start <= end;
 *   - failure must be KL_ERR_FORMAT (with an offset inside the input) or KL_ERR_NOMEM, with
 *     the error filled in; the arena cap (64 MiB) must not be reached by a small input.
 * The directory, calendar, arena and output buffer are opened once and reused: static state
 * is fine in a fuzz harness, never in the library. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "src/agency/agency.h"
#include "src/base/base.h"
#include "src/cal/cal.h"
#include "src/extract/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ARENA_CAP ((size_t)64 << 20)
#define SMALL_INPUT ((size_t)1 << 20) /* reaching the cap below this is a blow-up */
#define MAX_DEPTH 32                  /* the contract's objects nest 4 deep */

/* ---- a small strict JSON checker ------------------------------------------------------ */

typedef struct json_check {
    const unsigned char *p;
    size_t len;
    size_t pos;
    size_t input_len; /* offsets must lie in [0, input_len] */
    const char *why;  /* first problem found, or NULL */
} json_check;

static bool bad(json_check *c, const char *why)
{
    if (!c->why)
        c->why = why;
    return false;
}

static bool is_cont(unsigned char b)
{
    return (b & 0xC0) == 0x80;
}

/* Bytes of the valid UTF-8 sequence at s[0..n) (no overlongs, surrogates or > U+10FFFF),
 * or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char b = s[0];
    if (b < 0x80)
        return 1;
    if (b >= 0xC2 && b <= 0xDF)
        return n >= 2 && is_cont(s[1]) ? 2 : 0;
    if (b >= 0xE0 && b <= 0xEF) {
        if (n < 3 || !is_cont(s[1]) || !is_cont(s[2]))
            return 0;
        if ((b == 0xE0 && s[1] < 0xA0) || (b == 0xED && s[1] > 0x9F))
            return 0;
        return 3;
    }
    if (b >= 0xF0 && b <= 0xF4) {
        if (n < 4 || !is_cont(s[1]) || !is_cont(s[2]) || !is_cont(s[3]))
            return 0;
        if ((b == 0xF0 && s[1] < 0x90) || (b == 0xF4 && s[1] > 0x8F))
            return 0;
        return 4;
    }
    return 0;
}

static bool is_hex(unsigned char b)
{
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
}

static void skip_space(json_check *c)
{
    /* The output is one line: a newline anywhere is a fault the checker reports later. */
    while (c->pos < c->len && (c->p[c->pos] == ' ' || c->p[c->pos] == '\t'))
        c->pos++;
}

/* A string literal at pos (which holds '"'); its raw bytes, quotes excluded, go to *s, *n. */
static bool check_string(json_check *c, const unsigned char **s, size_t *n)
{
    size_t start = ++c->pos;
    while (c->pos < c->len) {
        unsigned char b = c->p[c->pos];
        if (b == '"') {
            *s = c->p + start;
            *n = c->pos - start;
            c->pos++;
            return true;
        }
        if (b < 0x20)
            return bad(c, "raw control character in a string");
        if (b == '\\') {
            if (c->pos + 1 >= c->len)
                return bad(c, "string ends inside an escape");
            unsigned char e = c->p[c->pos + 1];
            if (e == 'u') {
                if (c->pos + 6 > c->len)
                    return bad(c, "short \\u escape");
                for (size_t k = 2; k < 6; k++)
                    if (!is_hex(c->p[c->pos + k]))
                        return bad(c, "bad \\u escape");
                c->pos += 6;
            } else if (strchr("\"\\/bfnrt", e) && e != '\0') {
                c->pos += 2;
            } else {
                return bad(c, "unknown escape");
            }
            continue;
        }
        size_t k = utf8_seq(c->p + c->pos, c->len - c->pos);
        if (k == 0)
            return bad(c, "invalid UTF-8 in a string");
        c->pos += k;
    }
    return bad(c, "unterminated string");
}

static void skip_digits(json_check *c)
{
    while (c->pos < c->len && c->p[c->pos] >= '0' && c->p[c->pos] <= '9')
        c->pos++;
}

/* A number by JSON's grammar. *is_uint says whether it is a non-negative integer that fits,
 * then *value holds it. */
static bool check_number(json_check *c, bool *is_uint, uint64_t *value)
{
    bool neg = c->p[c->pos] == '-';
    if (neg)
        c->pos++;
    if (c->pos >= c->len || c->p[c->pos] < '0' || c->p[c->pos] > '9')
        return bad(c, "number without digits");
    size_t int_start = c->pos;
    if (c->p[c->pos] == '0')
        c->pos++;
    else
        skip_digits(c);
    size_t int_end = c->pos;
    bool integer = true;
    if (c->pos < c->len && c->p[c->pos] == '.') {
        integer = false;
        size_t d = ++c->pos;
        skip_digits(c);
        if (c->pos == d)
            return bad(c, "no digits after the decimal point");
    }
    if (c->pos < c->len && (c->p[c->pos] == 'e' || c->p[c->pos] == 'E')) {
        integer = false;
        c->pos++;
        if (c->pos < c->len && (c->p[c->pos] == '+' || c->p[c->pos] == '-'))
            c->pos++;
        size_t d = c->pos;
        skip_digits(c);
        if (c->pos == d)
            return bad(c, "no digits in the exponent");
    }
    *is_uint = integer && !neg && int_end - int_start <= 19;
    *value = 0;
    for (size_t k = int_start; *is_uint && k < int_end; k++)
        *value = *value * 10 + (uint64_t)(c->p[k] - '0');
    return true;
}

static bool check_literal(json_check *c, const char *word)
{
    size_t n = strlen(word);
    if (c->len - c->pos < n || memcmp(c->p + c->pos, word, n) != 0)
        return bad(c, "unexpected character");
    c->pos += n;
    return true;
}

/* What check_value saw, for the object that holds it. */
typedef struct json_seen {
    char kind; /* '{' '[' '"' '0' (number) 'l' (literal) */
    bool is_uint;
    uint64_t value;
} json_seen;

static bool check_value(json_check *c, int depth, json_seen *seen);

static bool is_key(const unsigned char *s, size_t n, const char *key)
{
    return n == strlen(key) && memcmp(s, key, n) == 0;
}

/* An object at pos ('{'). Checks the offsets it holds; at depth 0, that "tasks" is an array. */
static bool check_object(json_check *c, int depth)
{
    bool has_start = false, has_end = false, has_tasks = false;
    uint64_t start = 0, end = 0;
    c->pos++;
    skip_space(c);
    if (c->pos < c->len && c->p[c->pos] == '}') {
        c->pos++;
        return depth > 0 || bad(c, "top-level object has no \"tasks\"");
    }
    for (;;) {
        const unsigned char *key;
        size_t key_len;
        json_seen seen;
        skip_space(c);
        if (c->pos >= c->len || c->p[c->pos] != '"')
            return bad(c, "object key is not a string");
        if (!check_string(c, &key, &key_len))
            return false;
        skip_space(c);
        if (c->pos >= c->len || c->p[c->pos] != ':')
            return bad(c, "missing ':' after a key");
        c->pos++;
        skip_space(c);
        if (!check_value(c, depth + 1, &seen))
            return false;
        bool is_start = is_key(key, key_len, "start"), is_end = is_key(key, key_len, "end");
        if (is_start || is_end) {
            if (seen.kind != '0' || !seen.is_uint || seen.value > c->input_len)
                return bad(c, "\"start\"/\"end\" is not an offset inside the input");
            if (is_start) {
                has_start = true;
                start = seen.value;
            } else {
                has_end = true;
                end = seen.value;
            }
        }
        if (depth == 0 && is_key(key, key_len, "tasks"))
            has_tasks = seen.kind == '[';
        skip_space(c);
        if (c->pos < c->len && c->p[c->pos] == ',') {
            c->pos++;
            continue;
        }
        if (c->pos < c->len && c->p[c->pos] == '}') {
            c->pos++;
            break;
        }
        return bad(c, "expected ',' or '}' in an object");
    }
    if (has_start && has_end && start > end)
        return bad(c, "a span with start > end");
    if (depth == 0 && !has_tasks)
        return bad(c, "top-level object has no \"tasks\" array");
    return true;
}

static bool check_array(json_check *c, int depth)
{
    c->pos++;
    skip_space(c);
    if (c->pos < c->len && c->p[c->pos] == ']') {
        c->pos++;
        return true;
    }
    for (;;) {
        json_seen seen;
        skip_space(c);
        if (!check_value(c, depth + 1, &seen))
            return false;
        skip_space(c);
        if (c->pos < c->len && c->p[c->pos] == ',') {
            c->pos++;
            continue;
        }
        if (c->pos < c->len && c->p[c->pos] == ']') {
            c->pos++;
            return true;
        }
        return bad(c, "expected ',' or ']' in an array");
    }
}

static bool check_value(json_check *c, int depth, json_seen *seen)
{
    const unsigned char *s;
    size_t n;
    memset(seen, 0, sizeof *seen);
    if (depth > MAX_DEPTH)
        return bad(c, "nesting deeper than the contract allows");
    if (c->pos >= c->len)
        return bad(c, "output ends where a value should be");
    unsigned char b = c->p[c->pos];
    seen->kind = (char)b;
    if (b == '{')
        return check_object(c, depth);
    if (b == '[')
        return check_array(c, depth);
    if (b == '"')
        return check_string(c, &s, &n);
    if (b == '-' || (b >= '0' && b <= '9')) {
        seen->kind = '0';
        return check_number(c, &seen->is_uint, &seen->value);
    }
    seen->kind = 'l';
    if (b == 't')
        return check_literal(c, "true");
    if (b == 'f')
        return check_literal(c, "false");
    return check_literal(c, "null");
}

/* NULL when p[0..len) is the one-line JSON object of the contract, else the first problem. */
static const char *json_problem(const char *p, size_t len, size_t input_len, size_t *at)
{
    json_check c = {(const unsigned char *)p, len, 0, input_len, NULL};
    json_seen seen;
    if (memchr(p, '\n', len) || memchr(p, '\r', len)) {
        *at = 0;
        return "a line break in the output (one object per line)";
    }
    if (len == 0 || p[0] != '{') {
        *at = 0;
        return "output is not a JSON object";
    }
    if (check_value(&c, 0, &seen)) {
        skip_space(&c);
        if (c.pos != c.len)
            bad(&c, "bytes after the object");
    }
    *at = c.pos;
    return c.why;
}

/* ---- the target ----------------------------------------------------------------------- */

/* Print what broke and stop, so that libFuzzer (or driver.c) records this input. */
static void finding(const char *what, const kl_buf *json, size_t at)
{
    fprintf(stderr, "fuzz_extract: %s", what);
    if (json && json->p) {
        size_t from = at > 80 ? at - 80 : 0;
        size_t to = json->len - at > 80 ? at + 80 : json->len;
        fprintf(stderr, " at byte %zu of the output: ...%.*s...", at, (int)(to - from),
                json->p + from);
    }
    fputc('\n', stderr);
    __builtin_trap();
}

static void check_error(int rc, const kl_error *err, size_t size)
{
    if (rc == KL_ERR_TOOBIG && size < SMALL_INPUT)
        finding("arena cap reached on a small input (memory blow-up)", NULL, 0);
    if (rc != KL_ERR_FORMAT && rc != KL_ERR_NOMEM && rc != KL_ERR_TOOBIG)
        finding("an error code that extract.h does not allow", NULL, 0);
    if (err->code != rc || err->msg[0] == '\0')
        finding("an error returned but not described in kl_error", NULL, 0);
    if (rc == KL_ERR_FORMAT && err->offset != KL_NO_OFFSET && err->offset > size)
        finding("an error offset outside the input", NULL, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static kl_directory *dir;
    static kl_calendar *cal;
    static kl_arena arena;
    static kl_buf json;
    if (!dir) {
        kl_error open_err;
        kl_err_clear(&open_err);
        if (kl_directory_open_default(&dir, &open_err) != KL_OK ||
            kl_calendar_open_default(&cal, &open_err) != KL_OK) {
            fprintf(stderr, "fuzz_extract: cannot open the built-in tables: %s\n", open_err.msg);
            finding("setup failed", NULL, 0);
        }
        kl_arena_init(&arena, ARENA_CAP);
        kl_buf_init(&json, 0);
    }
    kl_error err;
    kl_err_clear(&err);
    kl_buf_reset(&json);
    int rc = kl_extract_json_bytes((const char *)data, size, dir, cal, &arena, &json, &err);
    if (rc != KL_OK) {
        check_error(rc, &err, size);
    } else {
        size_t at = 0;
        const char *why;
        if (json.failed != KL_OK)
            finding("KL_OK returned with a failed output buffer", NULL, 0);
        why = json_problem(json.p ? json.p : "", json.len, size, &at);
        if (why)
            finding(why, &json, at);
    }
    kl_arena_reset(&arena);
    return 0;
}
