#!/usr/bin/env python3
"""Make N varied notices for the tracking benchmark: bench/gen.py N OUTDIR [SOURCE...]

Each notice is one of the sources (the example notice and the real ones) with its dates
moved to another year and month, its departments and districts swapped for others of the
same kind, and a number of its own, so every file is different (import keys on the content
hash) while the language stays that of a real notice. Deterministic for a given N.
"""
import os
import random
import re
import sys

DEPARTMENTS = [
    "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Xây dựng", "Sở Y tế", "Sở Nội vụ",
    "Sở Tư pháp", "Sở Công Thương", "Sở Giáo dục và Đào tạo", "Sở Tài nguyên và Môi trường",
    "Sở Giao thông vận tải", "Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ",
    "Sở Lao động - Thương binh và Xã hội", "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Nông nghiệp và Phát triển nông thôn", "Sở Ngoại vụ", "Ban Dân tộc", "Thanh tra tỉnh",
    "Văn phòng UBND tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Công an tỉnh", "Cục Thuế",
]
DISTRICTS = [
    "huyện Tràng Định", "huyện Văn Lãng", "huyện Văn Quan", "huyện Bình Gia", "huyện Bắc Sơn",
    "huyện Hữu Lũng", "huyện Chi Lăng", "huyện Cao Lộc", "huyện Lộc Bình", "huyện Đình Lập",
]
DEPT_RE = re.compile("|".join(re.escape(d) for d in sorted(DEPARTMENTS, key=len, reverse=True)))
DIST_RE = re.compile("|".join(re.escape(d) for d in DISTRICTS))
DATE_RE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(20\d\d)\b")
YEAR_RE = re.compile(r"(năm|tháng \d{1,2}/|quý [IV]+/)(\s?)(20\d\d)")
NUMBER_RE = re.compile(r"Số:\s*\d*/")


def vary(text, i, rnd):
    shift = rnd.randint(-4, 4)  # years
    mapping = dict(zip(DEPARTMENTS, rnd.sample(DEPARTMENTS, len(DEPARTMENTS))))
    dmap = dict(zip(DISTRICTS, rnd.sample(DISTRICTS, len(DISTRICTS))))
    text = DEPT_RE.sub(lambda m: mapping[m.group(0)], text)
    text = DIST_RE.sub(lambda m: dmap[m.group(0)], text)

    def date(m):
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3)) + shift
        return "%02d/%d/%d" % (min(d, 28), mo, y)

    text = DATE_RE.sub(date, text)
    text = YEAR_RE.sub(lambda m: m.group(1) + m.group(2) + str(int(m.group(3)) + shift), text)
    text = NUMBER_RE.sub("Số: %d/" % (i + 1), text, count=1)
    return text


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    n, out, sources = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    texts = [open(s, encoding="utf-8").read() for s in sources]
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(20240501)
    for i in range(n):
        path = os.path.join(out, "tb-%06d.txt" % i)
        with open(path, "w", encoding="utf-8") as f:
            f.write(vary(texts[i % len(texts)], i, rnd))


if __name__ == "__main__":
    main()
