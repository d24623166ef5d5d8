/* Private to notice/: the parsed notice and the passes that build it. */
#ifndef KL_NOTICE_INT_H
#define KL_NOTICE_INT_H

#include "notice.h"

/* A physical line of the cleaned text. */
typedef struct nline {
    size_t start, end; /* end excludes the newline */
} nline;

struct kl_notice {
    const kl_text *text;
    const char *s; /* kl_text_str */
    size_t len;
    char *flow; /* s with in-paragraph line breaks as spaces */
    nline *lines;
    size_t n_lines;
    kl_block *blocks;
    size_t n_blocks;
    kl_notice_head head;
    size_t body_start; /* cleaned offset where the header ends */
    size_t tail_start; /* cleaned offset where "Nơi nhận" / the signature begins */
};

/* blocks.c */
int kl_notice_split_lines(kl_notice *n, kl_arena *a);
int kl_notice_build_blocks(kl_notice *n, kl_arena *a);
void kl_notice_assign_zones(kl_notice *n);
int kl_notice_build_outline(kl_notice *n, kl_arena *a);

/* head.c */
int kl_notice_parse_head(kl_notice *n, kl_arena *a);
int kl_notice_parse_tail(kl_notice *n, kl_arena *a);

#endif
