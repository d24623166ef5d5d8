/* One table from error codes to what a Vietnamese user reads, and to exit codes. */
#include "cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const struct {
    int code;
    const char *vi;
    int exit_code;
} table[] = {
    {KL_ERR_NOMEM, "hết bộ nhớ", KL_EXIT_SYSTEM},
    {KL_ERR_IO, "không đọc được tệp", KL_EXIT_INPUT},
    {KL_ERR_FORMAT, "tệp không đúng định dạng", KL_EXIT_INPUT},
    {KL_ERR_TOOBIG, "tệp vượt quá giới hạn kích thước", KL_EXIT_INPUT},
    {KL_ERR_NOTFOUND, "không tìm thấy", KL_EXIT_INPUT},
    {KL_ERR_CONFLICT, "dữ liệu xung đột", KL_EXIT_INPUT},
    {KL_ERR_DB, "lỗi cơ sở dữ liệu", KL_EXIT_DB},
    {KL_ERR_USAGE, "giá trị không hợp lệ", KL_EXIT_INPUT},
    {KL_ERR_AUTH, "không có quyền", KL_EXIT_INPUT},
};

const char *kl_cli_msg_vi(int code)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].code == code)
            return table[i].vi;
    return "lỗi";
}

int kl_cli_exit_code(int code)
{
    if (code == KL_OK)
        return KL_EXIT_OK;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].code == code)
            return table[i].exit_code;
    return KL_EXIT_SYSTEM;
}

void kl_cli_report(const kl_cli *c, const kl_error *err)
{
    size_t in_len = strlen(err->input);
    bool named = in_len == 0 || strncmp(err->msg, err->input, in_len) == 0;
    fprintf(stderr, "%s: lỗi: %s — %s%s%s", c->prog, kl_cli_msg_vi(err->code),
            named ? "" : err->input, named ? "" : ": ", err->msg);
    if (err->offset != KL_NO_OFFSET)
        fprintf(stderr, " (byte %zu)", err->offset);
    fputc('\n', stderr);
}
