/* ketluan task show|edit|add|delete: what the clerk corrects before confirming. */
#include "cli.h"

#include <string.h>

static const char usage[] =
    "Cách dùng:\n"
    "  ketluan task show MÃ\n"
    "  ketluan task edit MÃ [--lead CƠ-QUAN]... [--support CƠ-QUAN]... [--action NỘI-DUNG]\n"
    "                       [--due NGÀY --kind LOẠI] [--key|--no-key] [--confirm]\n"
    "  ketluan task add --notice MÃ|none --lead CƠ-QUAN... --action NỘI-DUNG\n"
    "                   [--support CƠ-QUAN]... [--due NGÀY --kind LOẠI] [--key]\n"
    "  ketluan task delete MÃ\n"
    "  LOẠI: before (trước ngày), by (chậm nhất), within (trong kỳ), approx (khoảng),\n"
    "        event (theo sự kiện), ongoing (thường xuyên), none (không thời hạn)\n";

#define MAX_ORGS 32

typedef struct task_opts {
    kl_org leads[MAX_ORGS], supports[MAX_ORGS];
    size_t n_leads, n_supports;
    const char *action;
    bool has_due, has_kind;
    kl_date due;
    kl_due_kind kind;
    int key; /* -1 unchanged */
    bool confirm;
    int64_t notice; /* task add: -1 unset, 0 none */
} task_opts;

static int add_org(const kl_cli *c, kl_session *s, kl_org *v, size_t *n, const char *name)
{
    kl_error err;
    kl_err_clear(&err);
    const char *canon;
    int32_t id;
    if (kl_cli_agency(s, name, &canon, &id, &err) != KL_OK)
        return kl_cli_fail(c, &err);
    if (*n == MAX_ORGS)
        return KL_EXIT_USAGE;
    v[*n].name = canon;
    v[*n].id = id;
    v[*n].is_group = id < 0;
    (*n)++;
    return KL_EXIT_OK;
}

/* Options shared by edit and add; returns an exit code (KL_EXIT_OK to go on). */
static int parse_task_opts(const kl_cli *c, kl_session *s, int argc, char **argv, int i,
                           task_opts *o)
{
    for (; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int ec = KL_EXIT_OK;
        if (strcmp(a, "--key") == 0) {
            o->key = 1;
            continue;
        }
        if (strcmp(a, "--no-key") == 0) {
            o->key = 0;
            continue;
        }
        if (strcmp(a, "--confirm") == 0) {
            o->confirm = true;
            continue;
        }
        if (!v)
            return kl_cli_usage(c, "task", usage);
        i++;
        if (strcmp(a, "--lead") == 0)
            ec = add_org(c, s, o->leads, &o->n_leads, v);
        else if (strcmp(a, "--support") == 0)
            ec = add_org(c, s, o->supports, &o->n_supports, v);
        else if (strcmp(a, "--action") == 0)
            o->action = v;
        else if (strcmp(a, "--due") == 0)
            ec = kl_cli_date(c, a, v, &o->due) == KL_OK ? (o->has_due = true, 0) : KL_EXIT_USAGE;
        else if (strcmp(a, "--kind") == 0)
            ec = kl_due_kind_parse(v, &o->kind) == KL_OK ? (o->has_kind = true, 0)
                                                         : kl_cli_usage(c, "task", usage);
        else if (strcmp(a, "--notice") == 0 && strcmp(v, "none") == 0)
            o->notice = 0;
        else if (strcmp(a, "--notice") == 0)
            ec = kl_cli_id(c, "thông báo", v, &o->notice) == KL_OK ? 0 : KL_EXIT_USAGE;
        else
            return kl_cli_usage(c, "task", usage);
        if (ec != KL_EXIT_OK)
            return ec;
    }
    /* a date needs its kind, and only dated kinds take a date */
    if (o->has_due && !o->has_kind)
        o->kind = KL_DUE_BY, o->has_kind = true;
    if (o->has_kind && !o->has_due && o->kind != KL_DUE_NONE && o->kind != KL_DUE_ONGOING &&
        o->kind != KL_DUE_EVENT) {
        fprintf(stderr, "%s: lỗi: --kind %s cần --due NGÀY\n", c->prog, kl_due_kind_name(o->kind));
        return KL_EXIT_USAGE;
    }
    return KL_EXIT_OK;
}

static int task_edit(const kl_cli *c, kl_session *s, int64_t id, task_opts *o)
{
    kl_store_edit e;
    memset(&e, 0, sizeof e);
    e.set_leads = o->n_leads > 0;
    e.leads = o->leads;
    e.n_leads = o->n_leads;
    e.set_supports = o->n_supports > 0;
    e.supports = o->supports;
    e.n_supports = o->n_supports;
    e.action = o->action;
    e.set_deadline = o->has_kind;
    e.deadline.kind = o->kind;
    e.deadline.due = o->has_due ? o->due : (kl_date){0, 0, 0};
    e.is_key = o->key;
    e.confirm = o->confirm;
    kl_error err;
    kl_err_clear(&err);
    if (kl_store_task_edit(s->store, id, &e, &err) != KL_OK)
        return kl_cli_fail(c, &err);
    printf("Đã sửa nhiệm vụ #%lld\n", (long long)id);
    return KL_EXIT_OK;
}

static int task_add(const kl_cli *c, kl_session *s, task_opts *o)
{
    if (o->notice < 0 || o->n_leads == 0 || !o->action || !o->action[0])
        return kl_cli_usage(c, "task add", usage);
    kl_task t;
    memset(&t, 0, sizeof t);
    t.item = "";
    t.lead = o->leads;
    t.n_lead = o->n_leads;
    t.support = o->supports;
    t.n_support = o->n_supports;
    t.action = o->action;
    t.deadline.kind = o->has_kind ? o->kind : KL_DUE_NONE;
    t.deadline.due = o->has_due ? o->due : (kl_date){0, 0, 0};
    kl_error err;
    kl_err_clear(&err);
    int64_t id;
    /* tasks added by hand need no review */
    if (kl_store_task_add(s->store, o->notice, &t, o->key == 1, true, &id, &err) != KL_OK)
        return kl_cli_fail(c, &err);
    printf("Đã thêm nhiệm vụ #%lld\n", (long long)id);
    return KL_EXIT_OK;
}

static int show_assign(const kl_store_assign_row *r, const kl_status_info *st, void *ctx)
{
    (void)ctx;
    char due[11], late[32] = "";
    kl_date_dmy(st->effective_due, due);
    if (st->days_late > 0)
        snprintf(late, sizeof late, " (%d ngày làm việc)", st->days_late);
    printf("  - %s: %s%s, hạn thực tế %s\n", r->agency, kl_status_vi(st->status), late,
           due[0] ? due : "—");
    return KL_OK;
}

static int task_show(const kl_cli *c, kl_session *s, int64_t id)
{
    kl_arena a;
    kl_arena_init(&a, (size_t)64 << 20);
    kl_error err;
    kl_err_clear(&err);
    kl_store_task *t;
    int rc = kl_store_task_get(s->store, id, &a, &t, &err);
    if (rc == KL_OK) {
        char due[11];
        kl_date_dmy(t->deadline.due, due);
        printf("Nhiệm vụ #%lld (thông báo #%lld, mục %s)%s\n", (long long)t->id,
               (long long)t->notice_id, t->item[0] ? t->item : "—",
               t->is_key ? " — nhiệm vụ trọng tâm" : "");
        printf("Nội dung: %s\n", t->action);
        printf("Thời hạn: %s %s%s%s\n", kl_due_kind_name(t->deadline.kind), due,
               t->deadline.text ? " — " : "", t->deadline.text ? t->deadline.text : "");
        for (size_t i = 0; i < t->n_supports; i++)
            printf("Phối hợp: %s\n", t->supports[i].name);
        for (size_t i = 0; i < t->n_requirements; i++)
            printf("Yêu cầu: %s\n", t->requirements[i]);
        printf("Gia hạn: %zu lần; rà soát: %s\nChủ trì:\n", t->n_extensions,
               kl_review_name(t->review));
        kl_track_query q;
        memset(&q, 0, sizeof q);
        q.filter.task_id = id;
        q.status = -1;
        q.as_of = kl_cli_today();
        rc = kl_track_list(s->store, s->cal, &q, show_assign, NULL, &err);
        for (size_t i = 0; rc == KL_OK && i < t->n_events; i++)
            printf("Lịch sử: %s %s %s\n", t->events[i].at, t->events[i].kind,
                   t->events[i].text ? t->events[i].text : "");
    }
    kl_arena_fini(&a);
    return rc == KL_OK ? KL_EXIT_OK : kl_cli_fail(c, &err);
}

int kl_cmd_task(const kl_cli *c, int argc, char **argv)
{
    if (argc < 2)
        return kl_cli_usage(c, "task", usage);
    const char *sub = argv[1];
    if (strcmp(sub, "--help") == 0) {
        fputs(usage, stdout);
        return KL_EXIT_OK;
    }
    int64_t id = 0;
    bool needs_id = strcmp(sub, "add") != 0;
    if (needs_id && (argc < 3 || kl_cli_id(c, "nhiệm vụ", argv[2], &id) != KL_OK))
        return kl_cli_usage(c, "task", usage);
    kl_session s;
    int ec = kl_cli_session_open(c, &s, true);
    if (ec != KL_EXIT_OK)
        return ec;
    task_opts o;
    memset(&o, 0, sizeof o);
    o.key = -1;
    o.notice = -1;
    if (strcmp(sub, "show") == 0 && argc == 3) {
        ec = task_show(c, &s, id);
    } else if (strcmp(sub, "delete") == 0 && argc == 3) {
        kl_error err;
        kl_err_clear(&err);
        ec = kl_store_task_delete(s.store, id, &err) == KL_OK ? KL_EXIT_OK : kl_cli_fail(c, &err);
        if (ec == KL_EXIT_OK)
            printf("Đã xóa nhiệm vụ #%lld\n", (long long)id);
    } else if (strcmp(sub, "edit") == 0) {
        ec = parse_task_opts(c, &s, argc, argv, 3, &o);
        if (ec == KL_EXIT_OK)
            ec = task_edit(c, &s, id, &o);
    } else if (strcmp(sub, "add") == 0) {
        ec = parse_task_opts(c, &s, argc, argv, 2, &o);
        if (ec == KL_EXIT_OK)
            ec = task_add(c, &s, &o);
    } else {
        ec = kl_cli_usage(c, "task", usage);
    }
    kl_cli_session_close(&s);
    return ec;
}
