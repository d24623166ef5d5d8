# ketluan — one GNU Makefile (STYLE.md section 5).
#   make            build/libketluan.a, build/ketluan
#   make test       everything again under ASan+UBSan in build/san/, then every test (tests/run.sh)
#   make deps       install the Debian packages the build and the tests need (tools/deps.sh)
#   make eval       score extraction on ../shared/corpus against ../shared/gold
#   make bench      throughput beside wc -w, measured in the same run (bench/run.sh)
#   make fuzz       libFuzzer over the whole pipeline (T=extract, FUZZ_SECONDS=60; tools/fuzz.sh)
#   make lint       tools/checkstyle, clang-format and shellcheck; make format rewrites C files
#   make golden-update   rewrite tests/golden/*.json with the release build (review the diff)

SHELL := /bin/bash
.DEFAULT_GOAL := all
CC ?= cc
CLANG ?= clang
PKGS := libutf8proc sqlite3 libsodium xlsxwriter libzip libxml-2.0 zlib libzstd
SHARED ?= ../shared

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
        -Wvla -Wimplicit-fallthrough
BASE_CFLAGS := -I. -std=c11 -D_POSIX_C_SOURCE=200809L -g $(WARN) $(shell pkg-config --cflags $(PKGS))
LIBS := $(shell pkg-config --libs $(PKGS)) -lm -pthread

# Link-time optimization inlines the small lexical helpers across modules (about 5% on `make bench`).
OPT ?= -O2 -flto=$(shell nproc 2>/dev/null || echo 1)
SAN_FLAGS := -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
             -DKL_TESTING
# libFuzzer build: coverage on every object, the fuzzer's main only at link time. Warnings that
# only clang gives stay visible but do not stop a fuzz run (gcc's -Werror build is the gate).
FUZZ_FLAGS := -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
              -fno-omit-frame-pointer -DKL_TESTING -Wno-error
FUZZ_LINK := -fsanitize=fuzzer,address,undefined

# The library's modules (DESIGN.md): a module joins this list when it first builds.
LIB_SRC := $(sort $(wildcard src/base/*.c src/text/*.c src/notice/*.c src/extract/*.c \
                             src/agency/*.c src/cal/*.c src/store/*.c src/track/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
DATA := $(sort $(wildcard data/*.tsv))
UNIT_SRC := $(sort $(wildcard tests/unit/*_test.c))
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))

# $(1) = build dir, $(2) = extra flags, $(3) = compiler
define variant
$(1)/gen/data_embed.c: $(DATA) $(1)/embed
	@mkdir -p $$(@D)
	$(1)/embed $(DATA) > $$@

$(1)/embed: tools/embed.c
	@mkdir -p $$(@D)
	$$(CC) -std=c11 -O2 -o $$@ $$<

$(1)/obj/%.o: %.c
	@mkdir -p $$(@D)
	$(3) $$(BASE_CFLAGS) $(2) -MMD -MP -c -o $$@ $$<

$(1)/libketluan.a: $(patsubst %.c,$(1)/obj/%.o,$(LIB_SRC)) $(1)/obj/gen/data_embed.o
	@rm -f $$@
	ar rcs $$@ $$^

$(1)/obj/gen/data_embed.o: $(1)/gen/data_embed.c
	@mkdir -p $$(@D)
	$(3) $$(BASE_CFLAGS) $(2) -c -o $$@ $$<

$(1)/ketluan: $(patsubst %.c,$(1)/obj/%.o,$(CLI_SRC)) $(1)/libketluan.a
	$(3) $(2) -o $$@ $$^ $$(LIBS)

$(1)/tests/%_test: $(1)/obj/tests/unit/%_test.o $(1)/libketluan.a
	@mkdir -p $$(@D)
	$(3) $(2) -o $$@ $$^ $$(LIBS) -lcmocka

# A fuzz target with tests/fuzz/driver.c's main instead of libFuzzer's: replays files, no clang.
$(1)/fuzz_%_replay: $(1)/obj/tests/fuzz/fuzz_%.o $(1)/obj/tests/fuzz/driver.o $(1)/libketluan.a
	$(3) $(2) -o $$@ $$^ $$(LIBS)
endef

$(eval $(call variant,build,$(OPT),$(CC)))
$(eval $(call variant,build/san,$(SAN_FLAGS),$(CC)))
$(eval $(call variant,build/fuzz,$(FUZZ_FLAGS),$(CLANG)))

# The libFuzzer binary of a target (tools/fuzz.sh builds and runs it).
build/fuzz/fuzz_%: build/fuzz/obj/tests/fuzz/fuzz_%.o build/fuzz/libketluan.a
	$(CLANG) $(FUZZ_LINK) -o $@ $^ $(LIBS)

UNIT_BINS := $(patsubst tests/unit/%_test.c,build/san/tests/%_test,$(UNIT_SRC))
REPLAY_BINS := $(patsubst %,build/san/fuzz_%_replay,$(FUZZ_TARGETS))

# What make lint and make format look at: our C files, not generated ones.
C_FILES = $(sort $(wildcard src/*/*.c src/*/*.h tests/*/*.c tests/*/*.h tools/*.c bench/*.c))
SCRIPTS = $(sort $(wildcard tools/*.sh .ci/run tests/*.sh tests/*/*.sh \
                            bench/*.sh))

# Objects are intermediate files of chained pattern rules: keep them, or make deletes and rebuilds
# them every time.
.SECONDARY:

.PHONY: all test unit deps eval bench fuzz lint format clean golden-update
all: build/ketluan build/libketluan.a

test: build/ketluan build/san/ketluan $(UNIT_BINS) $(REPLAY_BINS)
	+@SHARED=$(SHARED) tests/run.sh build/san

unit: $(UNIT_BINS)

deps:
	@tools/deps.sh

eval: build/ketluan
	python3 $(SHARED)/eval/score.py --gold $(SHARED)/gold --corpus $(SHARED)/corpus \
	    --cmd "build/ketluan extract --json {}" -v \
	    --min task_f1=0.95 --min lead_acc=0.95 --min deadline_acc=0.95 \
	    --min support_f1=0.90 --min header_acc=0.90

bench: build/ketluan build/warm_bench
	+@SHARED=$(SHARED) bench/run.sh

# The tracking bench's queries on one open connection, as the HTTP server runs them.
build/warm_bench: build/obj/bench/warm.o build/libketluan.a
	$(CC) $(OPT) -o $@ $^ $(LIBS)

FUZZ_SECONDS ?= 60
T ?= extract
fuzz:
	+@SHARED=$(SHARED) tools/fuzz.sh $(T) $(FUZZ_SECONDS)

# clang-format differences fail lint (FORMAT_STRICT=0 lists them without failing).
FORMAT_STRICT ?= 1
lint:
	@tools/checkstyle
	@if command -v shellcheck >/dev/null; then shellcheck -x $(SCRIPTS); \
	 else echo "lint: shellcheck not installed (make deps), scripts not checked"; fi
	@bad=$$(for f in $(C_FILES); do clang-format "$$f" | cmp -s - "$$f" || echo "$$f"; done); \
	 if [ -n "$$bad" ]; then echo "lint: not as clang-format writes them (make format):" $$bad; \
	   [ "$(FORMAT_STRICT)" = 0 ]; else echo "lint: clang-format clean"; fi

format:
	clang-format -i $(C_FILES)

golden-update: build/ketluan
	@tests/golden/update.sh

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)

# make print-VAR: a variable's value, for scripts that need the build's own settings.
print-%:
	@echo $($*)
