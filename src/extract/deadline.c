/* Deadline recognition inside one clause.  SPEC: EXTRACTION.md "Deadlines".
 *
 * One left-to-right pass over the bytes. Only a few anchor words start work: "ngày", "năm",
 * "tháng", "quý", "tuần", "kỳ", "khi", "xuyên", "phiên" and digits; each anchor looks
 * a few words back for the word that says how to read it ("trước ngày", "trong tháng",
 * "hằng năm", "thường xuyên") and forward for the date. A handled phrase is skipped whole,
 * so "kỳ họp giữa năm 2022" is one event and its "giữa năm 2022" is never read again. Byte
 * comparisons only (the text is NFC with modern tone placement); no allocation.
 *
 * Phrases rank by precision (deadline_int.h): a day > an event with a stated time > a month
 * > a quarter > a half-year > a year > an event without a time > ongoing; among equals the
 * last one wins.
 *
 * Periods are deadlines only where the text bounds the action with them. A month needs
 * "trong", "hết", "vào", "trước", "đầu/giữa/cuối", "hoàn thành" or "xong" before it; a bare
 * "tháng 3 năm 2022" names a meeting or a report ("phiên họp UBND tỉnh tháng 3 năm 2022").
 * Quarters and half-years likewise ("nhiệm vụ trọng tâm quý II năm 2022" is a title), also
 * "của 6 tháng cuối năm" (the rest "của 6 tháng cuối năm 2020" is what is to be done) or
 * the phrase alone at the start of the passage. A year needs a completion word right before
 * "năm": "trong", "hết", "hoàn thành", "hoàn tất", "đạt chuẩn (nông thôn mới)", "(trồng
 * rừng) mới", "phấn đấu", "về đích", "trước", or "đầu/giữa/cuối"; "kế hoạch năm 2020", "chủ
 * đề năm 2020", "đến năm 2030" and ranges ("năm 2022-2025") are names of periods. */
#include "deadline_int.h"

#include <string.h>

#define NPOS ((size_t)-1)
#define MAX_COUNT 999        /* "trong thời hạn 10 ngày": larger counts are not deadlines */
#define CLAUSE_WINDOW 100    /* bytes back to look for "báo cáo ... ngày" */
#define EVENT_WORDS 14       /* words after "kỳ họp" that can still describe the session */
#define EVENT_PHRASE_WORDS 8 /* words of "trước khi gửi Bộ ..." kept in the phrase */
#define DOC_NUMBER_MAX 48    /* bytes of "1804/QĐ-TTg": longer tokens are not numbers */
#define YEAR_MIN 1900
#define YEAR_MAX 2199

enum rank {
    RANK_NONE,
    RANK_ONGOING,
    RANK_EVENT,
    RANK_YEAR,
    RANK_HALF,
    RANK_QUARTER,
    RANK_MONTH,
    RANK_EVENT_TIME,
    RANK_DAY
};

enum unit { UNIT_DAY, UNIT_WEEK, UNIT_MONTH };

/* A count from a date ("10 ngày làm việc kể từ ngày ký"), computed only if it wins: a
 * clause of a thousand counts must not walk the calendar a thousand times. */
typedef struct count {
    kl_date base;
    int n;
    enum unit unit;
    bool is_working;
} count;

typedef struct scan {
    const unsigned char *p;
    size_t len;
    kl_date ref;
    const kl_calendar *cal;
    int best_rank;
    kl_deadline_found best;
    bool best_is_count; /* best.due is to be computed from best_count */
    count best_count;
} scan;

static const char *const kind_names[] = {"none",   "before", "by",     "within",
                                         "approx", "event",  "ongoing"};

const char *kl_due_kind_name(kl_due_kind k)
{
    if ((int)k < 0 || (size_t)k >= sizeof kind_names / sizeof kind_names[0])
        return "none";
    return kind_names[k];
}

int kl_due_kind_parse(const char *s, kl_due_kind *out)
{
    for (size_t i = 0; s && i < sizeof kind_names / sizeof kind_names[0]; i++)
        if (strcmp(s, kind_names[i]) == 0) {
            *out = (kl_due_kind)i;
            return KL_OK;
        }
    return KL_ERR_USAGE;
}

/* ---- bytes ---------------------------------------------------------------------------- */

static bool is_digit(unsigned char b)
{
    return b >= '0' && b <= '9';
}

/* Markdown residue ("**trước ngày 15/9/2021**") counts as space in case cleaning left it. */
static bool is_space(unsigned char b)
{
    return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '*' || b == '_';
}

/* ASCII letters and digits, and lead bytes of the letters Vietnamese uses (Latin-1,
 * Latin Extended-A/B, combining marks, Latin Extended Additional); not E2 (“ ” – …). */
static bool is_word_lead(unsigned char b)
{
    return (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') ||
           (b >= 0xC3 && b <= 0xC6) || b == 0xCC || b == 0xCD || b == 0xE1;
}

static bool letter_at(const scan *s, size_t i)
{
    return i < s->len && is_word_lead(s->p[i]);
}

/* Whether the character ending just before i is a letter or digit. */
static bool letter_before(const scan *s, size_t i)
{
    size_t j = i;
    while (j > 0 && j + 3 > i && (s->p[j - 1] & 0xC0) == 0x80)
        j--;
    return j > 0 && is_word_lead(s->p[j - 1]);
}

/* Text byte t against pattern byte pat[k]: ASCII case-blind when fold, and "Đ" = "đ". */
static bool same_byte(unsigned char t, const char *pat, size_t k, bool fold)
{
    unsigned char c = (unsigned char)pat[k];
    if (t == c)
        return true;
    if (!fold)
        return false;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
        return (t | 0x20) == (c | 0x20);
    return c == 0x91 && t == 0x90 && k > 0 && (unsigned char)pat[k - 1] == 0xC4;
}

static size_t skip_sp(const scan *s, size_t i)
{
    while (i < s->len && is_space(s->p[i]))
        i++;
    return i;
}

static size_t skip_sp_back(const scan *s, size_t i)
{
    while (i > 0 && is_space(s->p[i - 1]))
        i--;
    return i;
}

/* Pattern pat (words separated by one space) at i: its end, or 0. */
static size_t fwd(const scan *s, size_t i, const char *pat)
{
    for (size_t k = 0; pat[k]; k++) {
        if (pat[k] == ' ') {
            if (i >= s->len || !is_space(s->p[i]))
                return 0;
            i = skip_sp(s, i);
        } else if (i >= s->len || !same_byte(s->p[i], pat, k, true)) {
            return 0;
        } else {
            i++;
        }
    }
    return letter_at(s, i) ? 0 : i;
}

/* Pattern pat ending just before i (white space between allowed): its start, or NPOS. */
static size_t back_fold(const scan *s, size_t i, const char *pat, bool fold)
{
    size_t j = skip_sp_back(s, i);
    for (size_t k = strlen(pat); k > 0; k--) {
        if (pat[k - 1] == ' ') {
            if (j == 0 || !is_space(s->p[j - 1]))
                return NPOS;
            j = skip_sp_back(s, j);
        } else if (j == 0 || !same_byte(s->p[j - 1], pat, k - 1, fold)) {
            return NPOS;
        } else {
            j--;
        }
    }
    return letter_before(s, j) ? NPOS : j;
}

static size_t back(const scan *s, size_t i, const char *pat)
{
    return back_fold(s, i, pat, true);
}

/* The first of pats that ends just before i: its start (and *which), or NPOS. */
static size_t back_any(const scan *s, size_t i, const char *const *pats, size_t n, size_t *which)
{
    for (size_t k = 0; k < n; k++) {
        size_t st = back(s, i, pats[k]);
        if (st != NPOS) {
            if (which)
                *which = k;
            return st;
        }
    }
    return NPOS;
}

#define BACK_ANY(s, i, list, which) back_any(s, i, list, sizeof list / sizeof list[0], which)

/* Digits at i: how many (0 if none, or more than maxd), value in *v. */
static size_t read_num(const scan *s, size_t i, size_t maxd, int *v)
{
    size_t n = 0;
    int x = 0;
    while (i + n < s->len && is_digit(s->p[i + n])) {
        if (n == maxd)
            return 0;
        x = x * 10 + (s->p[i + n] - '0');
        n++;
    }
    *v = x;
    return n;
}

/* Exactly four digits at i, a year in range: end, or 0. */
static size_t read_year(const scan *s, size_t i, int *y)
{
    size_t n = read_num(s, i, 4, y);
    return n == 4 && *y >= YEAR_MIN && *y <= YEAR_MAX ? i + 4 : 0;
}

/* End of up to n words after i, stopping at punctuation. */
static size_t words_end(const scan *s, size_t i, int n)
{
    size_t end = i;
    for (int w = 0; w < n; w++) {
        size_t j = skip_sp(s, end);
        if (!letter_at(s, j))
            break;
        while (j < s->len && !is_space(s->p[j]) && s->p[j] != ',' && s->p[j] != ';' &&
               s->p[j] != '.' && s->p[j] != ':' && s->p[j] != ')' && s->p[j] != '(')
            j++;
        end = j;
    }
    return end;
}

/* ---- dates and results ---------------------------------------------------------------- */

static kl_date no_date(void)
{
    kl_date d = {0, 0, 0};
    return d;
}

static kl_date mk_date(int y, int m, int d)
{
    kl_date r = {(int16_t)y, (int8_t)m, (int8_t)d};
    return r;
}

static void found(scan *s, int rank, kl_due_kind kind, kl_date due, size_t start, size_t end)
{
    if (rank < s->best_rank)
        return;
    s->best_rank = rank;
    s->best_is_count = false;
    s->best.kind = kind;
    s->best.due = due;
    s->best.phrase.start = start;
    s->best.phrase.end = end;
}

/* SPEC: "The year, where the text omits it, is the notice's year (the next year if that
 * date would fall more than two months before the notice's own date)". A partial ref is
 * compared at its own precision; d = 0 compares months only. False: year unknown. */
static bool infer_year(const scan *s, int m, int d, int *y)
{
    if (*y)
        return true;
    if (s->ref.year <= 0)
        return false;
    int yy = s->ref.year;
    if (s->ref.month > 0) {
        int months_back = s->ref.month - m;
        if (months_back > 2 || (months_back == 2 && d > 0 && s->ref.day > 0 && d < s->ref.day))
            yy++;
    }
    *y = yy;
    return true;
}

/* Emit y-m-d (d = 0: the last day of the month); y = 0: inferred, null when unknown.
 * An impossible date ("31/2/2021") is no deadline: returns false. */
static bool emit(scan *s, int rank, kl_due_kind kind, int y, int m, int d, size_t st, size_t end)
{
    if (m < 1 || m > 12 || d < 0 || d > 31)
        return false;
    if (!infer_year(s, m, d, &y)) {
        found(s, rank, kind, no_date(), st, end);
        return true;
    }
    if (d == 0)
        d = kl_days_in_month(y, m);
    if (!kl_date_valid(y, m, d))
        return false;
    found(s, rank, kind, mk_date(y, m, d), st, end);
    return true;
}

/* "15/9/2021", "15-9-2021", "15.9.2021", "15/9", "15 tháng 9 năm 2021", "15 tháng 9" at
 * i: end, or 0. y = 0 when the year is omitted. */
static size_t parse_dmy(const scan *s, size_t i, int *d, int *m, int *y)
{
    size_t n = read_num(s, i, 2, d);
    if (n == 0 || *d < 1 || *d > 31)
        return 0;
    size_t j = i + n;
    *y = 0;
    size_t k;
    if (j < s->len && (s->p[j] == '/' || s->p[j] == '-' || s->p[j] == '.')) {
        unsigned char sep = s->p[j];
        size_t nm = read_num(s, j + 1, 2, m);
        if (nm == 0)
            return 0;
        j += 1 + nm;
        if (j + 1 < s->len && s->p[j] == sep && is_digit(s->p[j + 1])) {
            j = read_year(s, j + 1, y);
            if (j == 0)
                return 0;
        } else if (sep == '.') {
            return 0; /* "ngày 5.3" is too likely a list number; dots only with a year */
        }
    } else if ((k = fwd(s, skip_sp(s, j), "tháng")) != 0) {
        size_t nm = read_num(s, skip_sp(s, k), 2, m);
        if (nm == 0)
            return 0;
        j = skip_sp(s, k) + nm;
    } else {
        return 0;
    }
    if (*m < 1 || *m > 12 || (j < s->len && is_digit(s->p[j])))
        return 0;
    if (*y == 0 && (k = fwd(s, skip_sp(s, j), "năm")) != 0) {
        size_t e = read_year(s, skip_sp(s, k), y);
        if (e)
            j = e;
        else
            *y = 0;
    }
    return j;
}

/* "9/2021", "9-2021", "9 năm 2021", "9" after "tháng"/"quý" at i (value already read
 * as n digits): end, year in *y (0 if omitted); 0 when a year is started but malformed. */
static size_t parse_opt_year(const scan *s, size_t j, int *y)
{
    *y = 0;
    if (j < s->len && (s->p[j] == '/' || s->p[j] == '-') && j + 1 < s->len && is_digit(s->p[j + 1]))
        return read_year(s, j + 1, y);
    if (j < s->len && is_digit(s->p[j]))
        return 0;
    size_t k = fwd(s, skip_sp(s, j), "năm");
    if (k) {
        size_t e = read_year(s, skip_sp(s, k), y);
        if (e)
            return e;
        *y = 0;
    }
    return j;
}

/* ---- context -------------------------------------------------------------------------- */

/* Words that make a period a deadline when they come right before it. */
static const char *const within_words[] = {"hoàn thành trong", "trong",    "hết", "vào",
                                           "hoàn thành",       "hoàn tất", "xong"};

/* Start of the passage, or right after a colon ("Thời hạn: quý IV/2021"). */
static bool clause_start(const scan *s, size_t i)
{
    size_t j = skip_sp_back(s, i);
    return j == 0 || s->p[j - 1] == ':';
}

/* A document number right before "ngày" at ws: "số 66/2017/NQ-HĐND ngày", "Công điện số
 * 01/CĐ-BKHĐT ngày", "Kết luận số 64-KL/TW, ngày", "Nghị quyết 68/NQ-CP ngày", "Công văn
 * số 123 ngày", or a capitalised document type ("Nghị quyết ngày 11/12/2017"). */
static bool cited_document(const scan *s, size_t ws)
{
    static const char *const doc_types[] = {
        "Nghị quyết", "Quyết định", "Chỉ thị",   "Kết luận", "Thông báo",   "Công văn",
        "Văn bản",    "Nghị định",  "Thông tư",  "Kế hoạch", "Công điện",   "Tờ trình",
        "Báo cáo",    "Đề án",      "Hướng dẫn", "Luật",     "Chương trình"};
    size_t j = skip_sp_back(s, ws);
    if (j > 0 && s->p[j - 1] == ',')
        j = skip_sp_back(s, j - 1);
    size_t end = j;
    while (j > 0 && end - j < DOC_NUMBER_MAX && !is_space(s->p[j - 1]))
        j--;
    bool slash = false, upper = false, digit = false, other = false;
    for (size_t k = j; k < end; k++) {
        unsigned char b = s->p[k];
        slash |= b == '/' || b == '-';
        upper |= (b >= 'A' && b <= 'Z') || b >= 0x80;
        digit |= is_digit(b);
        other |= !(is_digit(b) || b == '/' || b == '-' || (b >= 'A' && b <= 'Z') || b >= 0x80);
    }
    if (digit && slash && upper)
        return true;
    if (end > j && digit && !slash && !upper && !other && back(s, j, "số") != NPOS)
        return true;
    for (size_t k = 0; k < sizeof doc_types / sizeof doc_types[0]; k++)
        if (back_fold(s, ws, doc_types[k], false) != NPOS)
            return true;
    return false;
}

/* Dates that are never deadlines: meetings ("phiên họp ngày", "tại cuộc họp ngày", "hội
 * nghị ngày"), signatures ("ký ngày", "ban hành ngày"), start and effective dates ("từ
 * ngày 01/4/2021", "áp dụng từ ngày 01/01/2022", "kể từ ngày 01/7"), "as of" ("tính đến
 * ngày"), and a sentence that opens with its date ("Ngày 18/3/2022, UBND tỉnh đã tổ chức
 * phiên họp"). */
static bool excluded_date(const scan *s, size_t ws)
{
    static const char *const words[] = {"họp",      "họp vào", "hội nghị", "hội thảo",
                                        "làm việc", "ký",      "ban hành", "từ",
                                        "đến",      "tới",     "sinh",     "thành lập"};
    if (BACK_ANY(s, ws, words, NULL) != NPOS)
        return true;
    if (ws < s->len && s->p[ws] == 'N') {
        size_t j = skip_sp_back(s, ws);
        return j == 0 || s->p[j - 1] == '.' || s->p[j - 1] == '(' || s->p[j - 1] == ':';
    }
    return false;
}

/* "trước thứ Sáu, ngày 10/9/2021": the weekday before "ngày" at ws is skipped. */
static size_t skip_weekday_back(const scan *s, size_t ws)
{
    static const char *const days[] = {"thứ hai", "thứ ba",  "thứ tư",  "thứ năm",
                                       "thứ sáu", "thứ bảy", "chủ nhật"};
    static const char *const days_up[] = {"thứ Hai", "thứ Ba",  "thứ Tư",  "thứ Năm",
                                          "thứ Sáu", "thứ Bảy", "Chủ nhật"};
    size_t j = skip_sp_back(s, ws);
    if (j > 0 && s->p[j - 1] == ',')
        j--;
    size_t st = BACK_ANY(s, j, days, NULL);
    if (st == NPOS)
        st = BACK_ANY(s, j, days_up, NULL);
    return st == NPOS ? ws : st;
}

/* "báo cáo UBND tỉnh ngày 10/5/2021": an action that hands something in, earlier in the
 * same clause (no , ; . : ( ) or line break between) and close by. */
static bool action_in_clause(const scan *s, size_t ws)
{
    static const char *const verbs[] = {"báo cáo", "trình", "gửi", "nộp", "hoàn thành", "xong"};
    size_t lo = ws > CLAUSE_WINDOW ? ws - CLAUSE_WINDOW : 0;
    for (size_t k = ws; k > lo; k--) {
        unsigned char b = s->p[k - 1];
        if (b == ',' || b == ';' || b == '.' || b == ':' || b == '(' || b == ')' || b == '\n')
            return false;
        if (letter_before(s, k - 1) || !letter_at(s, k - 1))
            continue;
        for (size_t v = 0; v < sizeof verbs / sizeof verbs[0]; v++)
            if (fwd(s, k - 1, verbs[v]))
                return true;
    }
    return false;
}

/* ---- phrases -------------------------------------------------------------------------- */

/* "hằng năm", "hàng tuần", "hằng quý", "hằng tháng", "hàng ngày": ongoing. */
static bool ongoing_before(scan *s, size_t ws, size_t we)
{
    static const char *const every[] = {"hằng", "hàng"};
    size_t st = BACK_ANY(s, ws, every, NULL);
    if (st == NPOS)
        return false;
    found(s, RANK_ONGOING, KL_DUE_ONGOING, no_date(), st, we);
    return true;
}

enum part { PART_START, PART_MIDDLE, PART_END, PART_NONE, PART_FROM };

/* "đầu", "giữa" or "cuối" right before ws. *word is its start; *st the phrase start, which
 * takes in a "vào"/"trong"/"trước" before it. PART_FROM for "từ đầu năm", a start and not a
 * deadline ("bám sát tiến độ ngay từ đầu năm"). */
static enum part part_before(const scan *s, size_t ws, size_t *word, size_t *st)
{
    static const char *const parts[] = {"đầu", "giữa", "cuối"};
    static const char *const leads[] = {"vào", "trong", "trước"};
    size_t which = 0;
    *word = BACK_ANY(s, ws, parts, &which);
    if (*word == NPOS)
        return PART_NONE;
    if (back(s, *word, "từ") != NPOS)
        return PART_FROM;
    *st = BACK_ANY(s, *word, leads, NULL);
    if (*st == NPOS)
        *st = *word;
    return (enum part)which;
}

/* A year after "năm" (ws..end) that is not a range: see the file comment for the words
 * that make it a deadline. */
static size_t year_phrase(scan *s, size_t ws, size_t end, int y)
{
    static const char *const completion[] = {"trong",    "hết",       "hoàn thành", "hoàn tất",
                                             "xong",     "đạt chuẩn", "mới",        "phấn đấu",
                                             "phân đấu", "về đích"};
    size_t word = 0, st = 0;
    enum part part = part_before(s, ws, &word, &st);
    if (part == PART_FROM)
        return end;
    if (part != PART_NONE) {
        if (back(s, word, "tháng") == NPOS) {
            static const int month[] = {1, 6, 12}, day[] = {1, 30, 31};
            emit(s, RANK_YEAR, KL_DUE_APPROX, y, month[part], day[part], st, end);
        } else if (part == PART_END) {
            /* "những tháng cuối năm 2021": a period that ends with the year. */
            emit(s, RANK_YEAR, KL_DUE_WITHIN, y, 12, 31, st, end);
        }
        return end;
    }
    if ((st = BACK_ANY(s, ws, completion, NULL)) != NPOS)
        emit(s, RANK_YEAR, KL_DUE_WITHIN, y, 12, 31, st, end);
    else if ((st = back(s, ws, "trước")) != NPOS)
        emit(s, RANK_YEAR, KL_DUE_BEFORE, y, 1, 1, st, end);
    return end;
}

/* "năm" without digits: "cuối năm", "giữa năm nay", "đầu năm tới", "trong năm nay". */
static size_t bare_year(scan *s, size_t ws, size_t we)
{
    size_t j = skip_sp(s, we), k;
    size_t end = we;
    int y = 0;
    bool is_explicit = true;
    if ((k = fwd(s, j, "nay")) != 0)
        y = s->ref.year;
    else if ((k = fwd(s, j, "tới")) != 0 || (k = fwd(s, j, "sau")) != 0)
        y = s->ref.year ? s->ref.year + 1 : 0;
    else if (letter_at(s, j))
        return we; /* "năm học", "năm ngoái", "năm ngày sinh" */
    else
        is_explicit = false;
    if (is_explicit)
        end = k;
    if (is_explicit && y == 0)
        y = -1; /* a year relative to an unknown one: null */
    size_t word = 0, st = 0;
    enum part part = part_before(s, ws, &word, &st);
    int m = 0, d = 0;
    kl_due_kind kind = KL_DUE_APPROX;
    if (part == PART_START || part == PART_MIDDLE || part == PART_END) {
        if (back(s, word, "tháng") != NPOS)
            return end; /* "6 tháng đầu năm" is read at its digit; "những tháng đầu năm" */
        m = part == PART_START ? 1 : part == PART_MIDDLE ? 6 : 12;
        d = part == PART_START ? 1 : 0;
    } else if (is_explicit &&
               ((st = back(s, ws, "trong")) != NPOS || (st = back(s, ws, "hết")) != NPOS)) {
        m = 12;
        kind = KL_DUE_WITHIN;
    } else {
        return end;
    }
    if (y < 0)
        found(s, RANK_YEAR, kind, no_date(), st, end);
    else
        emit(s, RANK_YEAR, kind, y, m, d, st, end);
    return end;
}

static size_t on_nam(scan *s, size_t ws, size_t we)
{
    size_t j = skip_sp(s, we);
    int y = 0;
    size_t ye = read_year(s, j, &y);
    if (ye == 0) {
        if (j < s->len && is_digit(s->p[j]))
            return we;
        if (ongoing_before(s, ws, we))
            return we;
        return bare_year(s, ws, we);
    }
    /* A range names a period: "năm 2022-2025", "Kế hoạch 5 năm 2021 - 2025". */
    size_t r = skip_sp(s, ye);
    if (r < s->len && s->p[r] == '-')
        r++;
    else if (r + 2 < s->len && s->p[r] == 0xE2 && s->p[r + 1] == 0x80 &&
             (s->p[r + 2] == 0x93 || s->p[r + 2] == 0x94))
        r += 3;
    else
        return year_phrase(s, ws, ye, y);
    int y2;
    size_t r2 = read_year(s, skip_sp(s, r), &y2);
    return r2 ? r2 : year_phrase(s, ws, ye, y);
}

/* A month or quarter (months m1..m2 of year y, 0 = omitted) named at ws..end. SPEC: "đầu,
 * giữa, cuối follow the Civil Code 2015 (Điều 146)": the 1st, the 15th (of the middle
 * month of a quarter), the last day; "trong tháng 9" is the month's last day; "trước tháng
 * 10" is strictly before its first day. */
static size_t period_phrase(scan *s, int rank, size_t ws, size_t end, int m1, int m2, int y)
{
    size_t word = 0, st = 0;
    enum part part = part_before(s, ws, &word, &st);
    if (part == PART_START)
        emit(s, rank, KL_DUE_APPROX, y, m1, 1, st, end);
    else if (part == PART_MIDDLE)
        emit(s, rank, KL_DUE_APPROX, y, (m1 + m2) / 2, 15, st, end);
    else if (part == PART_END)
        emit(s, rank, KL_DUE_APPROX, y, m2, 0, st, end);
    else if (part == PART_FROM)
        return end;
    else if ((st = BACK_ANY(s, ws, within_words, NULL)) != NPOS)
        emit(s, rank, KL_DUE_WITHIN, y, m2, 0, st, end);
    else if ((st = back(s, ws, "trước")) != NPOS)
        emit(s, rank, KL_DUE_BEFORE, y, m1, 1, st, end);
    else if (clause_start(s, ws))
        emit(s, rank, KL_DUE_WITHIN, y, m2, 0, ws, end);
    return end;
}

/* After "tháng" (ws..we): "9/2021", "10 năm 2021", "9", "này", "tới", "sau". Returns where
 * the month ends, 0 when there is none; *m, *y (0 = omitted, -1 = unknown). */
static size_t month_after(const scan *s, size_t we, int *m, int *y)
{
    size_t j = skip_sp(s, we), k;
    size_t n = read_num(s, j, 2, m);
    if (n)
        return parse_opt_year(s, j + n, y);
    if (j < s->len && is_digit(s->p[j]))
        return 0;
    int ref_m = s->ref.month >= 1 && s->ref.month <= 12 ? s->ref.month : 0;
    if ((k = fwd(s, j, "này")) != 0) {
        *m = ref_m;
    } else if ((k = fwd(s, j, "tới")) != 0 || (k = fwd(s, j, "sau")) != 0) {
        *m = ref_m == 12 ? 1 : ref_m + 1;
        if (ref_m == 0)
            *m = 0;
    } else {
        return 0;
    }
    *y = ref_m == 0 || s->ref.year <= 0 ? -1 : s->ref.year + (ref_m == 12 && *m == 1);
    return k;
}

static size_t on_thang(scan *s, size_t ws, size_t we)
{
    if (ongoing_before(s, ws, we))
        return we;
    int m = 0, y = 0;
    size_t end = month_after(s, we, &m, &y);
    if (end == 0)
        return we;
    if (y < 0 || m < 1 || m > 12)
        return end;
    return period_phrase(s, RANK_MONTH, ws, end, m, m, y);
}

/* "quý II/2022", "quý IV năm 2021", "quý 3/2021", "trước quý IV", "cuối quý I". */
static size_t on_quy(scan *s, size_t ws, size_t we)
{
    static const char *const roman[] = {"IV", "III", "II", "I"};
    static const int roman_q[] = {4, 3, 2, 1};
    if (ongoing_before(s, ws, we))
        return we;
    size_t j = skip_sp(s, we), k = 0;
    int q = 0, y = 0;
    for (size_t r = 0; r < 4 && !k; r++)
        if ((k = fwd(s, j, roman[r])) != 0)
            q = roman_q[r];
    if (!k && read_num(s, j, 1, &q) == 1 && q >= 1 && q <= 4)
        k = j + 1;
    if (!k)
        return we;
    size_t end = parse_opt_year(s, k, &y);
    if (end == 0)
        return k;
    return period_phrase(s, RANK_QUARTER, ws, end, q * 3 - 2, q * 3, y);
}

/* ---- days ----------------------------------------------------------------------------- */

typedef struct lead_word {
    const char *w;
    kl_due_kind kind;
} lead_word;

/* Words before a date that make it a deadline, longest first. */
static const lead_word day_leads[] = {
    {"trước hoặc trong", KL_DUE_BY},
    {"trước hoặc vào", KL_DUE_BY},
    {"chậm nhất là", KL_DUE_BY},
    {"chậm nhất vào", KL_DUE_BY},
    {"chậm nhất trong", KL_DUE_BY},
    {"chậm nhất", KL_DUE_BY},
    {"không muộn hơn", KL_DUE_BY},
    {"không chậm hơn", KL_DUE_BY},
    {"không quá", KL_DUE_BY},
    {"trước", KL_DUE_BEFORE},
    {"đến hết", KL_DUE_BY},
    {"hết", KL_DUE_BY},
    {"trong", KL_DUE_BY},
    {"vào", KL_DUE_BY},
    {"hoàn thành", KL_DUE_BY},
    {"xong", KL_DUE_BY},
    {"thời hạn", KL_DUE_BY},
    {"hạn chót", KL_DUE_BY},
};
/* The leads up to "hết" read a date written without "ngày" ("trước 30/6/2022"); after
 * "trong", "vào", "hoàn thành" a bare "01/2021" is too often a number of something else. */
#define BARE_DATE_LEADS 12

/* The lead word ending before i among the first n of day_leads: its start, or NPOS. */
static size_t day_lead(const scan *s, size_t i, size_t n, kl_due_kind *kind)
{
    for (size_t k = 0; k < n; k++) {
        size_t st = back(s, i, day_leads[k].w);
        if (st != NPOS) {
            *kind = day_leads[k].kind;
            return st;
        }
    }
    return NPOS;
}

/* "ngày" not followed by a date: "kể từ ngày nhận được" is a time counted from an event. */
static size_t ngay_without_date(scan *s, size_t ws, size_t we)
{
    static const char *const from[] = {"kể từ", "tính từ"};
    size_t st = BACK_ANY(s, ws, from, NULL);
    if (st != NPOS && fwd(s, skip_sp(s, we), "nhận"))
        found(s, RANK_EVENT, KL_DUE_EVENT, no_date(), st, words_end(s, we, 2));
    return we;
}

static size_t on_ngay(scan *s, size_t ws, size_t we)
{
    if (ongoing_before(s, ws, we))
        return we;
    size_t j = skip_sp(s, we);
    int d = 0, m = 0, y = 0;
    size_t end = j < s->len && is_digit(s->p[j]) ? parse_dmy(s, j, &d, &m, &y) : 0;
    if (end == 0)
        return ngay_without_date(s, ws, we);
    /* SPEC: "A date that states the time of a meeting or the date of a cited document ...
     * is never a deadline." */
    if (cited_document(s, ws))
        return end;
    size_t at = skip_weekday_back(s, ws);
    if (excluded_date(s, at))
        return end;
    kl_due_kind kind = KL_DUE_BY;
    size_t st = day_lead(s, at, sizeof day_leads / sizeof day_leads[0], &kind);
    if (st != NPOS)
        emit(s, RANK_DAY, kind, y, m, d, st, end);
    else if (action_in_clause(s, ws))
        emit(s, RANK_DAY, KL_DUE_BY, y, m, d, ws, end);
    return end;
}

/* End of a token that is not a date of ours ("66/2017/NQ-HĐND", "2021-2025"). */
static size_t token_end(const scan *s, size_t i)
{
    while (i < s->len && !is_space(s->p[i]) && s->p[i] != ',' && s->p[i] != ';' && s->p[i] != '(' &&
           s->p[i] != ')')
        i++;
    return i;
}

/* A date without "ngày": "trước 30/6/2022", "chậm nhất 15/9". Other bare dates are
 * document numbers, ranges or dates of something else. */
static size_t bare_date(scan *s, size_t i)
{
    int d = 0, m = 0, y = 0;
    size_t end = parse_dmy(s, i, &d, &m, &y);
    if (end == 0 || (end < s->len && (s->p[end] == '/' || s->p[end] == '-')))
        return token_end(s, i);
    kl_due_kind kind = KL_DUE_BY;
    size_t st = day_lead(s, i, BARE_DATE_LEADS, &kind);
    if (st != NPOS)
        emit(s, RANK_DAY, kind, y, m, d, st, end);
    return end;
}

/* "6 tháng đầu năm", "6 tháng cuối năm 2020" (k = after "tháng"); 0 if not one. */
static size_t half_year(scan *s, size_t i, size_t k, int n)
{
    static const char *const leads[] = {"trong", "hết", "của", "vào", "hoàn thành", "xong"};
    size_t a = skip_sp(s, k), e;
    bool first;
    if ((e = fwd(s, a, "đầu năm")) != 0)
        first = true;
    else if ((e = fwd(s, a, "cuối năm")) != 0)
        first = false;
    else
        return 0;
    int y = 0;
    size_t t = skip_sp(s, e);
    size_t ye = read_year(s, t, &y);
    if (ye)
        e = ye;
    else if (t < s->len && is_digit(s->p[t]))
        return e;
    if (n < 1 || n > 12)
        return e;
    size_t st = BACK_ANY(s, i, leads, NULL);
    if (st == NPOS && clause_start(s, i))
        st = i;
    if (st != NPOS)
        emit(s, RANK_HALF, KL_DUE_WITHIN, y, first ? n : 12, 0, st, e);
    return e;
}

/* base plus n units (n working days when is_working); null when base is not a full date. */
static kl_date add_count(const scan *s, const count *c)
{
    kl_date base = c->base;
    int n = c->n;
    if (!kl_date_valid(base.year, base.month, base.day))
        return no_date();
    if (c->unit == UNIT_DAY && c->is_working)
        return kl_cal_add_working_days(s->cal, base, n);
    kl_date r;
    if (c->unit != UNIT_MONTH) {
        r = kl_date_from_days(kl_date_to_days(base) + n * (c->unit == UNIT_WEEK ? 7 : 1));
    } else {
        int months = base.year * 12 + (base.month - 1) + n;
        int y = months / 12, m = months % 12 + 1;
        r = mk_date(y, m, base.day < kl_days_in_month(y, m) ? base.day : kl_days_in_month(y, m));
    }
    return kl_date_valid(r.year, r.month, r.day) ? r : no_date(); /* past 9999 */
}

/* What a count runs from, at j (after "kể từ"/"tính từ"/"từ"): the notice's date ("ngày
 * ký", "ngày ban hành"), a stated date, or another event (null). *end is where it ends. */
static bool count_base(scan *s, size_t j, kl_date *base, size_t *end)
{
    size_t k = fwd(s, j, "ngày");
    *base = no_date();
    *end = words_end(s, j, 3);
    if (!k)
        return false;
    size_t t = skip_sp(s, k), e;
    int d = 0, m = 0, y = 0;
    if (t < s->len && is_digit(s->p[t]) && (e = parse_dmy(s, t, &d, &m, &y)) != 0) {
        *end = e;
        if (infer_year(s, m, d, &y) && kl_date_valid(y, m, d))
            *base = mk_date(y, m, d);
        return true;
    }
    if ((e = fwd(s, t, "ký")) != 0 || (e = fwd(s, t, "ban hành")) != 0) {
        *end = e;
        *base = s->ref;
        return true;
    }
    return false;
}

/* "trong thời hạn 10 ngày làm việc kể từ ngày ký", "05 ngày kể từ ngày nhận được" at the
 * number (value n, unit ending at k). SPEC: counts from the notice's date give that date
 * plus n (working days where it says so); counts from another event are null events. */
static size_t count_phrase(scan *s, size_t i, int n, enum unit u, size_t k)
{
    static const char *const leads[] = {"trong thời hạn", "trong vòng", "trong",     "chậm nhất",
                                        "tối đa",         "thời hạn",   "không quá", "sau"};
    static const char *const from[] = {"kể từ", "tính từ", "từ"};
    bool is_working = false;
    size_t j = skip_sp(s, k), w;
    bool paren = j < s->len && s->p[j] == '(';
    if (u == UNIT_DAY && (w = fwd(s, paren ? j + 1 : j, "làm việc")) != 0) {
        is_working = true;
        j = skip_sp(s, paren && w < s->len && s->p[w] == ')' ? w + 1 : w);
    }
    if (j < s->len && s->p[j] == ',')
        j = skip_sp(s, j + 1);
    size_t st = BACK_ANY(s, i, leads, NULL);
    if (st == NPOS)
        st = i;
    size_t a = 0, end;
    for (size_t f = 0; f < 3 && !a; f++)
        a = fwd(s, j, from[f]);
    count c = {no_date(), n, u, is_working};
    if (a && count_base(s, skip_sp(s, a), &c.base, &end)) {
        found(s, RANK_DAY, KL_DUE_BY, no_date(), st, end); /* the top rank: always taken */
        s->best_is_count = true;
        s->best_count = c;
        return end;
    }
    if (a || (a = fwd(s, j, "sau khi")) != 0) {
        end = words_end(s, a, EVENT_PHRASE_WORDS);
        found(s, RANK_EVENT, KL_DUE_EVENT, no_date(), st, end);
        return end;
    }
    return k;
}

static size_t on_digit(scan *s, size_t i)
{
    int n = 0;
    size_t nd = read_num(s, i, 3, &n);
    if (nd == 0)
        return token_end(s, i);
    size_t e = i + nd;
    if (e + 1 < s->len && (s->p[e] == '/' || s->p[e] == '-' || s->p[e] == '.') &&
        is_digit(s->p[e + 1]))
        return bare_date(s, i);
    size_t u = skip_sp(s, e), k;
    if ((k = fwd(s, u, "tháng")) != 0) {
        size_t r = half_year(s, i, k, n);
        if (r)
            return r;
        return n > 0 && n <= MAX_COUNT ? count_phrase(s, i, n, UNIT_MONTH, k) : k;
    }
    if (n <= 0 || n > MAX_COUNT)
        return e;
    if ((k = fwd(s, u, "ngày")) != 0)
        return count_phrase(s, i, n, UNIT_DAY, k);
    if ((k = fwd(s, u, "tuần")) != 0)
        return count_phrase(s, i, n, UNIT_WEEK, k);
    return e;
}

/* ---- events and ongoing --------------------------------------------------------------- */

/* A time inside a session's description at j: "giữa năm 2022", "cuối năm", "thường lệ"
 * name the session (*has_time false); "đầu tháng 5/2021", "tháng 7", "ngày 20/7/2021" state
 * when it meets (*has_time, *y *m *d; d = 0 for the month's last day). End, or 0. */
static size_t session_time(const scan *s, size_t j, bool *has_time, int *y, int *m, int *d)
{
    static const char *const parts[] = {"đầu", "giữa", "cuối"};
    static const int part_day[] = {1, 15, 0};
    size_t k = 0, a = j, e;
    int part = -1;
    *has_time = false;
    for (int i = 0; i < 3 && !k; i++)
        if ((k = fwd(s, j, parts[i])) != 0) {
            part = i;
            a = skip_sp(s, k);
        }
    if ((e = fwd(s, a, "năm")) != 0) {
        size_t ye = read_year(s, skip_sp(s, e), y);
        size_t nay = fwd(s, skip_sp(s, e), "nay");
        return ye ? ye : nay ? nay : e;
    }
    if ((e = fwd(s, a, "tháng")) != 0) {
        int mm = 0, yy = 0;
        size_t me = month_after(s, e, &mm, &yy);
        if (me == 0 || yy < 0 || mm < 1 || mm > 12)
            return me;
        *has_time = true;
        *y = yy;
        *m = mm;
        *d = part >= 0 ? part_day[part] : 0;
        return me;
    }
    if (part >= 0)
        return 0;
    if ((e = fwd(s, j, "ngày")) != 0 && (e = parse_dmy(s, skip_sp(s, e), d, m, y)) != 0) {
        *has_time = true;
        return e;
    }
    return fwd(s, j, "thường lệ");
}

/* "kỳ họp giữa năm 2022 của HĐND tỉnh", "kỳ họp chuyên đề dự kiến tổ chức đầu tháng 5/2021"
 * from st, description from i. SPEC: an event; its due is the time stated for it, null when
 * none ("giữa năm" in a session's name is not a time: "trình kỳ họp giữa năm 2022"). */
static size_t session_event(scan *s, size_t st, size_t i)
{
    static const char *const stops[] = {"trước", "chậm", "trong", "để",    "báo", "hoàn", "theo",
                                        "nhằm",  "và",   "gửi",   "trình", "bảo", "đảm",  "xem"};
    size_t end = i;
    for (int w = 0; w < EVENT_WORDS; w++) {
        size_t j = skip_sp(s, end);
        if (!letter_at(s, j))
            break;
        bool has_time = false;
        int y = 0, m = 0, d = 0;
        size_t k = session_time(s, j, &has_time, &y, &m, &d);
        if (k && has_time && emit(s, RANK_EVENT_TIME, KL_DUE_EVENT, y, m, d, st, k))
            return k;
        if (k) {
            end = k;
            continue;
        }
        bool stop = false;
        for (size_t t = 0; t < sizeof stops / sizeof stops[0] && !stop; t++)
            stop = fwd(s, j, stops[t]) != 0;
        if (stop)
            break;
        end = words_end(s, end, 1);
    }
    found(s, RANK_EVENT, KL_DUE_EVENT, no_date(), st, end);
    return end;
}

/* "kỳ họp ..." is an event; "định kỳ" is ongoing; "nhiệm kỳ 2021-2026", "thời kỳ" are
 * names of periods. */
static size_t on_ky(scan *s, size_t ws, size_t we)
{
    size_t k = fwd(s, skip_sp(s, we), "họp");
    if (k)
        return session_event(s, ws, k);
    size_t st = back(s, ws, "định");
    if (st != NPOS)
        found(s, RANK_ONGOING, KL_DUE_ONGOING, no_date(), st, we);
    return we;
}

/* "phiên họp" is the issuer's own meeting ("Kết luận phiên họp UBND tỉnh tháng 3"), an event
 * of a task only when something is submitted to it: "trình phiên họp UBND tỉnh tháng 10". */
static size_t on_phien(scan *s, size_t ws, size_t we)
{
    static const char *const to[] = {"trình tại", "trình", "trước"};
    size_t k = fwd(s, skip_sp(s, we), "họp");
    if (!k || BACK_ANY(s, ws, to, NULL) == NPOS)
        return we;
    return session_event(s, ws, k);
}

/* SPEC: "trước khi trình …", "trước khi gửi Bộ …" are times counted from another event;
 * so is "ngay sau khi". */
static size_t on_khi(scan *s, size_t ws, size_t we)
{
    static const char *const rel[] = {"trước", "ngay sau"};
    size_t st = BACK_ANY(s, ws, rel, NULL);
    if (st != NPOS)
        found(s, RANK_EVENT, KL_DUE_EVENT, no_date(), st, words_end(s, we, EVENT_PHRASE_WORDS));
    return we;
}

/* ---- the scan ------------------------------------------------------------------------- */

/* A word starting at i that may be an anchor: the position to go on from (> i). */
static size_t dispatch(scan *s, size_t i)
{
    size_t we;
    switch (s->p[i] | 0x20) {
    case 'n':
        if ((we = fwd(s, i, "ngày")) != 0)
            return on_ngay(s, i, we);
        if ((we = fwd(s, i, "năm")) != 0)
            return on_nam(s, i, we);
        break;
    case 't':
        if ((we = fwd(s, i, "tháng")) != 0)
            return on_thang(s, i, we);
        if ((we = fwd(s, i, "tuần")) != 0 && ongoing_before(s, i, we))
            return we;
        break;
    case 'q':
        if ((we = fwd(s, i, "quý")) != 0)
            return on_quy(s, i, we);
        break;
    case 'k':
        if ((we = fwd(s, i, "kỳ")) != 0)
            return on_ky(s, i, we);
        if ((we = fwd(s, i, "khi")) != 0)
            return on_khi(s, i, we);
        break;
    case 'x':
        if ((we = fwd(s, i, "xuyên")) != 0 && back(s, i, "thường") != NPOS) {
            found(s, RANK_ONGOING, KL_DUE_ONGOING, no_date(), back(s, i, "thường"), we);
            return we;
        }
        break;
    case 'p':
        if ((we = fwd(s, i, "phiên")) != 0)
            return on_phien(s, i, we);
        break;
    default:
        if (is_digit(s->p[i]))
            return on_digit(s, i);
        break;
    }
    return i + 1;
}

/* Bytes that can start an anchor: n t q k x p (either case) and digits. */
static bool is_anchor_byte(unsigned char b)
{
    switch (b | 0x20) {
    case 'n':
    case 't':
    case 'q':
    case 'k':
    case 'x':
    case 'p':
        return (b & 0xDF) >= 'A' && (b & 0xDF) <= 'Z';
    default:
        return is_digit(b);
    }
}

bool kl_deadline_find(const char *p, size_t len, kl_date ref, const kl_calendar *cal,
                      kl_deadline_found *out)
{
    scan s;
    memset(&s, 0, sizeof s);
    s.p = (const unsigned char *)p;
    s.len = p ? len : 0;
    s.ref = ref;
    s.cal = cal;
    /* A ref with an impossible month or day counts only as far as it is sound. */
    if (s.ref.month < 0 || s.ref.month > 12 || s.ref.year <= 0)
        s.ref = no_date();
    if (s.ref.day < 0 || s.ref.day > 31 || s.ref.month == 0)
        s.ref.day = 0;
    for (size_t i = 0; i < s.len;) {
        unsigned char b = s.p[i];
        size_t next = i + 1;
        /* Cheap byte test first; a digit inside "66/2017" or "2021-2025" starts nothing. */
        if (is_anchor_byte(b) && !letter_before(&s, i) &&
            !(i > 0 && (s.p[i - 1] == '/' || s.p[i - 1] == '-' || s.p[i - 1] == '.')))
            next = dispatch(&s, i);
        i = next > i ? next : i + 1;
    }
    if (s.best_is_count)
        s.best.due = add_count(&s, &s.best_count);
    kl_deadline_found none = {KL_DUE_NONE, {0, 0, 0}, {0, 0}};
    if (out)
        *out = s.best_rank != RANK_NONE ? s.best : none;
    return s.best_rank != RANK_NONE;
}
