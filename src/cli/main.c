/* ketluan [--db PATH] [--data DIR] <command> [options] [args] */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KL_VERSION "0.1.0"

static const char usage[] =
    "ketluan — theo dõi nhiệm vụ trong thông báo kết luận\n"
    "Cách dùng: ketluan [--db TỆP] [--data THƯ-MỤC] LỆNH [tùy chọn] [tham số]\n"
    "Lệnh:\n"
    "  extract   đọc thông báo và in các nhiệm vụ (JSON hoặc bảng)\n"
    "  import    trích xuất và lưu thông báo vào cơ sở dữ liệu\n"
    "  notices   danh sách thông báo;  notice show MÃ: văn bản có đánh dấu nhiệm vụ\n"
    "  task      show|edit|add|delete: rà soát, sửa, thêm, xóa nhiệm vụ\n"
    "  confirm   xác nhận các nhiệm vụ của một thông báo\n"
    "  progress  ghi tiến độ;  done: ghi hoàn thành;  extend: gia hạn;  cancel: hủy\n"
    "  reassign  chuyển nhiệm vụ của cơ quan đã sáp nhập sang cơ quan kế thừa\n"
    "  tasks     danh sách nhiệm vụ theo cơ quan, trạng thái, thời hạn\n"
    "  stats     số liệu: tỷ lệ đúng hạn, quá hạn, cập nhật tiến độ\n"
    "  remind    soạn công văn đôn đốc (txt, docx)\n"
    "  search    tìm kiếm không phân biệt dấu\n"
    "  export    xuất csv, xlsx, ics, json\n"
    "  backup    sao lưu;  check: kiểm tra cơ sở dữ liệu;  setting: cài đặt\n"
    "  help      in hướng dẫn này\n"
    "Tùy chọn chung:\n"
    "  --data THƯ-MỤC  thêm bảng cơ quan (*.tsv) của tỉnh (hoặc biến KETLUAN_DATA)\n"
    "  --db TỆP        cơ sở dữ liệu (mặc định ./ketluan.db, hoặc biến KETLUAN_DB)\n"
    "  --version       in phiên bản\n"
    "Xem 'ketluan LỆNH --help' cho từng lệnh.\n";

int kl_cli_open_data(const kl_cli *c, kl_directory **dir, kl_calendar **cal, kl_error *err)
{
    int rc = c->data_dir ? kl_directory_open(dir, c->data_dir, err)
                         : kl_directory_open_default(dir, err);
    if (rc != KL_OK)
        return rc;
    rc = kl_calendar_open_default(cal, err);
    if (rc != KL_OK) {
        kl_directory_free(*dir);
        *dir = NULL;
    }
    return rc;
}

int main(int argc, char **argv)
{
    kl_cli c = {"ketluan", getenv("KETLUAN_DATA"), getenv("KETLUAN_DB")};
    int i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--data") == 0 && i + 1 < argc) {
            c.data_dir = argv[++i];
        } else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            c.db_path = argv[++i];
        } else if (strcmp(argv[i], "--version") == 0) {
            puts("ketluan " KL_VERSION);
            return KL_EXIT_OK;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return KL_EXIT_OK;
        } else {
            break;
        }
    }
    if (i >= argc) {
        fputs(usage, stderr);
        return KL_EXIT_USAGE;
    }
    /* Output into a pipe or a file: 64 KiB writes instead of the 4 KiB of a pipe's default
     * (a 1 MB list took 300 write calls). import flushes after each batch it commits. */
    static char out_buf[1 << 16];
    if (!isatty(STDOUT_FILENO))
        setvbuf(stdout, out_buf, _IOFBF, sizeof out_buf);
    static const struct {
        const char *name;
        int (*run)(const kl_cli *c, int argc, char **argv);
    } cmds[] = {
        {"extract", kl_cmd_extract},   {"import", kl_cmd_import},     {"notices", kl_cmd_notices},
        {"notice", kl_cmd_notice},     {"confirm", kl_cmd_confirm},   {"task", kl_cmd_task},
        {"progress", kl_cmd_progress}, {"done", kl_cmd_done},         {"extend", kl_cmd_extend},
        {"cancel", kl_cmd_cancel},     {"reassign", kl_cmd_reassign}, {"tasks", kl_cmd_tasks},
        {"stats", kl_cmd_stats},       {"remind", kl_cmd_remind},     {"search", kl_cmd_search},
        {"export", kl_cmd_export},     {"backup", kl_cmd_backup},     {"check", kl_cmd_check},
        {"setting", kl_cmd_setting},
    };
    const char *cmd = argv[i];
    for (size_t k = 0; k < sizeof cmds / sizeof cmds[0]; k++)
        if (strcmp(cmd, cmds[k].name) == 0)
            return cmds[k].run(&c, argc - i, argv + i);
    if (strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return KL_EXIT_OK;
    }
    fprintf(stderr, "%s: lỗi: lệnh không có — '%s'\n%s", c.prog, cmd, usage);
    return KL_EXIT_USAGE;
}
