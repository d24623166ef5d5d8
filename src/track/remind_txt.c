/* track/remind: a follow-up letter as plain UTF-8 text, laid out like the printed letter
 * (header block beside the Quốc hiệu, centered Kính gửi, Nơi nhận beside the signature)
 * in 78 columns, so that it reads well in any editor and pastes into an e-mail. Widths
 * count code points: after text/ every Vietnamese letter is one precomposed code point. */
#include "remind_int.h"

#include <string.h>

#define WIDTH 78
#define LEFT_W 32  /* header and Nơi nhận column */
#define RIGHT_W 46 /* Quốc hiệu and signature column */
#define MAX_CELLS 24
#define SIGN_GAP 4 /* blank lines left for the signature and the seal */

static const char SPACES[] = "                                ";
static const char DASHES[] = "------------------------------------------";

/* One line of a column: bytes p[0..len), no line break inside. */
typedef struct cell {
    const char *p;
    size_t len;
} cell;

typedef struct column {
    cell v[MAX_CELLS];
    size_t n;
    size_t width;
    bool center;
} column;

static size_t n_cp(const char *p, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)p[i] & 0xC0) != 0x80;
    return n;
}

static void put_spaces(kl_buf *b, size_t n)
{
    while (n > 0) {
        size_t k = n < sizeof SPACES - 1 ? n : sizeof SPACES - 1;
        kl_buf_append(b, SPACES, k);
        n -= k;
    }
}

/* The next line of s[0..slen) from *pos: at most w code points, broken at the last space
 * that fits (a word longer than a line is cut), ending early at '\n'. Returns its start and
 * sets *len (trailing spaces dropped), or NULL when nothing but spaces is left. */
static const char *next_line(const char *s, size_t slen, size_t *pos, size_t w, size_t *len)
{
    size_t i = *pos;
    if (w == 0)
        w = 1;
    while (i < slen && s[i] == ' ')
        i++;
    if (i >= slen)
        return NULL;
    size_t start = i, cps = 0, brk = 0;
    while (i < slen && s[i] != '\n') {
        if (s[i] == ' ')
            brk = i;
        if (cps == w)
            break;
        i++;
        while (i < slen && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        cps++;
    }
    size_t end = i;
    if (i < slen && s[i] != '\n' && s[i] != ' ' && brk > start)
        end = brk;
    *pos = end < slen && s[end] == '\n' ? end + 1 : end;
    while (end > start && s[end - 1] == ' ')
        end--;
    *len = end - start;
    return s + start;
}

/* Paragraph s wrapped to WIDTH: the first line indented by first, the others by rest. */
static void put_par(kl_buf *b, const char *s, size_t first, size_t rest)
{
    size_t pos = 0, len = 0, slen = strlen(s), indent = first;
    for (const char *line = next_line(s, slen, &pos, WIDTH - indent, &len); line;
         line = next_line(s, slen, &pos, WIDTH - indent, &len)) {
        put_spaces(b, indent);
        kl_buf_append(b, line, len);
        kl_buf_appendc(b, '\n');
        indent = rest;
    }
}

static void put_center(kl_buf *b, const char *s)
{
    size_t pos = 0, len = 0, slen = strlen(s);
    for (const char *line = next_line(s, slen, &pos, WIDTH, &len); line;
         line = next_line(s, slen, &pos, WIDTH, &len)) {
        put_spaces(b, (WIDTH - n_cp(line, len)) / 2);
        kl_buf_append(b, line, len);
        kl_buf_appendc(b, '\n');
    }
}

static void col_add(column *c, const char *s)
{
    size_t pos = 0, len = 0, slen = strlen(s);
    for (const char *line = next_line(s, slen, &pos, c->width, &len); line && c->n < MAX_CELLS;
         line = next_line(s, slen, &pos, c->width, &len))
        c->v[c->n++] = (cell){line, len};
}

static void col_raw(column *c, const char *p, size_t len)
{
    if (c->n < MAX_CELLS)
        c->v[c->n++] = (cell){p, len};
}

/* Two columns side by side; no line ends in spaces. */
static void put_columns(kl_buf *b, const column *l, const column *r)
{
    size_t rows = l->n > r->n ? l->n : r->n;
    for (size_t i = 0; i < rows; i++) {
        cell x = i < l->n ? l->v[i] : (cell){"", 0};
        cell y = i < r->n ? r->v[i] : (cell){"", 0};
        size_t wx = n_cp(x.p, x.len), wy = n_cp(y.p, y.len);
        size_t lead = l->center && wx < l->width ? (l->width - wx) / 2 : 0;
        put_spaces(b, lead);
        kl_buf_append(b, x.p, x.len);
        if (y.len > 0) {
            size_t used = lead + wx;
            put_spaces(b, used < l->width ? l->width - used : 1);
            put_spaces(b, r->center && wy < r->width ? (r->width - wy) / 2 : 0);
            kl_buf_append(b, y.p, y.len);
        }
        kl_buf_appendc(b, '\n');
    }
}

/* Issuer over its short rule, beside the Quốc hiệu over its rule; then number and V/v
 * beside place and date (ND30 Phụ lục I, ô 1-5). */
static void put_head(kl_buf *b, const kl_remind_letter *l)
{
    static const char *const qh = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    static const char *const tn = "Độc lập - Tự do - Hạnh phúc";
    column left = {.width = LEFT_W, .center = true};
    column right = {.width = RIGHT_W, .center = true};
    size_t widest = 0;
    for (size_t i = 0; i < l->n_issuer; i++) {
        col_add(&left, l->issuer[i]);
        size_t w = n_cp(l->issuer[i], strlen(l->issuer[i]));
        widest = w > widest ? w : widest;
    }
    /* The rule under the issuer is a third to a half of its name; under the motto, as long
     * as the motto. */
    size_t rule = widest / 2 < 6 ? 6 : widest / 2;
    col_raw(&left, DASHES, rule < LEFT_W ? rule : LEFT_W);
    col_add(&right, qh);
    col_add(&right, tn);
    col_raw(&right, DASHES, n_cp(tn, strlen(tn)));
    put_columns(b, &left, &right);
    left.n = 0;
    right.n = 0;
    col_add(&left, l->number);
    col_add(&left, l->subject);
    col_add(&right, l->place_date);
    put_columns(b, &left, &right);
}

/* The numbered list. tmp's failure is returned at once: a reset would forget it. */
static int put_items(kl_buf *b, const kl_remind_letter *l, kl_buf *tmp)
{
    static const char *const labels[] = {"- Nội dung: ", "- Thời hạn: ", "- Tình trạng: "};
    for (size_t i = 0; i < l->n_items; i++) {
        const kl_remind_item *it = &l->items[i];
        kl_buf_reset(tmp);
        if (kl_buf_appendf(tmp, "%zu. %s:", i + 1, it->citation) != KL_OK)
            return tmp->failed;
        put_par(b, tmp->p, 4, 7);
        const char *v[] = {it->action, it->deadline, it->state};
        for (size_t k = 0; k < 3; k++) {
            kl_buf_reset(tmp);
            if (kl_buf_appendf(tmp, "%s%s.", labels[k], v[k]) != KL_OK)
                return tmp->failed;
            put_par(b, tmp->p, 7, 9);
        }
        kl_buf_appendc(b, '\n');
    }
    return KL_OK;
}

static void put_tail(kl_buf *b, const kl_remind_letter *l)
{
    column left = {.width = LEFT_W, .center = false};
    column right = {.width = RIGHT_W, .center = true};
    col_add(&left, "Nơi nhận:");
    for (size_t i = 0; i < l->n_cc; i++)
        col_add(&left, l->cc[i]);
    for (size_t i = 0; i < l->n_sign; i++)
        col_add(&right, l->sign[i]);
    /* Without a name the page below the title is the room to sign; a text file need not
     * end in blank lines to say so. */
    for (size_t i = 0; l->signer_name && i < SIGN_GAP; i++)
        col_raw(&right, "", 0);
    if (l->signer_name)
        col_add(&right, l->signer_name);
    put_columns(b, &left, &right);
}

int kl_remind_txt(const kl_remind_letter *l, kl_buf *out)
{
    kl_buf tmp;
    kl_buf_init(&tmp, 0);
    put_head(out, l);
    kl_buf_appendc(out, '\n');
    int rc = kl_buf_appendf(&tmp, "Kính gửi: %s.", l->recipient);
    if (rc == KL_OK) {
        put_center(out, tmp.p);
        kl_buf_appendc(out, '\n');
        put_par(out, l->opening, 4, 0);
        kl_buf_appendc(out, '\n');
        rc = put_items(out, l, &tmp);
    }
    for (size_t i = 0; rc == KL_OK && i < l->n_closing; i++) {
        put_par(out, l->closing[i], 4, 0);
        kl_buf_appendc(out, '\n');
    }
    if (rc == KL_OK)
        put_tail(out, l);
    kl_buf_fini(&tmp);
    return rc != KL_OK ? rc : out->failed;
}
