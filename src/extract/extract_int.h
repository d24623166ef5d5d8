/* Private to extract/: the working state of one extraction run. */
#ifndef KL_EXTRACT_INT_H
#define KL_EXTRACT_INT_H

#include "../notice/notice.h"
#include "deadline_int.h"
#include "extract.h"

#define KL_MAX_ORGS 24

typedef struct org_list {
    kl_org v[KL_MAX_ORGS];
    size_t n;
    bool has_presenter_ref; /* "Cơ quan chủ trì": resolved to the item's presenter */
} org_list;

/* What a lead-in ending with ':' says about the blocks under it. */
typedef enum ctx_kind {
    CTX_NONE = 0, /* content of a report or a list of findings: no tasks of their own */
    CTX_TASKS,    /* each point below is a task of the actors */
    CTX_REVISION  /* each point below is a requirement of the revising task */
} ctx_kind;

typedef struct leadin {
    int block;
    ctx_kind kind;
    org_list actors;
    int task;          /* the revising task for CTX_REVISION, or -1 */
    bool sibling_mode; /* a bullet lead-in whose points are its following siblings */
    int n_children;    /* tasks made from its points */
} leadin;

/* A task while it is being built. */
typedef struct wtask {
    const char *item;
    const char *top; /* the top-level item path, for merging revisions */
    int top_block;   /* block index of the top-level item, or -1 */
    org_list lead;
    org_list support;
    size_t start, end;       /* cleaned span */
    size_t dl_start, dl_end; /* the passage its deadline is read from */
    size_t act_start;        /* where the action starts */
    bool is_revision;
    const char *report_to;
    size_t merged_dl_start, merged_dl_end; /* an earlier statement's passage, or 0, 0 */
    bool dropped;                          /* merged into a later statement */
    const char **reqs;
    size_t n_reqs, cap_reqs;
} wtask;

typedef struct xrun {
    const kl_notice *n;
    const kl_text *t;
    const char *s; /* flow text */
    size_t len;
    const kl_directory *dir;
    const kl_calendar *cal;
    kl_arena *a;
    kl_date ref; /* the notice's date for deadlines */
    const char *issuer;
    const char *province; /* the issuing province's name, or NULL */
    wtask *tasks;
    size_t n_tasks, cap_tasks;
    leadin *leadins;
    size_t n_leadins, cap_leadins;
    const char **presenters; /* per block index: presenter of a top-level item, or NULL */
    size_t *title_end;       /* per block: where the title ends for agenda items, or 0 */
    bool *findings;          /* per block: a part that reports results, not directives */
    const char **pending;    /* requirements waiting for an item's revising task */
    size_t n_pending, cap_pending;
    const char *pending_top;
} xrun;

/* orgs.c: lists of organizations at a position. */
size_t kl_x_org_list(xrun *x, size_t i, size_t lim, org_list *out);
bool kl_x_org_is_issuer(const xrun *x, const kl_org *o);
/* Presenter of an agenda title "(Sở Xây dựng trình)", canonical, or NULL. */
const char *kl_x_presenter(xrun *x, size_t start, size_t end, size_t *title_end);
int kl_x_org_add(xrun *x, org_list *l, const char *name, int32_t id, bool group);

/* clauses.c: sentences, clause starts, anchors. */
typedef struct anchor {
    size_t start; /* where the span begins: the organization, or Giao / Yêu cầu */
    size_t pred;  /* where the predicate begins (after the leads) */
    org_list lead;
    bool heading;     /* the leads end with ':' and nothing follows */
    bool leadin_only; /* an assigner with no assignee: "UBND tỉnh yêu cầu:" */
} anchor;
size_t kl_x_sentence_end(const xrun *x, size_t i, size_t lim);
/* Next anchor in [i, lim), starting the search at clause starts; false when none. */
bool kl_x_next_anchor(xrun *x, size_t i, size_t lim, anchor *out);
/* Is the anchor an explicit assignment ("Giao", "Yêu cầu", "Đề nghị") rather than a subject
 * with its predicate? */
bool kl_x_is_assignment(const xrun *x, const anchor *an);
/* Does the sentence at i only complete the previous one ("Hoàn thành trước ngày ...")? */
bool kl_x_is_completion(const xrun *x, size_t i, size_t lim);
bool kl_x_is_revision(const xrun *x, size_t s, size_t e);
bool kl_x_is_closing_formula(const xrun *x, const anchor *an, size_t e);
/* In [s, e): supports after "phối hợp với X", "với sự tham gia của X" (appended to support),
 * whether it revises a draft ("tiếp thu", "hoàn thiện"), and the first body after "báo cáo",
 * "trình", "gửi" (or NULL). */
void kl_x_scan_predicate(xrun *x, size_t s, size_t e, org_list *support, bool *revision,
                         const char **report_to);

/* tasks.c */
int kl_x_find_tasks(xrun *x);

/* header.c */
int kl_x_header(xrun *x, kl_header *h);

#endif
