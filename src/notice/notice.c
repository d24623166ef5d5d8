/* kl_notice_parse: lines, header, tail, blocks, zones, outline, in that order. */
#include "notice_int.h"

#include <string.h>

int kl_notice_parse(kl_notice **out, const kl_text *t, kl_arena *a, kl_error *err)
{
    kl_notice *n = kl_arena_calloc(a, 1, sizeof *n);
    if (!n)
        goto no_mem;
    n->text = t;
    n->s = kl_text_str(t);
    n->len = kl_text_len(t);
    n->flow = kl_arena_strndup(a, n->s, n->len);
    if (!n->flow)
        goto no_mem;
    n->head.subject_block = n->head.opening_block = n->head.conclusion_block = -1;
    if (kl_notice_split_lines(n, a) != KL_OK || kl_notice_parse_head(n, a) != KL_OK ||
        kl_notice_parse_tail(n, a) != KL_OK || kl_notice_build_blocks(n, a) != KL_OK)
        goto no_mem;
    if (n->tail_start < n->body_start)
        n->tail_start = n->len;
    kl_notice_assign_zones(n);
    if (kl_notice_build_outline(n, a) != KL_OK)
        goto no_mem;
    for (size_t i = 0; i < n->n_blocks; i++) {
        if (n->blocks[i].zone != KL_ZONE_HEADER) {
            n->head.opening_block = (int)i;
            break;
        }
    }
    *out = n;
    return KL_OK;
no_mem:
    return kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "out of memory parsing the notice");
}

const kl_text *kl_notice_text(const kl_notice *n)
{
    return n->text;
}

const char *kl_notice_flow(const kl_notice *n)
{
    return n->flow;
}

size_t kl_notice_n_blocks(const kl_notice *n)
{
    return n->n_blocks;
}

const kl_block *kl_notice_block(const kl_notice *n, size_t i)
{
    return i < n->n_blocks ? &n->blocks[i] : NULL;
}

const kl_notice_head *kl_notice_head_of(const kl_notice *n)
{
    return &n->head;
}
