# ketluan — one GNU Makefile (STYLE.md section 5).
#   make            build/libketluan.a, build/ketluan
#   make test       everything again under ASan+UBSan in build/san/, then every test
#   make deps       install the Debian packages the build and the tests need
#   make eval       score extraction on ../shared/corpus against ../shared/gold
#   make bench      throughput beside wc -w, measured in the same run
#   make fuzz       libFuzzer over the whole pipeline (T=extract, FUZZ_SECONDS=60)
#   make lint       tools/checkstyle

SHELL := /bin/bash
CC ?= cc
PKGS := libutf8proc
SHARED ?= ../shared

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
        -Wvla -Wimplicit-fallthrough
BASE_CFLAGS := -I. -std=c11 -D_POSIX_C_SOURCE=200809L -g $(WARN) $(shell pkg-config --cflags $(PKGS))
LIBS := $(shell pkg-config --libs $(PKGS)) -lm

OPT ?= -O2
SAN_FLAGS := -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
             -DKL_TESTING

LIB_SRC := $(sort $(wildcard src/base/*.c src/text/*.c src/notice/*.c src/extract/*.c \
                             src/agency/*.c src/cal/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
DATA := $(sort $(wildcard data/*.tsv))
UNIT_SRC := $(sort $(wildcard tests/unit/*_test.c))

# $(1) = build dir, $(2) = extra flags
define variant
$(1)/gen/data_embed.c: $(DATA) $(1)/embed
	@mkdir -p $$(@D)
	$(1)/embed $(DATA) > $$@

$(1)/embed: tools/embed.c
	@mkdir -p $$(@D)
	$$(CC) -std=c11 -O2 -o $$@ $$<

$(1)/obj/%.o: %.c
	@mkdir -p $$(@D)
	$$(CC) $$(BASE_CFLAGS) $(2) -MMD -MP -c -o $$@ $$<

$(1)/libketluan.a: $(patsubst %.c,$(1)/obj/%.o,$(LIB_SRC)) $(1)/obj/gen/data_embed.o
	@rm -f $$@
	ar rcs $$@ $$^

$(1)/obj/gen/data_embed.o: $(1)/gen/data_embed.c
	@mkdir -p $$(@D)
	$$(CC) $$(BASE_CFLAGS) $(2) -c -o $$@ $$<

$(1)/ketluan: $(patsubst %.c,$(1)/obj/%.o,$(CLI_SRC)) $(1)/libketluan.a
	$$(CC) $(2) -o $$@ $$^ $$(LIBS)

$(1)/tests/%_test: $(1)/obj/tests/unit/%_test.o $(1)/libketluan.a
	@mkdir -p $$(@D)
	$$(CC) $(2) -o $$@ $$^ $$(LIBS) -lcmocka
endef

$(eval $(call variant,build,$(OPT)))
$(eval $(call variant,build/san,$(SAN_FLAGS)))

UNIT_BINS := $(patsubst tests/unit/%_test.c,build/san/tests/%_test,$(UNIT_SRC))

.PHONY: all test unit deps eval bench fuzz lint clean golden-update
all: build/ketluan

test: build/san/ketluan $(UNIT_BINS)
	@SHARED=$(SHARED) tests/run.sh build/san

unit: $(UNIT_BINS)

deps:
	@tools/deps.sh

eval: build/ketluan
	python3 $(SHARED)/eval/score.py --gold $(SHARED)/gold --corpus $(SHARED)/corpus \
	    --cmd "build/ketluan extract --json {}" -v \
	    --min task_f1=0.95 --min lead_acc=0.95 --min deadline_acc=0.95 \
	    --min support_f1=0.90 --min header_acc=0.90

bench: build/ketluan
	@bench/run.sh

FUZZ_SECONDS ?= 60
T ?= extract
fuzz:
	@tools/fuzz.sh $(T) $(FUZZ_SECONDS)

lint:
	@tools/checkstyle

golden-update: build/ketluan
	@tests/golden/update.sh

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
