/* Clauses: where sentences end, where a clause may start, and which clause starts assign a
 * task: "Giao X ...", "Yêu cầu X ...", "X chủ trì, phối hợp với Y ...", "X khẩn trương ...".
 * SPEC: EXTRACTION.md "What is a task". */
#include "extract_int.h"

#include <string.h>

static const char *const assign_verbs[] = {
    "giao cho", "giao", "yêu cầu", "đề nghị", "phân công", NULL,
};

/* A predicate never starts with these: they narrate, relate or describe (SPEC: findings,
 * background and directives narrated as already given are not tasks). */
static const char *const not_pred[] = {
    "đã",       "đang",         "vừa",       "được",     "bị",         "từng",        "là",
    "của",      "và",           "với",       "về",       "tại",        "do",          "cho",
    "trong",    "theo",         "từ",        "đến",      "thì",        "mà",          "này",
    "đó",       "nào",          "chưa",      "gồm",      "thuộc",      "ở",           "năm",
    "tháng",    "ngày",         "như",       "hoặc",     "hay",        "còn",         "đều",
    "rất",      "nhiều",        "các",       "những",    "một",        "cùng",        "trên",
    "dưới",     "qua",          "giữa",      "sau",      "khi",        "nếu",         "tham dự",
    "nhất trí", "cơ bản",       "đồng ý",    "ghi nhận", "biểu dương", "hoan nghênh", "thông báo",
    "kết luận", "đánh giá cao", "chúc mừng", "cảm ơn",   "soạn thảo",  "trình bày",   "vẫn",
    "không",    "thiếu",        "gặp",       "đạt",      "cũng đã",    NULL,
};

/* Adverbials that may stand between a subject and its verb. */
static const char *const adverbials[] = {
    "theo chức năng, nhiệm vụ được giao",
    "theo chức năng, nhiệm vụ",
    "theo chức năng",
    "theo thẩm quyền",
    "theo lĩnh vực quản lý",
    "trong phạm vi chức năng, nhiệm vụ",
    "căn cứ chức năng, nhiệm vụ được giao",
    "căn cứ chức năng, nhiệm vụ",
    NULL,
};

/* Verbs that begin with a word of the list above. */
static const char *const pred_verbs[] = {
    "theo dõi", "cho ý kiến", "đến thăm", "được giao", NULL,
};

/* What the issuer or a superior body says of itself is a decision, not a task. */
static const char *const issuer_not_pred[] = {
    "thống nhất", "đánh giá", "xác định",  "chấp thuận", "quyết định", "tổ chức",  "sẽ",   "họp",
    "chủ trì",    "ban hành", "phê duyệt", "cho ý kiến", "xem xét",    "ủy quyền", "luôn", NULL,
};

/* "có" starts a predicate only as "có trách nhiệm", "có báo cáo" ... */
static const char *const co_objects[] = {
    "có trách nhiệm", "có báo cáo",  "có văn bản",   "có kế hoạch",  "có phương án",
    "có ý kiến",      "có tờ trình", "có hướng dẫn", "có giải pháp", NULL,
};

/* A sentence that opens with one of these may put the subject after its first comma. */
static const char *const fronted[] = {
    "để",
    "trên cơ sở",
    "đồng thời",
    "sau khi",
    "qua",
    "căn cứ",
    "do đó",
    "do vậy",
    "vì vậy",
    "theo đó",
    "bên cạnh đó",
    "ngoài ra",
    "trước mắt",
    "riêng",
    "đối với",
    "về",
    "với",
    "thực hiện",
    "tuy nhiên",
    "trường hợp",
    "nếu",
    "khi",
    "trong thời gian tới",
    "từ nay",
    "nhằm",
    "sau đó",
    "mặt khác",
    "cùng với đó",
    "đặc biệt",
    "trong đó",
    "vì thế",
    NULL,
};

/* Connectives that may stand before the subject of a clause. */
static const char *const connectives[] = {
    "đồng thời", "trước mắt", "sau đó", "tiếp đó", "trong đó", NULL,
};

/* "UBND tỉnh thống nhất giao Sở Tài chính ...", "Đồng ý giao ...": a decision whose object is
 * an assignment; the assignment is the anchor. */
static const char *const decide_then_assign[] = {
    "thống nhất giao", "đồng ý giao", "quyết định giao", "thống nhất, giao", "đồng ý, giao", NULL,
};

static bool is_abbrev_before(const char *s, size_t dot)
{
    size_t k = dot, letters = 0;
    while (k > 0 && s[k - 1] != ' ' && s[k - 1] != '(' && letters < 6) {
        k--;
        letters++;
    }
    if (letters == 0 || letters > 4)
        return false;
    for (size_t i = k; i < dot; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (unsigned char)s[i] >= 0x80))
            return false;
    return true; /* "TL." "TP." "KT." "Q.": short capitals before a dot */
}

/* Does a sentence end at the '.', '!' or '?' at i? *after is the byte after its punctuation
 * run ("./." included). A capital, a digit, a quote or '(' must follow, outside brackets,
 * and "TL." "TP." are abbreviations. */
static bool break_at(const xrun *x, size_t i, size_t lim, int paren, size_t *after)
{
    const char *s = x->s;
    char c = s[i];
    size_t j = i + 1;
    while (j < lim && (s[j] == '.' || s[j] == '/'))
        j++;
    *after = j;
    if (j >= lim)
        return true;
    if (s[j] != ' ' || paren > 0)
        return false;
    size_t k = kl_lex_skip_spaces(s, lim, j);
    if (k >= lim)
        return true;
    bool next_ok = kl_lex_is_upper_at(s, lim, k) || (s[k] >= '0' && s[k] <= '9') || s[k] == '"' ||
                   (unsigned char)s[k] == 0xE2 || s[k] == '(';
    return next_ok && !(c == '.' && is_abbrev_before(s, i));
}

size_t kl_x_sentence_end(const xrun *x, size_t i, size_t lim)
{
    const char *s = x->s;
    int paren = 0;
    for (; i < lim; i++) {
        char c = s[i];
        if (c == '(')
            paren++;
        else if (c == ')' && paren > 0)
            paren--;
        size_t after;
        if ((c == '.' || c == '!' || c == '?') && break_at(x, i, lim, paren, &after))
            return after < lim ? after : lim;
    }
    return lim;
}

static bool sentence_is_fronted(const xrun *x, size_t sent, size_t lim)
{
    int which;
    return kl_lex_match_any(x->s + sent, lim - sent, fronted, true, &which) != 0;
}

/* Skip a parenthesis right after the leads: "Sở Y tế (cơ quan thường trực) chủ trì". */
static size_t skip_paren(const char *s, size_t j, size_t lim)
{
    if (j >= lim || s[j] != '(')
        return j;
    size_t k = j + 1;
    while (k < lim && s[k] != ')')
        k++;
    return k < lim ? kl_lex_skip_spaces(s, lim, k + 1) : j;
}

static bool all_issuer(const xrun *x, const org_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        if (!kl_x_org_is_issuer(x, &l->v[i]))
            return false;
    return l->n > 0;
}

typedef enum pred_kind { PRED_NONE, PRED_OK, PRED_HEADING, PRED_ASSIGN } pred_kind;

/* What follows the leads at j. *pj moves past any parenthesis or inline ':'. */
static pred_kind predicate(const xrun *x, const org_list *l, size_t *pj, size_t lim)
{
    const char *s = x->s;
    size_t j = skip_paren(s, kl_lex_skip_spaces(s, lim, *pj), lim);
    *pj = j;
    if (j >= lim)
        return PRED_NONE;
    if (s[j] == ':') {
        size_t k = kl_lex_skip_spaces(s, lim, j + 1);
        *pj = k;
        if (k >= lim)
            return PRED_HEADING;
        /* "Bộ Y tế: chủ trì ...", "Sở Y tế: Chủ trì, phối hợp ...": the action follows */
        return kl_lex_is_lower_at(s, lim, k) || kl_lex_is_upper_at(s, lim, k) ? PRED_OK : PRED_NONE;
    }
    /* "Các bộ, cơ quan theo chức năng, nhiệm vụ được giao chủ động ...": an adverbial between
     * the subject and its verb */
    int adv;
    size_t m = kl_lex_match_any(s + j, lim - j, adverbials, true, &adv);
    if (m) {
        j = kl_lex_skip_spaces(s, lim, j + m);
        if (j < lim && s[j] == ',')
            j = kl_lex_skip_spaces(s, lim, j + 1);
        *pj = j;
    }
    if (!kl_lex_is_lower_at(s, lim, j))
        return PRED_NONE;
    int which;
    if (!kl_lex_match_any(s + j, lim - j, pred_verbs, true, &which) &&
        kl_lex_match_any(s + j, lim - j, not_pred, true, &which))
        return PRED_NONE;
    /* "Sở Tài chính chậm thẩm định kinh phí": a finding, not a task */
    if (kl_lex_match(s + j, lim - j, "chậm", true) &&
        !kl_lex_match(s + j, lim - j, "chậm nhất", true))
        return PRED_NONE;
    size_t tr = kl_lex_match(s + j, lim - j, "trình", true);
    if (tr && (j + tr >= lim || s[j + tr] == ')' || s[j + tr] == '.'))
        return PRED_NONE; /* "(Sở Y tế trình)": who presented, not a task */
    if (kl_lex_match(s + j, lim - j, "có", true) &&
        !kl_lex_match_any(s + j, lim - j, co_objects, true, &which))
        return PRED_NONE;
    if (all_issuer(x, l)) {
        if (kl_lex_match_any(s + j, lim - j, assign_verbs, true, &which))
            return PRED_ASSIGN;
        if (kl_lex_match_any(s + j, lim - j, issuer_not_pred, true, &which))
            return PRED_NONE;
    }
    return PRED_OK;
}

/* After an assignment verb at v: the assignees and their predicate. */
static bool assignment(xrun *x, size_t start, size_t v, size_t lim, anchor *out)
{
    const char *s = x->s;
    int which;
    size_t m = kl_lex_match_any(s + v, lim - v, assign_verbs, true, &which);
    size_t j = kl_lex_skip_spaces(s, lim, v + m);
    if (j < lim && s[j] == ':') {
        size_t k = kl_lex_skip_spaces(s, lim, j + 1);
        if (k >= lim) {
            out->start = start;
            out->pred = k;
            out->lead.n = 0;
            out->leadin_only = true;
            return true;
        }
        j = k;
    }
    size_t e = kl_x_org_list(x, j, lim, &out->lead);
    if (e == j)
        return false;
    /* "đề nghị HĐND tỉnh điều chỉnh ...": a proposal to a superior body, not a task */
    if (strcmp(assign_verbs[which], "đề nghị") == 0 && all_issuer(x, &out->lead))
        return false;
    size_t p = e;
    pred_kind pk = predicate(x, &out->lead, &p, lim);
    if (pk == PRED_NONE && !(p < lim && kl_lex_is_lower_at(s, lim, p)))
        return false;
    out->start = start;
    out->pred = p;
    out->heading = pk == PRED_HEADING;
    return true;
}

/* Can a clause that starts at c begin with an organization, a title or an assignment verb?
 * Names and titles start with a capital; in lower case only a few words can ("các", "giao",
 * "huyện", "đồng thời" ...). This rejects most clause starts before any list is tried. */
static bool may_start_anchor(const char *s, size_t c, size_t lim)
{
    static const char *const lower_starts[] = {
        "các",    "giao",    "yêu cầu",  "đề nghị",  "phân công",  "đồng thời", "trước mắt",
        "sau đó", "tiếp đó", "trong đó", "huyện",    "thành phố",  "thị xã",    "xã",
        "phường", "quận",    "thị trấn", "cơ quan",  "đơn vị",     "ubnd",      "ủy ban",
        "sở",     "ban",     "giám đốc", "chủ tịch", "thủ trưởng", "lãnh đạo",  NULL,
    };
    if (kl_lex_is_upper_at(s, lim, c))
        return true;
    int which;
    return kl_lex_match_any(s + c, lim - c, lower_starts, true, &which) != 0;
}

/* Is there an anchor exactly at clause start c? */
static bool anchor_at(xrun *x, size_t c, size_t lim, anchor *out)
{
    const char *s = x->s;
    int which;
    if (c >= lim || !may_start_anchor(s, c, lim))
        return false;
    memset(out, 0, sizeof *out);
    size_t k = kl_lex_match_any(s + c, lim - c, connectives, true, &which);
    if (k) {
        c = kl_lex_skip_spaces(s, lim, c + k);
        if (c < lim && s[c] == ',')
            c = kl_lex_skip_spaces(s, lim, c + 1);
    }
    if (c >= lim)
        return false;
    if (kl_lex_match_any(s + c, lim - c, assign_verbs, true, &which))
        return assignment(x, c, c, lim, out);
    size_t d = kl_lex_match_any(s + c, lim - c, decide_then_assign, true, &which);
    if (d)
        return assignment(x, c, c + d - strlen("giao"), lim, out);
    size_t e = kl_x_org_list(x, c, lim, &out->lead);
    if (e == c)
        return false;
    size_t p = e;
    pred_kind pk = predicate(x, &out->lead, &p, lim);
    if (pk == PRED_ASSIGN)
        return assignment(x, c, p, lim, out);
    if (pk == PRED_NONE && all_issuer(x, &out->lead)) {
        size_t dm = kl_lex_match_any(s + p, lim - p, decide_then_assign, true, &which);
        if (dm) {
            size_t g = p + dm - strlen("giao");
            return assignment(x, c, g, lim, out);
        }
    }
    if (pk == PRED_NONE)
        return false;
    out->start = c;
    out->pred = p;
    out->heading = pk == PRED_HEADING;
    return true;
}

/* Clause starts in [i, lim): i itself, after a sentence end, ';' or ':', and after a comma
 * in a sentence that opens with a fronted adverbial or when a connective or an assignment
 * verb follows the comma. */
bool kl_x_next_anchor(xrun *x, size_t i, size_t lim, anchor *out)
{
    /* one pass: sentence ends are found as the scan meets them, never by looking ahead, so
     * a paragraph with thousands of clauses costs one scan, not one per clause */
    const char *s = x->s;
    bool fronted_sent = sentence_is_fronted(x, i, lim);
    int paren = 0;
    size_t c = i;
    while (c < lim) {
        if (anchor_at(x, c, lim, out))
            return true;
        size_t j = c + 1;
        if (s[c] == '(')
            paren++;
        for (; j < lim; j++) {
            char ch = s[j];
            size_t after;
            /* most bytes are letters and spaces: one test passes over them */
            if ((unsigned char)ch > '?' || ch == ' ')
                continue;
            if (ch == '(') {
                paren++;
            } else if (ch == ')' && paren > 0) {
                paren--;
            } else if ((ch == '.' || ch == '!' || ch == '?') &&
                       break_at(x, j, lim, paren, &after)) {
                j = kl_lex_skip_spaces(s, lim, after);
                fronted_sent = sentence_is_fronted(x, j, lim);
                paren = 0;
                break;
            } else if (ch == ';' || ch == ':') {
                j = kl_lex_skip_spaces(s, lim, j + 1);
                break;
            } else if (ch == ',') {
                size_t k = kl_lex_skip_spaces(s, lim, j + 1);
                int which;
                if (fronted_sent || kl_lex_match_any(s + k, lim - k, connectives, true, &which) ||
                    kl_lex_match(s + k, lim - k, "giao", true)) {
                    j = k;
                    break;
                }
            }
        }
        c = j;
    }
    return false;
}

bool kl_x_is_completion(const xrun *x, size_t i, size_t lim)
{
    static const char *const starts[] = {
        "hoàn thành", "thời gian hoàn thành", "thời hạn hoàn thành", "thời hạn",
        "xong trước", "thời gian thực hiện",  "thời gian báo cáo",   NULL,
    };
    int which;
    return kl_lex_match_any(x->s + i, lim - i, starts, true, &which) != 0;
}

static size_t find_word(const xrun *x, size_t i, size_t s, size_t e, const char *lit);

/* "UBND tỉnh yêu cầu Thủ trưởng các sở, ban, ngành ... tổ chức thực hiện./." and "...
 * thông báo để ... biết, thực hiện./.": groups asked only to carry out the notice. */
bool kl_x_is_closing_formula(const xrun *x, const anchor *an, size_t e)
{
    for (size_t i = 0; i < an->lead.n; i++)
        if (!an->lead.v[i].is_group && !kl_x_org_is_issuer(x, &an->lead.v[i]))
            return false;
    if (e <= an->pred || e - an->pred > 60)
        return false;
    return find_word(x, an->pred, an->pred, e, "thực hiện") < e ||
           find_word(x, an->pred, an->pred, e, "biết") < e;
}

static const char *const revision_verbs[] = {
    "tiếp thu", "hoàn thiện", "hoàn chỉnh", "chỉnh sửa", NULL,
};

static const char *const support_heads[] = {
    "phối hợp chặt chẽ với", "phối hợp với",       "phối hợp cùng", "với sự phối hợp của",
    "với sự tham gia của",   "có sự tham gia của", "phối hợp",      NULL,
};

static const char *const report_verbs[] = {"báo cáo", "trình", "gửi", NULL};

/* Where the literal (lower case, ASCII first letter) next starts a word in [i, e), written
 * with its first letter in either case; e if nowhere. memmem passes over the text far faster
 * than a word-by-word walk, and these words are rare. */
static size_t find_word(const xrun *x, size_t i, size_t s, size_t e, const char *lit)
{
    size_t ll = strlen(lit);
    while (i + ll <= e) {
        const char *hit = kl_lex_find(x->s + i, e - i, lit, ll);
        if (!hit)
            return e;
        size_t k = (size_t)(hit - x->s);
        if ((k == s || x->s[k - 1] == ' ' || x->s[k - 1] == '(') &&
            kl_lex_at_boundary(x->s, e, k + ll))
            return k;
        i = k + 1;
    }
    return e;
}

static bool has_any(const xrun *x, size_t s, size_t e, const char *const *lits)
{
    for (int k = 0; lits[k]; k++)
        if (find_word(x, s, s, e, lits[k]) < e)
            return true;
    return false;
}

bool kl_x_is_revision(const xrun *x, size_t s, size_t e)
{
    return has_any(x, s, e, revision_verbs);
}

/* Supports after each "phối hợp với X", "với sự tham gia của X" in [s, e). */
static void supports(xrun *x, size_t s, size_t e, org_list *out)
{
    static const char *const keys[] = {"phối hợp", "với sự", "có sự", NULL};
    for (int k = 0; keys[k]; k++) {
        for (size_t i = find_word(x, s, s, e, keys[k]); i < e;
             i = find_word(x, i + 1, s, e, keys[k])) {
            int which;
            size_t m = kl_lex_match_any(x->s + i, e - i, support_heads, true, &which);
            if (!m)
                continue;
            size_t j = kl_lex_skip_spaces(x->s, e, i + m);
            org_list l;
            kl_x_org_list(x, j, e, &l);
            for (size_t n = 0; n < l.n; n++)
                if (l.v[n].id != -2)
                    kl_x_org_add(x, out, l.v[n].name, l.v[n].id, l.v[n].is_group);
        }
    }
}

/* The first named body after "báo cáo", "trình" or "gửi" (and "về"). */
static const char *report_to(xrun *x, size_t s, size_t e)
{
    const char *best = NULL;
    size_t best_at = e;
    for (int k = 0; report_verbs[k]; k++) {
        for (size_t i = find_word(x, s, s, e, report_verbs[k]); i < best_at;
             i = find_word(x, i + 1, s, e, report_verbs[k])) {
            size_t j = kl_lex_skip_spaces(x->s, e, i + strlen(report_verbs[k]));
            size_t v = kl_lex_match(x->s + j, e - j, "về", true);
            if (v)
                j = kl_lex_skip_spaces(x->s, e, j + v);
            org_list l;
            kl_x_org_list(x, j, e, &l);
            if (l.n && l.v[0].id >= 0) {
                best = l.v[0].name;
                best_at = i;
                break;
            }
        }
    }
    return best;
}

void kl_x_scan_predicate(xrun *x, size_t s, size_t e, org_list *support, bool *revision,
                         const char **report)
{
    supports(x, s, e, support);
    *revision = kl_x_is_revision(x, s, e);
    *report = report_to(x, s, e);
}

bool kl_x_is_assignment(const xrun *x, const anchor *an)
{
    int which;
    const char *s = x->s + an->start;
    size_t len = x->len - an->start;
    return kl_lex_match_any(s, len, assign_verbs, true, &which) ||
           kl_lex_match_any(s, len, decide_then_assign, true, &which) || false;
}
