# photovox — one GNU Makefile for the library, the tools, the tests and the benchmarks.
#
#   make            build every tool into build/bin
#   make check      install missing Debian packages, build, run every test on tests/corpus
#                   (CORPUS=dir adds a larger corpus for the whole-corpus tests to walk)
#   make demo       run the whole pipeline on samples/ and say where the results are
#   make bench      benchmarks against the anchor tools (not part of check)
#   make asan       the whole test suite under AddressSanitizer and UBSan
#   make fuzz       build the libFuzzer targets and run each for FUZZ_SECONDS
#   make install    PREFIX, DESTDIR, MANPREFIX honoured

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
DESTDIR   ?=

BUILD     ?= build
# Folders of photos (colon-separated) that `make check` walks besides tests/corpus.
CORPUS    ?=
FUZZ_SECONDS ?= 60

PKGS := libexif libturbojpeg vips sqlite3 libarchive nettle glib-2.0 zlib libavformat libavcodec libavutil

CC ?= cc
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-missing-field-initializers -Werror
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
override CFLAGS += -std=gnu11 -D_GNU_SOURCE -pthread $(WARN) -Iinclude $(PKG_CFLAGS) $(SANFLAGS)
override LDFLAGS += -pthread $(SANFLAGS)
LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
TEST_LIBS := $(shell pkg-config --libs criterion 2>/dev/null)

LIB_SRC  := $(sort $(wildcard pipeline/*.c pipeline/*/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
LIBVOX   := $(BUILD)/libvox.a

# What the tools share (messages, options, exit statuses): linked into the tools only, since
# libvox never prints, parses arguments or exits.
CLI_SRC   := $(sort $(wildcard cmd/lib/*.c))
CLI_OBJ   := $(CLI_SRC:%.c=$(BUILD)/%.o)
LIBVOXCLI := $(BUILD)/libvoxcli.a

TOOL_SRC := $(sort $(wildcard cmd/vox-*.c))
TOOLS    := $(TOOL_SRC:cmd/%.c=$(BUILD)/bin/%) $(BUILD)/bin/vox
MANS     := $(sort $(wildcard cmd/*.1))

TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_BINS := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TEST_HELPER_SRC := $(wildcard tests/helpers/*.c)
# Small programs the end-to-end scripts run (fixtures made through the library); like the
# suites they link tests/helpers/, so both build fixtures with the same code.
CLI_HELPER_SRC := $(sort $(wildcard tests/cli/*.c))
CLI_HELPERS := $(CLI_HELPER_SRC:%.c=$(BUILD)/%)
TEST_HELPER_OBJ := $(TEST_HELPER_SRC:%.c=$(BUILD)/%.o)

FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)

# Debian packages that building and testing need; `make deps` installs the missing ones.
# DEB_TEST holds every program a test runs (exiftool, djpeg/cjpeg/jpegtran, vips, bsdtar,
# unzip, python3, pdfinfo, sqlite3, pkill, xmllint): the tests require them, none is skipped.
DEB_BUILD := libexif-dev zlib1g-dev libjpeg62-turbo-dev libturbojpeg0-dev libvips-dev \
	libsqlite3-dev libarchive-dev nettle-dev libcriterion-dev pkg-config gcc make \
	libavformat-dev libavcodec-dev libavutil-dev
DEB_TEST  := libimage-exiftool-perl libjpeg-turbo-progs libvips-tools libarchive-tools unzip \
	python3 poppler-utils sqlite3 perl procps libxml2-utils ffmpeg
DEB_BENCH := jhead exiv2 hyperfine time zip openssl eatmydata
DEB_FUZZ  := clang libclang-rt-14-dev

.SECONDARY:
.PHONY: all check demo bench asan fuzz install uninstall clean deps deps-bench deps-fuzz deps-a11y \
	tests

all: $(TOOLS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC  $<"
	@$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(LIBVOX): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(LIBVOXCLI): $(CLI_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/bin/%: $(BUILD)/cmd/%.o $(LIBVOXCLI) $(LIBVOX)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBVOXCLI) $(LIBVOX) $(LIBS)

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(TEST_HELPER_OBJ) $(LIBVOX)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(TEST_HELPER_OBJ) $(LIBVOX) $(LIBS) $(TEST_LIBS)

$(BUILD)/tests/cli/%: $(BUILD)/tests/cli/%.o $(TEST_HELPER_OBJ) $(LIBVOX)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(TEST_HELPER_OBJ) $(LIBVOX) $(LIBS)

tests: $(TOOLS) $(TEST_BINS) $(CLI_HELPERS)

check: deps deps-a11y
	@$(MAKE) --no-print-directory tests
	@VOX_BIN=$(abspath $(BUILD)/bin) VOX_BUILD=$(abspath $(BUILD)) CORPUS='$(CORPUS)' \
		sh tests/run.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@VOX_BIN=$(abspath $(BUILD)/bin) sh samples/demo.sh

bench: deps deps-bench
	@$(MAKE) --no-print-directory all $(CLI_HELPERS)
	@VOX_BIN=$(abspath $(BUILD)/bin) sh tests/bench/run.sh

# Leak stacks are unwound the slow way: GLib and libvips are built without frame pointers,
# and the fast unwinder stops at g_malloc, before reaching the code that leaked, so that no
# suppression could tell a library's cache from a leak of ours. tests/run.sh counts every
# sanitizer report as a failure (a Criterion worker's exit status is not looked at).
asan:
	@VOX_SANITIZED=1 ASAN_OPTIONS=abort_on_error=0:detect_leaks=1:fast_unwind_on_malloc=0 \
	LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp):print_suppressions=0:exitcode=23 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	$(MAKE) --no-print-directory BUILD=build/asan CC=clang \
		SANFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
		CFLAGS="-O1 -g" check

# Fuzz targets are compiled with clang together with the library sources they reach.
build/fuzz/%: tests/fuzz/%.c $(LIB_SRC) | deps-fuzz
	@mkdir -p $(dir $@)
	clang -g -O1 -fsanitize=fuzzer,address,undefined -std=gnu11 -D_GNU_SOURCE -Iinclude \
		$(shell pkg-config --cflags $(PKGS)) -o $@ $< $(LIB_SRC) $(LIBS)

fuzz: deps $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do \
		n=$$(basename $$f); mkdir -p build/fuzz/corpus-$$n; \
		seeds=tests/fuzz/seeds/$${n#fuzz_}; [ -d $$seeds ] || seeds=; \
		echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -print_final_stats=1 \
			build/fuzz/corpus-$$n $$seeds 2>build/fuzz/$$n.log || { tail -40 build/fuzz/$$n.log; exit 1; }; \
		grep -E 'stat::number_of_executed_units' build/fuzz/$$n.log; \
	done

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1
	install -m 755 $(TOOLS) $(DESTDIR)$(BINDIR)
	install -m 644 $(MANS) $(DESTDIR)$(MANPREFIX)/man1

uninstall:
	rm -f $(TOOLS:$(BUILD)/bin/%=$(DESTDIR)$(BINDIR)/%) $(MANS:cmd/%=$(DESTDIR)$(MANPREFIX)/man1/%)

clean:
	rm -rf build

# Installs only what is missing, so a second run costs one dpkg query.
deps:
	@sh tests/deps.sh $(DEB_BUILD) $(DEB_TEST)

deps-bench:
	@sh tests/deps.sh $(DEB_BENCH)

deps-fuzz:
	@sh tests/deps.sh $(DEB_FUZZ)

# Chromium, a Java runtime and the npm packages (package-lock.json) of the gallery checks.
deps-a11y:
	@sh tests/a11y/setup.sh

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TOOL_SRC:cmd/%.c=$(BUILD)/cmd/%.d) \
	$(TEST_SRC:%.c=$(BUILD)/%.d) $(TEST_HELPER_OBJ:.o=.d) $(CLI_HELPERS:=.d)
