#!/usr/bin/env python3
"""Write the worst-case inputs of tests/run.sh ("patho" checks) into OUTDIR.

    tests/pathological/gen.py OUTDIR

Each file is a shape that a careless scanner handles in quadratic time or deep recursion:
very many bullets, one huge line, an outline nested thousands deep, thousands of assignment
clauses in one sentence, nothing but white space, and the like. They are generated at test
time (several MiB in all) so that none is committed; small hand-made worst cases can be
committed beside this script as *.txt and run.sh runs them too. Every file must give exit 0
within the time bound (KL_PATHO_TIMEOUT, 20 s, with the sanitizer build).
"""
import os
import sys

HEAD = ("Số: 1/TB-UBND\n\nSơn Hà, ngày 14 tháng 3 năm 2024\n\nTHÔNG BÁO\n\n"
        "Kết luận của Chủ tịch UBND tỉnh tại phiên họp UBND tỉnh tháng 3 năm 2024\n\n")

AGENCIES = ["Sở Tài chính", "Sở Xây dựng", "Sở Y tế", "Sở Nội vụ", "Sở Công Thương",
            "Sở Giáo dục và Đào tạo", "Sở Tài nguyên và Môi trường", "Công an tỉnh",
            "Sở Nông nghiệp và Phát triển nông thôn", "UBND huyện Đông Lâm"]


def requirement_bullets(n):
    """A revision with n requirement bullets, then the statement that carries the deadline."""
    out = [HEAD, "1. Dự thảo Kế hoạch (Sở Y tế trình).\n\n",
           "Sở Y tế tiếp thu ý kiến tham gia, hoàn thiện dự thảo như sau:\n\n"]
    out += ["- Bổ sung, làm rõ nội dung số %d;\n" % i for i in range(n)]
    out.append("\nSở Y tế tiếp thu, hoàn thiện, trình UBND tỉnh trước ngày 05/4/2024.\n")
    return "".join(out)


def task_bullets(n):
    """n bullets that are each a task with a deadline."""
    out = [HEAD, "1. Về các nhiệm vụ trọng tâm\n\n"]
    for i in range(n):
        out.append("- Giao %s chủ trì rà soát nội dung số %d, báo cáo UBND tỉnh trước ngày "
                   "%02d/4/2024.\n" % (AGENCIES[i % len(AGENCIES)], i, 1 + i % 28))
    return "".join(out)


def heading_bullets(n):
    """n headings that name an agency, each with two + bullets under it."""
    out = [HEAD]
    for i in range(n):
        out.append("- %s:\n+ Rà soát nội dung số %d.\n+ Phối hợp với Sở Tài chính báo cáo "
                   "trong tháng 4/2024.\n" % (AGENCIES[i % len(AGENCIES)], i))
    return "".join(out)


def fill(size, unit):
    """unit repeated to size characters (a single line when unit has no line break)."""
    return (unit * (size // len(unit) + 1))[:size]


def dotted_outline(depth_lines, deep):
    """Markers 1., 1.1., 1.1.1. ... depth_lines deep, then one marker deep levels deep."""
    out = [HEAD]
    for d in range(1, depth_lines + 1):
        out.append("1." * d + " Giao Sở Y tế thực hiện nội dung cấp %d.\n" % d)
    out.append("1." * deep + " Giao Sở Xây dựng thực hiện.\n")
    return "".join(out)


def mixed_outline(n):
    """n lines cycling through every kind of marker, each nesting under the one before."""
    kinds = ["I.", "1.", "a)", "(1)", "-", "+", "**1.**", "1.1.", "II.", "b)"]
    out = [HEAD]
    for i in range(n):
        out.append("%s Sở Tài chính chủ trì thực hiện nội dung %d.\n" % (kinds[i % len(kinds)], i))
    return "".join(out)


def repeated_clauses(n):
    """n assignment clauses in one sentence, never closed."""
    return HEAD + "Giao Sở Y tế chủ trì, phối hợp với " * n + "Sở Tài chính thực hiện.\n"


def long_support(n):
    """One task whose support list names n agencies."""
    names = ", ".join(AGENCIES[i % len(AGENCIES)] for i in range(n))
    return HEAD + "Giao Sở Y tế chủ trì, phối hợp với %s kiểm tra, báo cáo trước ngày 05/4/2024.\n" \
        % names


def many_deadlines(n):
    """One task sentence holding n deadline phrases."""
    return HEAD + "Giao Sở Y tế hoàn thành " + "trước ngày 05/4/2024, trong quý II/2024, " * n \
        + "thường xuyên báo cáo.\n"


def page_breaks(n):
    """A sentence split by n page breaks inside words."""
    return HEAD + "Giao Sở Y tế tiếp tục rà\n\nsoát, cập nhật " * n + "số liệu.\n"


def combining_marks(n):
    """One letter carrying n combining marks of two alternating classes (NFC reordering)."""
    return HEAD + "Giao Sở Y tế a" + "\u0301\u0323" * (n // 2) + " thực hiện.\n"


def files():
    mib = 1 << 20
    return {
        "bullets-100k.txt": requirement_bullets(100000),
        "task-bullets-20k.txt": task_bullets(20000),
        "heading-bullets-10k.txt": heading_bullets(10000),
        "line-1mb-words.txt": fill(mib, "rà soát cập nhật thông tin số liệu "),
        "line-1mb-one-word.txt": fill(mib, "a"),
        "line-1mb-clauses.txt": fill(mib, "Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính, "),
        "outline-dotted-1k-then-10k-deep.txt": dotted_outline(1000, 10000),
        "outline-mixed-10k.txt": mixed_outline(10000),
        "clauses-10k.txt": repeated_clauses(10000),
        "support-10k.txt": long_support(10000),
        "deadlines-10k.txt": many_deadlines(10000),
        "page-breaks-50k.txt": page_breaks(50000),
        "combining-marks-100k.txt": combining_marks(100000),
        "parens-100k.txt": HEAD + "(" * 100000 + "Sở Tài chính trình\n" + "Giao Sở Y tế thực hiện.\n",
        "stars-500k.txt": HEAD + "*" * 500000 + "\n",
        "only-newlines.txt": "\n" * mib,
        "only-spaces-and-newlines.txt": fill(mib, " \n  \n\t \n"),
        "crlf-1mb.txt": fill(mib, "- Giao Sở Y tế thực hiện.\r\n"),
        "cr-only-1mb.txt": fill(mib, "- Giao Sở Y tế thực hiện.\r"),
    }


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, text in files().items():
        with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as f:
            f.write(text)


if __name__ == "__main__":
    main()
