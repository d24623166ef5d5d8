/* track/remind: a follow-up letter as a DOCX package (Office Open XML, ECMA-376) written
 * with libzip. The page is what Nghị định 30/2020/NĐ-CP prescribes for administrative
 * documents: A4, Times New Roman, margins top and bottom 20 mm, left 30 mm, right 20 mm;
 * the header block and the signature block are borderless two-column tables, the tasks a
 * bordered table. Element order inside every *Pr follows the schema: Word refuses a file
 * that LibreOffice would open. Output is deterministic: zip times are the letter's date. */
#include "remind_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <zip.h>

#include "../text/text.h"

/* Twentieths of a point: A4 is 210 x 297 mm; 1 mm = 56.7 twips. */
#define PAGE_W 11906
#define PAGE_H 16838
#define MARGIN_TOP 1134
#define MARGIN_BOTTOM 1134
#define MARGIN_LEFT 1701
#define MARGIN_RIGHT 1134
#define TEXT_W (PAGE_W - MARGIN_LEFT - MARGIN_RIGHT) /* 9071 */
#define HEAD_LEFT_W 3686                             /* 6.5 cm: issuer, number, V/v */
#define FIRST_LINE 567                               /* 1 cm paragraph indent */

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

/* Font sizes in half-points (ND30 Phụ lục I, Mục IV). */
enum {
    SZ_BODY = 28,  /* 14 pt: body, Kính gửi, place and date, signature */
    SZ_HEAD = 26,  /* 13 pt: issuer, motto, number */
    SZ_TABLE = 24, /* 12 pt: the task table, so a deadline fits its column */
    SZ_QH = 24,    /* 12 pt: Quốc hiệu (12-13; 13 does not fit its column on one line) */
    SZ_VV = 24,    /* 12 pt: V/v and "Nơi nhận:" */
    SZ_CC = 22     /* 11 pt: the Nơi nhận list */
};

typedef struct run_fmt {
    int sz;
    bool bold, italic, underline;
} run_fmt;

typedef struct par_fmt {
    const char *jc;    /* "left", "center", "both" */
    int before, after; /* spacing in twips */
    int first_line;    /* first-line indent in twips */
    int ind_side;      /* left and right indent, for the short rule under the issuer */
    bool rule;         /* a bottom border: the rule under the issuer */
    bool keep_next;
} par_fmt;

static const par_fmt P_CENTER = {.jc = "center"};
static const par_fmt P_LEFT = {.jc = "left"};
static const par_fmt P_BODY = {.jc = "both", .before = 120, .first_line = FIRST_LINE};
static const par_fmt P_CELL = {.jc = "left", .before = 40, .after = 40};
static const par_fmt P_CELL_C = {.jc = "center", .before = 40, .after = 40};

/* ---- XML text --------------------------------------------------------------------------- */

/* One code point as XML character data. Control characters are dropped (a tab becomes a
 * space): XML 1.0 forbids most of them, and one makes the whole package unreadable to Word. */
static void x_cp(kl_buf *b, int32_t cp)
{
    char enc[4];
    switch (cp) {
    case '&':
        kl_buf_appends(b, "&amp;");
        return;
    case '<':
        kl_buf_appends(b, "&lt;");
        return;
    case '>':
        kl_buf_appends(b, "&gt;");
        return;
    case '"':
        kl_buf_appends(b, "&quot;");
        return;
    case '\t':
        kl_buf_appendc(b, ' ');
        return;
    default:
        break;
    }
    if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0xfffe || cp == 0xffff)
        return;
    kl_buf_append(b, enc, kl_utf8_encode(cp, enc));
}

enum {
    X_CAP = 1,    /* capitalize the first letter, for table cells */
    X_NOBREAK = 2 /* inside w:t: a hyphen between letters is Word's non-breaking hyphen */
};

/* s as XML character data; bytes that are not UTF-8 become U+FFFD. With X_NOBREAK a
 * symbol such as "125/TB-UBND" never breaks at its hyphen across lines, as the clerks'
 * own letters never do; the spaced hyphens of "Độc lập - Tự do" are left alone. */
static void x_text(kl_buf *b, const char *s, unsigned flags)
{
    size_t len = strlen(s), i = 0;
    bool first = (flags & X_CAP) != 0;
    while (i < len) {
        int32_t cp;
        unsigned char u = (unsigned char)s[i];
        if (u < 0x80) { /* ASCII fast path */
            cp = u;
            i++;
        } else {
            i += kl_utf8_decode(s + i, len - i, &cp);
        }
        if (first) {
            cp = kl_char_upper(cp);
            first = false;
        }
        bool inner = i >= 2 && i < len && s[i - 2] != ' ' && s[i] != ' ';
        if (cp == '-' && inner && (flags & X_NOBREAK))
            kl_buf_appends(b, "</w:t><w:noBreakHyphen/><w:t xml:space=\"preserve\">");
        else
            x_cp(b, cp);
    }
}

static void x_rpr(kl_buf *b, const run_fmt *r)
{
    kl_buf_appends(b, "<w:rPr>");
    if (r->bold)
        kl_buf_appends(b, "<w:b/><w:bCs/>");
    if (r->italic)
        kl_buf_appends(b, "<w:i/><w:iCs/>");
    kl_buf_appendf(b, "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/>", r->sz, r->sz);
    if (r->underline)
        kl_buf_appends(b, "<w:u w:val=\"single\"/>");
    kl_buf_appends(b, "</w:rPr>");
}

static void x_ppr(kl_buf *b, const par_fmt *p, const run_fmt *r)
{
    kl_buf_appends(b, "<w:pPr>");
    if (p->keep_next)
        kl_buf_appends(b, "<w:keepNext/>");
    if (p->rule)
        kl_buf_appends(b, "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\""
                          " w:color=\"000000\"/></w:pBdr>");
    kl_buf_appendf(b, "<w:spacing w:before=\"%d\" w:after=\"%d\"/>", p->before, p->after);
    if (p->first_line || p->ind_side)
        kl_buf_appendf(b, "<w:ind w:left=\"%d\" w:right=\"%d\" w:firstLine=\"%d\"/>", p->ind_side,
                       p->ind_side, p->first_line);
    kl_buf_appendf(b, "<w:jc w:val=\"%s\"/>", p->jc);
    x_rpr(b, r); /* the paragraph mark's size, so an empty paragraph is as tall as its text */
    kl_buf_appends(b, "</w:pPr>");
}

/* One paragraph of one run (none when s is empty). */
static void x_par(kl_buf *b, const par_fmt *p, const run_fmt *r, const char *s, bool cap)
{
    kl_buf_appends(b, "<w:p>");
    x_ppr(b, p, r);
    if (*s) {
        kl_buf_appends(b, "<w:r>");
        x_rpr(b, r);
        kl_buf_appends(b, "<w:t xml:space=\"preserve\">");
        x_text(b, s, X_NOBREAK | (cap ? X_CAP : 0));
        kl_buf_appends(b, "</w:t></w:r>");
    }
    kl_buf_appends(b, "</w:p>");
}

/* "Kính gửi: Sở Y tế.": the recipient in its own run, between label and period, so that a
 * clerk who retypes the name retypes only the name. */
static void x_to(kl_buf *b, const par_fmt *p, const run_fmt *r, const char *recipient)
{
    kl_buf_appends(b, "<w:p>");
    x_ppr(b, p, r);
    const char *parts[] = {"Kính gửi: ", recipient, "."};
    for (size_t i = 0; i < 3; i++) {
        kl_buf_appends(b, "<w:r>");
        x_rpr(b, r);
        kl_buf_appends(b, "<w:t xml:space=\"preserve\">");
        x_text(b, parts[i], X_NOBREAK);
        kl_buf_appends(b, "</w:t></w:r>");
    }
    kl_buf_appends(b, "</w:p>");
}

/* ---- tables ----------------------------------------------------------------------------- */

static void x_tbl_open(kl_buf *b, const int *widths, size_t n, bool borders)
{
    static const char *const sides[] = {"top", "left", "bottom", "right", "insideH", "insideV"};
    kl_buf_appendf(b, "<w:tbl><w:tblPr><w:tblW w:w=\"%d\" w:type=\"dxa\"/><w:tblBorders>", TEXT_W);
    for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++)
        kl_buf_appendf(b, "<w:%s w:val=\"%s\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>",
                       sides[i], borders ? "single" : "nil");
    kl_buf_appends(b, "</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar>"
                      "<w:left w:w=\"85\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/>"
                      "</w:tblCellMar></w:tblPr><w:tblGrid>");
    for (size_t i = 0; i < n; i++)
        kl_buf_appendf(b, "<w:gridCol w:w=\"%d\"/>", widths[i]);
    kl_buf_appends(b, "</w:tblGrid>");
}

static void x_tc_open(kl_buf *b, int width, bool vcenter)
{
    kl_buf_appendf(b, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/>%s</w:tcPr>", width,
                   vcenter ? "<w:vAlign w:val=\"center\"/>" : "");
}

/* Header block: issuer over its rule and the number with V/v on the left; Quốc hiệu and
 * motto, then place and date on the right (ND30 Phụ lục I, ô 1-5). */
static void x_head(kl_buf *b, const kl_remind_letter *l)
{
    static const int w[] = {HEAD_LEFT_W, TEXT_W - HEAD_LEFT_W};
    const run_fmt issuer = {SZ_HEAD, true, false, false};
    x_tbl_open(b, w, 2, false);
    kl_buf_appends(b, "<w:tr>");
    x_tc_open(b, w[0], false);
    for (size_t i = 0; i < l->n_issuer; i++)
        x_par(b, &P_CENTER, &issuer, l->issuer[i], false);
    /* The rule under the issuer: a third to a half of the name, centered; a bottom border
     * on an empty paragraph between wide side indents draws exactly that. */
    par_fmt rule = {.jc = "center", .ind_side = 1200, .rule = true};
    x_par(b, &rule, &(run_fmt){4, false, false, false}, "", false);
    kl_buf_appends(b, "</w:tc>");
    x_tc_open(b, w[1], false);
    x_par(b, &P_CENTER, &(run_fmt){SZ_QH, true, false, false}, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
          false);
    x_par(b, &P_CENTER, &(run_fmt){SZ_HEAD, true, false, true}, "Độc lập - Tự do - Hạnh phúc",
          false);
    kl_buf_appends(b, "</w:tc></w:tr><w:tr>");
    x_tc_open(b, w[0], false);
    par_fmt num = {.jc = "center", .before = 120};
    x_par(b, &num, &(run_fmt){SZ_HEAD, false, false, false}, l->number, false);
    x_par(b, &P_CENTER, &(run_fmt){SZ_VV, false, false, false}, l->subject, false);
    kl_buf_appends(b, "</w:tc>");
    x_tc_open(b, w[1], false);
    x_par(b, &num, &(run_fmt){SZ_BODY, false, true, false}, l->place_date, false);
    kl_buf_appends(b, "</w:tc></w:tr></w:tbl>");
}

static void x_cell(kl_buf *b, int width, const par_fmt *p, const run_fmt *r, const char *s,
                   bool cap)
{
    x_tc_open(b, width, true);
    x_par(b, p, r, s, cap);
    kl_buf_appends(b, "</w:tc>");
}

/* The tasks: STT, Thông báo, Nội dung nhiệm vụ, Thời hạn, Tình trạng; the heading row
 * repeats on every page and no row splits across pages. */
static void x_items(kl_buf *b, const kl_remind_letter *l)
{
    static const int w[] = {680, 1984, 2665, 1984, 1758}; /* sums to TEXT_W */
    static const char *const heads[] = {"STT", "Thông báo", "Nội dung nhiệm vụ", "Thời hạn",
                                        "Tình trạng"};
    const run_fmt bold = {SZ_TABLE, true, false, false};
    const run_fmt text = {SZ_TABLE, false, false, false};
    x_tbl_open(b, w, 5, true);
    kl_buf_appends(b, "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (size_t i = 0; i < 5; i++)
        x_cell(b, w[i], &P_CELL_C, &bold, heads[i], false);
    kl_buf_appends(b, "</w:tr>");
    for (size_t i = 0; i < l->n_items; i++) {
        const kl_remind_item *it = &l->items[i];
        char stt[24];
        snprintf(stt, sizeof stt, "%zu", i + 1); /* at most 20 digits: never truncated */
        kl_buf_appends(b, "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        x_cell(b, w[0], &P_CELL_C, &text, stt, false);
        x_cell(b, w[1], &P_CELL, &text, it->citation, false);
        x_cell(b, w[2], &P_CELL, &text, it->action, true);
        x_cell(b, w[3], &P_CELL, &text, it->deadline, true);
        x_cell(b, w[4], &P_CELL, it->is_overdue ? &bold : &text, it->state, true);
        kl_buf_appends(b, "</w:tr>");
    }
    kl_buf_appends(b, "</w:tbl>");
}

/* Nơi nhận on the left, the signature block on the right (ND30 Phụ lục I, ô 7-9). */
static void x_tail(kl_buf *b, const kl_remind_letter *l)
{
    static const int w[] = {4253, TEXT_W - 4253};
    const run_fmt sign = {SZ_BODY, true, false, false};
    par_fmt top = {.jc = "left", .before = 240};
    par_fmt sign_top = {.jc = "center", .before = 240};
    x_tbl_open(b, w, 2, false);
    kl_buf_appends(b, "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
    x_tc_open(b, w[0], false);
    x_par(b, &top, &(run_fmt){SZ_VV, true, true, false}, "Nơi nhận:", false);
    for (size_t i = 0; i < l->n_cc; i++)
        x_par(b, &P_LEFT, &(run_fmt){SZ_CC, false, false, false}, l->cc[i], false);
    kl_buf_appends(b, "</w:tc>");
    x_tc_open(b, w[1], false);
    for (size_t i = 0; i < l->n_sign; i++)
        x_par(b, i == 0 ? &sign_top : &P_CENTER, &sign, l->sign[i], false);
    for (size_t i = 0; i < 4; i++) /* room for the signature and the seal */
        x_par(b, &P_CENTER, &sign, "", false);
    x_par(b, &P_CENTER, &sign, l->signer_name ? l->signer_name : "", false);
    kl_buf_appends(b, "</w:tc></w:tr></w:tbl>");
}

static void x_document(kl_buf *b, const kl_remind_letter *l)
{
    const run_fmt body = {SZ_BODY, false, false, false};
    kl_buf_appends(b, XML_DECL "<w:document xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\"><w:body>");
    x_head(b, l);
    par_fmt to = {.jc = "center", .before = 360, .after = 120};
    x_to(b, &to, &body, l->recipient);
    /* The opening leads into the table: keep them on one page. */
    par_fmt open = {.jc = "both", .before = 120, .first_line = FIRST_LINE, .keep_next = true};
    x_par(b, &open, &body, l->opening, false);
    x_par(b, &(par_fmt){.jc = "left", .after = 60, .keep_next = true},
          &(run_fmt){8, false, false, false}, "", false);
    x_items(b, l);
    for (size_t i = 0; i < l->n_closing; i++)
        x_par(b, &P_BODY, &body, l->closing[i], false);
    x_tail(b, l);
    /* Word ends a body with a paragraph, never a table; a tiny one cannot push a page. */
    x_par(b, &P_LEFT, &(run_fmt){2, false, false, false}, "", false);
    kl_buf_appendf(b,
                   "<w:sectPr><w:pgSz w:w=\"%d\" w:h=\"%d\"/><w:pgMar w:top=\"%d\""
                   " w:right=\"%d\" w:bottom=\"%d\" w:left=\"%d\" w:header=\"567\""
                   " w:footer=\"567\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>",
                   PAGE_W, PAGE_H, MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT);
}

/* ---- the fixed parts ---------------------------------------------------------------------- */

static const char CONTENT_TYPES[] =
    XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
             "<Default Extension=\"rels\" "
             "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
             "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
             "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
             "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
             "<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
             "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
             "<Override PartName=\"/word/settings.xml\" ContentType=\"application/"
             "vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
             "<Override PartName=\"/docProps/core.xml\" "
             "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
             "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/"
             "vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>";

static const char ROOT_RELS[] = XML_DECL
    "<Relationships xmlns=\"" NS_PKG_REL "\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/officeDocument\" Target=\"word/document.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>";

static const char DOC_RELS[] = XML_DECL
    "<Relationships xmlns=\"" NS_PKG_REL "\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/styles\" Target=\"styles.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/settings\" Target=\"settings.xml\"/></Relationships>";

/* Times New Roman for every script slot, so Vietnamese never falls back to another face;
 * language vi-VN for the spelling checker. */
static const char STYLES[] = XML_DECL
    "<w:styles xmlns:w=\"" NS_W "\"><w:docDefaults><w:rPrDefault><w:rPr>"
    "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\""
    " w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>"
    "<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/><w:lang w:val=\"vi-VN\" w:eastAsia=\"vi-VN\""
    " w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
    "<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>"
    "</w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
    "<w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
    "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">"
    "<w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/>"
    "</w:style>"
    "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\">"
    "<w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/>"
    "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar>"
    "<w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>"
    "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>"
    "</w:tblCellMar></w:tblPr></w:style></w:styles>";

/* compatibilityMode 15: without it Word opens the letter in "Compatibility Mode". */
static const char SETTINGS[] =
    XML_DECL "<w:settings xmlns:w=\"" NS_W "\"><w:defaultTabStop w:val=\"720\"/>"
             "<w:characterSpacingControl w:val=\"doNotCompress\"/><w:compat>"
             "<w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/"
             "office/word\" w:val=\"15\"/></w:compat></w:settings>";

static const char APP[] = XML_DECL
    "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "docPropsVTypes\"><Application>ketluan</Application><DocSecurity>0</DocSecurity>"
    "</Properties>";

static void x_core(kl_buf *b, const kl_remind_letter *l)
{
    char iso[11];
    kl_date_iso(l->date, iso);
    kl_buf_appends(b, XML_DECL "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats."
                               "org/package/2006/metadata/core-properties\""
                               " xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
                               " xmlns:dcterms=\"http://purl.org/dc/terms/\""
                               " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
                               "<dc:title>");
    x_text(b, l->title ? l->title : "", 0);
    kl_buf_appendf(b,
                   "</dc:title><dc:creator>ketluan</dc:creator><dc:language>vi-VN"
                   "</dc:language><dcterms:created xsi:type=\"dcterms:W3CDTF\">"
                   "%sT00:00:00Z</dcterms:created></cp:coreProperties>",
                   iso);
}

/* ---- the package -------------------------------------------------------------------------- */

typedef struct part {
    const char *name;
    const char *p;
    size_t len;
} part;

/* Every part into a new zip at path; the buffers must outlive zip_close, which reads
 * them. [Content_Types].xml goes first, as readers that sniff the package expect. */
static int zip_parts(const char *path, const part *parts, size_t n, time_t mtime, kl_error *err)
{
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!z) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        int rc = kl_err_set(err, KL_ERR_IO, KL_NO_OFFSET, "%s: cannot create: %s", path,
                            zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        zip_source_t *src = zip_source_buffer(z, parts[i].p, parts[i].len, 0);
        zip_int64_t idx = src ? zip_file_add(z, parts[i].name, src, ZIP_FL_ENC_UTF_8) : -1;
        if (idx < 0) {
            zip_source_free(src);
            int rc = kl_err_set(err, KL_ERR_IO, KL_NO_OFFSET, "%s: cannot add %s: %s", path,
                                parts[i].name, zip_strerror(z));
            zip_discard(z);
            return rc;
        }
        zip_file_set_mtime(z, (zip_uint64_t)idx, mtime, 0);
    }
    if (zip_close(z) != 0) {
        int rc =
            kl_err_set(err, KL_ERR_IO, KL_NO_OFFSET, "%s: cannot write: %s", path, zip_strerror(z));
        zip_discard(z);
        return rc;
    }
    return KL_OK;
}

int kl_remind_docx_write(const kl_remind_letter *l, const char *path, kl_error *err)
{
    kl_buf doc, core;
    kl_buf_init(&doc, 0);
    kl_buf_init(&core, 0);
    x_document(&doc, l);
    x_core(&core, l);
    int rc = doc.failed != KL_OK ? doc.failed : core.failed;
    if (rc != KL_OK) {
        rc = kl_err_set(err, rc, KL_NO_OFFSET, "%s: out of memory", path);
    } else {
        const part parts[] = {
            {"[Content_Types].xml", CONTENT_TYPES, sizeof CONTENT_TYPES - 1},
            {"_rels/.rels", ROOT_RELS, sizeof ROOT_RELS - 1},
            {"word/document.xml", doc.p, doc.len},
            {"word/_rels/document.xml.rels", DOC_RELS, sizeof DOC_RELS - 1},
            {"word/styles.xml", STYLES, sizeof STYLES - 1},
            {"word/settings.xml", SETTINGS, sizeof SETTINGS - 1},
            {"docProps/core.xml", core.p, core.len},
            {"docProps/app.xml", APP, sizeof APP - 1},
        };
        /* Noon, not midnight: DOS zip times are local, and noon keeps the date in any zone. */
        time_t mtime = (time_t)kl_date_to_days(l->date) * 86400 + 12 * 3600;
        rc = zip_parts(path, parts, sizeof parts / sizeof parts[0], mtime, err);
    }
    kl_buf_fini(&doc);
    kl_buf_fini(&core);
    return rc;
}
