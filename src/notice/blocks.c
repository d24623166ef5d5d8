/* Lines to paragraphs (blocks), outline markers, and their nesting. */
#include "notice_int.h"

#include <string.h>

int kl_notice_split_lines(kl_notice *n, kl_arena *a)
{
    size_t count = 1;
    for (const char *q = n->s, *end = n->s + n->len; (q = memchr(q, '\n', (size_t)(end - q))); q++)
        count++;
    n->lines = kl_arena_alloc(a, count * sizeof *n->lines);
    if (!n->lines)
        return KL_ERR_NOMEM;
    size_t start = 0, k = 0;
    while (k < count) {
        const char *nl = memchr(n->s + start, '\n', n->len - start);
        size_t end = nl ? (size_t)(nl - n->s) : n->len;
        n->lines[k].start = start;
        n->lines[k].end = end;
        k++;
        start = end + 1;
    }
    n->n_lines = k;
    return KL_OK;
}

static bool is_roman(char c)
{
    return c == 'I' || c == 'V' || c == 'X' || c == 'L';
}

/* "I." "IV." "II/" followed by a space: Roman part numbers. */
static size_t roman_marker(const char *p, size_t len, size_t *body)
{
    size_t i = 0;
    while (i < len && i < 5 && is_roman(p[i]))
        i++;
    if (i == 0 || i >= len || (p[i] != '.' && p[i] != '/' && p[i] != ')'))
        return 0;
    if (i + 1 < len && p[i + 1] != ' ')
        return 0;
    *body = i + 1;
    return i;
}

/* "1." "12)" "1.2." — a 4-digit number is a year, never a marker ("năm 2030. Bổ sung"). */
static kl_marker number_marker(const char *p, size_t len, size_t *label_len, size_t *body)
{
    uint32_t v;
    size_t i = kl_parse_u32(p, len, 999, &v);
    if (i == 0 || i > 3 || i >= len)
        return KL_MARK_NONE;
    kl_marker kind = KL_MARK_NUM;
    if (p[i] == '.' && i + 1 < len && p[i + 1] >= '0' && p[i + 1] <= '9') {
        size_t j = kl_parse_u32(p + i + 1, len - i - 1, 999, &v);
        if (j == 0 || j > 3)
            return KL_MARK_NONE;
        i += 1 + j;
        kind = KL_MARK_NUM2;
        if (i < len && p[i] == '.')
            i++;
        *label_len = p[i - 1] == '.' ? i - 1 : i;
    } else if (p[i] == '.' || p[i] == ')') {
        kind = p[i] == ')' ? KL_MARK_NUM_PAREN : KL_MARK_NUM;
        *label_len = i;
        i++;
    } else {
        return KL_MARK_NONE;
    }
    if (i < len && p[i] != ' ')
        return KL_MARK_NONE;
    *body = i;
    return kind;
}

/* "a)" "đ)" "b." and "(1)" "(a)". */
static kl_marker letter_marker(const char *p, size_t len, size_t *label_start, size_t *label_len,
                               size_t *body)
{
    if (p[0] == '(') {
        uint32_t v;
        size_t i = kl_parse_u32(p + 1, len - 1, 999, &v);
        kl_marker kind = KL_MARK_PAREN_NUM;
        if (i == 0) {
            if (!kl_lex_is_lower_at(p, len, 1))
                return KL_MARK_NONE;
            int32_t cp;
            i = kl_utf8_decode(p + 1, len - 1, &cp);
            kind = KL_MARK_LETTER;
        }
        if (1 + i >= len || p[1 + i] != ')' || (2 + i < len && p[2 + i] != ' '))
            return KL_MARK_NONE;
        *label_start = 0;
        *label_len = 2 + i;
        *body = 2 + i;
        return kind;
    }
    if (!kl_lex_is_lower_at(p, len, 0))
        return KL_MARK_NONE;
    int32_t cp;
    size_t i = kl_utf8_decode(p, len, &cp);
    if (i >= len || (p[i] != ')' && !(p[i] == '.' && cp >= 'a' && cp <= 'h')))
        return KL_MARK_NONE;
    if (i + 1 < len && p[i + 1] != ' ')
        return KL_MARK_NONE;
    *label_start = 0;
    *label_len = i;
    *body = i + 1;
    return KL_MARK_LETTER;
}

kl_marker kl_notice_marker(const char *p, size_t len, size_t *label_start, size_t *label_len,
                           size_t *body)
{
    *label_start = 0;
    *label_len = 0;
    *body = 0;
    if (len < 2)
        return KL_MARK_NONE;
    unsigned char c = (unsigned char)p[0];
    kl_marker kind = KL_MARK_NONE;
    if ((c == '-' || c == '+' || c == '*') && p[1] == ' ') {
        *body = 1;
        kind = c == '-' ? KL_MARK_DASH : c == '+' ? KL_MARK_PLUS : KL_MARK_DOT;
    } else if (len >= 4 && (memcmp(p, "\xe2\x80\x93 ", 4) == 0 ||  /* – */
                            memcmp(p, "\xe2\x80\x94 ", 4) == 0)) { /* — */
        *body = 3;
        kind = KL_MARK_DASH;
    } else if (len >= 4 && memcmp(p, "\xe2\x80\xa2 ", 4) == 0) { /* • */
        *body = 3;
        kind = KL_MARK_DOT;
    } else if (is_roman((char)c)) {
        size_t n = roman_marker(p, len, body);
        if (n) {
            *label_len = n;
            kind = KL_MARK_ROMAN;
        }
    } else if (c >= '0' && c <= '9') {
        kind = number_marker(p, len, label_len, body);
    } else {
        kind = letter_marker(p, len, label_start, label_len, body);
    }
    if (kind != KL_MARK_NONE)
        *body = kl_lex_skip_spaces(p, len, *body);
    return kind;
}

/* Lines that carry nothing: page numbers left by PDF copies ("2", "- 3 -"), rules ("-----"). */
static bool is_noise_line(const char *p, size_t len)
{
    if (len == 0 || len > 16)
        return false;
    size_t digits = 0, dashes = 0;
    for (size_t i = 0; i < len; i++) {
        if (p[i] >= '0' && p[i] <= '9')
            digits++;
        else if (p[i] == '-' || p[i] == '_' || p[i] == '=' || p[i] == '*' || p[i] == ' ')
            dashes++;
        else
            return false;
    }
    return (digits > 0 && digits <= 3) || (digits == 0 && dashes >= 3);
}

static kl_block *push_block(kl_notice *n, kl_arena *a, size_t *cap)
{
    if (n->n_blocks == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        kl_block *nb = kl_arena_grow(a, n->blocks, n->n_blocks, nc, sizeof *nb);
        if (!nb)
            return NULL;
        n->blocks = nb;
        *cap = nc;
    }
    kl_block *b = &n->blocks[n->n_blocks++];
    memset(b, 0, sizeof *b);
    b->parent = -1;
    b->label = "";
    b->path = "";
    return b;
}

/* A line break is a space unless a blank line or an outline marker follows (SPEC: "Text
 * extracted from PDF keeps the page's line breaks"). Header lines stay lines. */
int kl_notice_build_blocks(kl_notice *n, kl_arena *a)
{
    size_t cap = 0;
    kl_block *cur = NULL;
    for (size_t k = 0; k < n->n_lines; k++) {
        const char *p = n->s + n->lines[k].start;
        size_t len = n->lines[k].end - n->lines[k].start;
        if (len == 0 || is_noise_line(p, len)) {
            cur = NULL;
            continue;
        }
        size_t ls, ll, body;
        kl_marker m = kl_notice_marker(p, len, &ls, &ll, &body);
        bool in_head = n->lines[k].start < n->body_start;
        if (n->lines[k].start == n->tail_start)
            cur = NULL; /* "Nơi nhận:" never continues the closing sentence */
        if (cur && m == KL_MARK_NONE && !in_head) {
            n->flow[n->lines[k].start - 1] = ' ';
            cur->end = n->lines[k].end;
            continue;
        }
        cur = push_block(n, a, &cap);
        if (!cur)
            return KL_ERR_NOMEM;
        cur->start = n->lines[k].start;
        cur->end = n->lines[k].end;
        cur->marker = m;
        cur->body = cur->start + body;
        if (ll) {
            cur->label = kl_arena_strndup(a, p + ls, ll);
            if (!cur->label)
                return KL_ERR_NOMEM;
        }
        if (in_head)
            cur = NULL; /* header lines never join */
    }
    for (size_t i = 0; i < n->n_blocks; i++) {
        kl_block *b = &n->blocks[i];
        size_t e = b->end;
        while (e > b->start && (n->s[e - 1] == ' ' || n->s[e - 1] == '.'))
            e--;
        b->ends_colon = e > b->start && n->s[e - 1] == ':';
    }
    return KL_OK;
}

/* Does this block hold the lead-in "... kết luận (các nội dung) như sau:"? */
static bool is_conclusion_leadin(const kl_notice *n, const kl_block *b)
{
    if (!b->ends_colon)
        return false;
    const char *p = n->flow + b->start;
    size_t len = b->end - b->start;
    for (size_t i = 0; i + 8 < len; i++) {
        if ((p[i] == 'k' || p[i] == 'K') && kl_lex_match(p + i, len - i, "kết luận", true) &&
            (i == 0 || p[i - 1] == ' '))
            return true;
        if (kl_lex_match(p + i, len - i, "ý kiến chỉ đạo", true))
            return true;
    }
    return false;
}

void kl_notice_assign_zones(kl_notice *n)
{
    int leadin = -1;
    for (size_t i = 0; i < n->n_blocks; i++) {
        kl_block *b = &n->blocks[i];
        if (b->start < n->body_start) {
            b->zone = KL_ZONE_HEADER;
        } else if (b->start >= n->tail_start) {
            b->zone = KL_ZONE_TAIL;
        } else {
            b->zone = KL_ZONE_BODY;
            /* the account of the meeting ends at the first conclusion lead-in, which comes
             * before any outline marker */
            if (leadin < 0 && b->marker == KL_MARK_NONE && is_conclusion_leadin(n, b))
                leadin = (int)i;
        }
    }
    n->head.conclusion_block = leadin;
    for (int i = 0; i < leadin; i++)
        if (n->blocks[i].zone == KL_ZONE_BODY)
            n->blocks[i].zone = KL_ZONE_PREAMBLE;
    if (leadin >= 0)
        n->blocks[leadin].zone = KL_ZONE_PREAMBLE;
}

static bool counts_in_path(kl_marker m)
{
    return m == KL_MARK_ROMAN || m == KL_MARK_NUM || m == KL_MARK_NUM2 || m == KL_MARK_NUM_PAREN ||
           m == KL_MARK_PAREN_NUM;
}

static bool is_bullet(kl_marker m)
{
    return m == KL_MARK_DASH || m == KL_MARK_PLUS || m == KL_MARK_DOT;
}

static const char *child_path(kl_arena *a, const char *parent, const char *label)
{
    if (!parent[0])
        return label;
    return kl_arena_printf(a, "%s.%s", parent, label);
}

/* Nesting follows first appearance: a marker style already open closes what was opened
 * after it (a sibling); a new style opens a level below the current one. */
int kl_notice_build_outline(kl_notice *n, kl_arena *a)
{
    enum { MAX_DEPTH = 64 };
    int stack[MAX_DEPTH];
    int depth = 0;
    for (size_t i = 0; i < n->n_blocks; i++) {
        kl_block *b = &n->blocks[i];
        if (b->zone != KL_ZONE_BODY && b->zone != KL_ZONE_PREAMBLE)
            continue;
        if (b->marker == KL_MARK_NONE) {
            /* a paragraph without a marker ends the bullets before it: what follows a
             * bulleted list belongs to the numbered part that holds the list */
            while (depth > 0 && is_bullet(n->blocks[stack[depth - 1]].marker))
                depth--;
        } else {
            int k = depth - 1;
            while (k >= 0 && n->blocks[stack[k]].marker != b->marker)
                k--;
            if (k >= 0)
                depth = k;
            if (depth == MAX_DEPTH)
                depth--; /* pathological nesting: stay at the deepest level */
            stack[depth++] = (int)i;
            b->depth = depth;
        }
        int top = b->marker != KL_MARK_NONE ? depth - 2 : depth - 1;
        b->parent = top >= 0 ? stack[top] : -1;
        const char *ppath = b->parent >= 0 ? n->blocks[b->parent].path : "";
        if (b->marker != KL_MARK_NONE && counts_in_path(b->marker)) {
            b->path = child_path(a, ppath, b->label);
            if (!b->path)
                return KL_ERR_NOMEM;
        } else {
            b->path = ppath;
        }
    }
    return KL_OK;
}
