/* track/remind: the follow-up letter (công văn đôn đốc) as a model of finished Vietnamese
 * strings, shared by the composer (remind.c) and the two writers (remind_txt.c,
 * remind_docx.c). The composer decides every word; a writer only lays the strings out, so
 * the TXT and the DOCX of one letter always say the same thing. Private to src/track/. */
#ifndef KL_TRACK_REMIND_INT_H
#define KL_TRACK_REMIND_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "track.h"

#define KL_REMIND_MAX_LINES 4

/* One task cited in a letter. Strings are UTF-8, NUL-terminated, in the letter's arena. */
typedef struct kl_remind_item {
    const char *citation; /* "Thông báo số 125/TB-UBND ngày 10/9/2021" */
    const char *action;   /* "Tham mưu phương án phòng chống dịch" (no final period) */
    const char *deadline; /* "trước ngày 30/9/2021", with a note when extended or moved */
    const char *state; /* "quá hạn 4 ngày làm việc", "sắp đến hạn, còn 2 ngày làm việc" */
    bool is_overdue;
} kl_remind_item;

/* A whole letter, in reading order (Nghị định 30/2020/NĐ-CP, Phụ lục I). */
typedef struct kl_remind_letter {
    const char *issuer[KL_REMIND_MAX_LINES]; /* "ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN" */
    size_t n_issuer;
    const char *number;     /* "Số:        /UBND-TH": the clerk writes the number in */
    const char *subject;    /* "V/v đôn đốc thực hiện nhiệm vụ được giao" */
    const char *place_date; /* "Lạng Sơn, ngày 05 tháng 10 năm 2021" */
    const char *recipient;  /* "Sở Y tế" (the Kính gửi line adds the rest) */
    const char *opening;    /* the paragraph that leads into the list */
    kl_remind_item *items;  /* overdue first (most late first), then due soon */
    size_t n_items;
    const char *closing[KL_REMIND_MAX_LINES]; /* paragraphs after the list */
    size_t n_closing;
    const char *cc[KL_REMIND_MAX_LINES]; /* Nơi nhận: "- Như trên;" ... */
    size_t n_cc;
    const char *sign[KL_REMIND_MAX_LINES]; /* "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG" */
    size_t n_sign;
    const char *signer_name; /* NULL: left blank for the clerk */
    const char *title;       /* document title for metadata ("Đôn đốc ... - Sở Y tế") */
    kl_date date;            /* the letter's date (as_of) */
} kl_remind_letter;

/* Append the letter as plain UTF-8 text (LF line ends, about 78 columns) to out. KL_OK or
 * the buffer's error code. */
int kl_remind_txt(const kl_remind_letter *l, kl_buf *out);

/* Write the letter as a DOCX package to path (the caller writes to a .part name and renames
 * it). Errors: KL_ERR_IO (cannot create or finish the zip), KL_ERR_NOMEM. */
int kl_remind_docx_write(const kl_remind_letter *l, const char *path, kl_error *err);

#endif
