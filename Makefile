# fleetaudit: one plain Makefile with pkg-config.
#   make            build ./fleetaudit
#   make deps       install the Debian packages the build, tests and bench need
#   make test       deps + build + every test, ends with "N passed, N failed"
#   make check      the same tests on an ASan+UBSan build (build/san)
#   make demo       deps + build + assess the bundled sample fleet on loopback
#   make bench      performance figures (loopback test beds, side by side)
#   make install    PREFIX=/usr/local DESTDIR= : binary, man page, samples,
#                   example config, systemd unit (UNITDIR)

VERSION	 = 0.1.0
PREFIX	?= /usr/local
BINDIR	 = $(PREFIX)/bin
MANDIR	 = $(PREFIX)/share/man
DATADIR	 = $(PREFIX)/share/fleetaudit
UNITDIR	?= $(PREFIX)/lib/systemd/system
BUILD	?= build
PKGS	 = netsnmp sqlite3 json-c libsodium libarchive xlsxwriter \
	   libmicrohttpd libxml-2.0 libcurl libpq
WERROR	?= -Werror
WARN	 = -Wall -Wextra -Wformat=2 -Wshadow -Wpointer-arith -Wcast-qual \
	   -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings -Wvla
CFLAGS	?= -O2 -g
SAN	 = -fsanitize=address,undefined -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# net-snmp's .pc lists its own build flags; keep only -I/-D/-L/-l.
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -DFA_VERSION='"$(VERSION)"' \
	   -DFA_DATADIR='"$(DATADIR)"' $(WARN) $(WERROR) \
	   $(filter -I% -D%,$(PKG_CFLAGS)) $(CFLAGS)
LDLIBS	 = $(filter -L% -l%,$(PKG_LIBS)) -lm

# cli/plat.h's implementation for this system (plat_win.c: make windows)
PLAT_SRC = cli/plat_posix.c
LIB_SRC	 = $(wildcard collector/*.c export/*.c crypto/*.c) cli/util.c cli/opts.c \
	   $(PLAT_SRC)
CLI_SRC	 = $(filter-out cli/util.c cli/opts.c cli/plat_%.c cli/nohub.c,\
	   $(wildcard cli/*.c))
MODELS	 = $(sort $(wildcard collector/models/*.model))
TEMPLATES = $(sort $(wildcard templates/*.html templates/*.css))
LIB_OBJ	 = $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRC)) $(BUILD)/gen/models.o \
	   $(BUILD)/gen/templates.o
CLI_OBJ	 = $(patsubst %.c,$(BUILD)/%.o,$(CLI_SRC))
UNIT	 = $(patsubst tests/unit/%.c,$(BUILD)/tests/bin/%,$(wildcard tests/unit/test_*.c))
# Helper programs the test scripts run (fixtures, generators).
TOOLS	 = $(patsubst tests/tools/%.c,$(BUILD)/tests/tools/%,$(wildcard tests/tools/*.c))
BIN	 = $(BUILD)/fleetaudit

# The Windows build (make windows runs this Makefile again with WIN=1):
# mingw-w64, the libraries of .ci/windows/deps.sh's cache, no hub (the
# hub runs on Linux: cli/nohub.c answers), the POSIX names mingw lacks
# from cli/plat_win_posix.h.  printf is mingw's C99 one
# (__USE_MINGW_ANSI_STDIO: %zu, %lld); gcc would check our format
# attributes against Microsoft's, hence -Wno-format there (the Linux build
# checks them).
ifeq ($(WIN),1)
WIN_DEPS := $(shell sh .ci/windows/deps.sh --dir 2>/dev/null)
WIN_MODS = libarchive libcurl json-c libxml-2.0 libsodium sqlite3 \
	   xlsxwriter libzstd zlib openssl
PKG_CFLAGS := $(shell PKG_CONFIG_LIBDIR=$(WIN_DEPS)/lib/pkgconfig \
	   PKG_CONFIG_PATH= pkg-config --static --cflags $(WIN_MODS))
PKG_LIBS := $(shell PKG_CONFIG_LIBDIR=$(WIN_DEPS)/lib/pkgconfig \
	   PKG_CONFIG_PATH= pkg-config --static --libs $(WIN_MODS))
PLAT_SRC = cli/plat_win.c
LIB_SRC	:= $(filter-out export/hub%,$(LIB_SRC))
CLI_SRC	:= $(filter-out cli/cmd_hub%,$(CLI_SRC)) cli/nohub.c
ALL_CFLAGS = -std=gnu11 -DFA_VERSION='"$(VERSION)"' -DFA_DATADIR='"."' \
	   -include cli/plat_win_posix.h -D__USE_MINGW_ANSI_STDIO=1 \
	   -DCURL_STATICLIB -DLIBXML_STATIC \
	   -DSODIUM_STATIC -DLIBARCHIVE_STATIC -DNETSNMP_NO_INLINE \
	   -I$(WIN_DEPS)/include -I$(WIN_DEPS)/include/tre $(WARN) $(WERROR) \
	   -Wno-format \
	   $(filter -I% -D%,$(PKG_CFLAGS)) $(CFLAGS)
LDLIBS	 = -static -L$(WIN_DEPS)/lib -lnetsnmp -ltre \
	   $(filter -L% -l%,$(PKG_LIBS)) -lws2_32 -lcrypt32 -lbcrypt \
	   -ladvapi32 -lsecur32 -liphlpapi -lgdi32 -luser32 -lpthread -lm
BIN	 = $(BUILD)/fleetaudit.exe
# the manifest (UTF-8 code page) goes into the program
CLI_OBJ	+= $(BUILD)/cli/plat_win_rc.o
# the unit tests of what the Windows build has: not the hub's (test_hub*,
# test_bundle's import into a hub store), not test_mdf (it forks to
# catch a crash), not test_keys and test_store (they check POSIX modes;
# test_plat checks the Windows access lists)
WIN_UNIT = $(patsubst tests/unit/%.c,$(BUILD)/tests/bin/%.exe,\
	   $(filter-out tests/unit/test_hub% tests/unit/test_bundle.c \
	   tests/unit/test_mdf.c tests/unit/test_keys.c \
	   tests/unit/test_store.c,$(wildcard tests/unit/test_*.c)))
endif

.PHONY: all deps test check demo bench install uninstall clean lint fuzz \
	fuzz-build units posix-check windows-deps windows-units windows-exe windows win-units

all: $(BIN) fleetaudit

fleetaudit: $(BIN)
	@if [ "$(BUILD)" = build ]; then ln -sf $(BIN) fleetaudit; fi

$(BIN): $(CLI_OBJ) $(BUILD)/libfa.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libfa.a $(LDLIBS)

$(BUILD)/cli/plat_win_rc.o: cli/plat_win.rc cli/plat_win.manifest
	@mkdir -p $(@D)
	$(WIN_HOST)-windres -I. cli/plat_win.rc -O coff -o $@

$(BUILD)/libfa.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

# The model definitions, compiled in (collector/models/embed.sh).
$(BUILD)/gen/models.c: $(MODELS) collector/models/embed.sh
	@mkdir -p $(@D)
	sh collector/models/embed.sh $(MODELS) >$@.tmp && mv $@.tmp $@

$(BUILD)/gen/models.o: $(BUILD)/gen/models.c collector/mdf.h
	$(CC) $(ALL_CFLAGS) -I. -c $< -o $@

# The report templates, compiled in (export/tplembed.sh).
$(BUILD)/gen/templates.c: $(TEMPLATES) export/tplembed.sh
	@mkdir -p $(@D)
	sh export/tplembed.sh $(TEMPLATES) >$@.tmp && mv $@.tmp $@

$(BUILD)/gen/templates.o: $(BUILD)/gen/templates.c export/template.h
	$(CC) $(ALL_CFLAGS) -I. -c $< -o $@

$(BUILD)/%.o: %.c $(wildcard cli/*.h collector/*.h export/*.h crypto/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/tests/bin/%.exe: tests/unit/%.c tests/unit/unit.h $(BUILD)/libfa.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libfa.a $(LDLIBS)

$(BUILD)/tests/bin/%: tests/unit/%.c tests/unit/unit.h $(BUILD)/libfa.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libfa.a $(LDLIBS)

$(BUILD)/tests/tools/%: tests/tools/%.c $(BUILD)/libfa.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libfa.a $(LDLIBS)

deps:
	@sh tests/lib/deps.sh

test: deps
	@$(MAKE) --no-print-directory all units fuzz-build
	@sh .ci/windows/deps.sh >/dev/null || \
	    echo "windows-deps: not built; the Windows tests will skip"
	@BUILD=$(BUILD) sh tests/run.sh

units: $(UNIT) $(TOOLS)

check: deps
	@$(MAKE) --no-print-directory BUILD=build/san CFLAGS="-O1 -g $(SAN)" \
	    LDFLAGS="$(SAN)" all units fuzz-build
	@BUILD=build/san FA_SAN=1 ASAN_OPTIONS=detect_leaks=1 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	    sh tests/run.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@sh samples/demo.sh

bench: deps
	@$(MAKE) --no-print-directory all $(TOOLS)
	@sh tests/bench/bench.sh

# libFuzzer targets (clang): each runs FUZZ_SECONDS from the seeds in
# tests/fuzz/corpus/NAME (new inputs go to build/fuzz/corpus/NAME, crashes
# to build/fuzz/); tests/cli/t0100-fuzz-corpus.sh replays the seeds.
FUZZ_SECONDS ?= 60
FUZZ	 = $(patsubst tests/fuzz/fuzz_%.c,$(BUILD)/fuzz/fuzz_%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_CFLAGS = -g -O1 -std=c11 -D_GNU_SOURCE -DFA_VERSION='"$(VERSION)"' \
	   -DFA_DATADIR='"$(DATADIR)"' $(filter -I% -D%,$(PKG_CFLAGS)) \
	   -fsanitize=fuzzer,address,undefined
FUZZ_LIB = $(filter-out collector/walk.c collector/disc.c \
	   collector/scan.c collector/store.c collector/store_report.c \
	   export/report_html.c export/hubreport.c \
	   export/hubweb.c export/hubserve.c \
	   collector/store_export.c export/payload_write.c,$(LIB_SRC))
FUZZ_GEN = $(BUILD)/gen/models.c $(BUILD)/gen/templates.c

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB) $(FUZZ_GEN)
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -I. -o $@ $< $(FUZZ_LIB) $(FUZZ_GEN) $(LDLIBS)

fuzz-build: $(FUZZ)

fuzz: fuzz-build
	@for f in $(FUZZ); do n=$${f##*/fuzz_}; \
	    mkdir -p $(BUILD)/fuzz/corpus/$$n; \
	    echo "== $$n ($(FUZZ_SECONDS) s)"; \
	    $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    -artifact_prefix=$(BUILD)/fuzz/ $(BUILD)/fuzz/corpus/$$n \
	    tests/fuzz/corpus/$$n || exit 1; done

# Every file but the platform layer's compiles with clang against POSIX
# 2008 alone, as on macOS (.ci/posix-check.sh; tests/cli/t0020-posix.sh
# runs it in make test).
posix-check: $(BUILD)/gen/models.c $(BUILD)/gen/templates.c
	@BUILD=$(BUILD) sh .ci/posix-check.sh

# Windows, cross-built with Debian's mingw-w64 (README "Windows"): the
# libraries from Debian's source packages into a cache outside the tree
# (.ci/windows/deps.sh), and the unit tests of the platform layer.
WIN_HOST = x86_64-w64-mingw32
WIN_BUILD = build/windows

windows-deps:
	@sh .ci/windows/deps.sh

# dist/fleetaudit-VERSION-windows-x64.zip (.ci/windows/dist.sh)
windows: windows-exe
	@sh .ci/windows/dist.sh $(VERSION) $(WIN_BUILD)/fleetaudit.exe

# fleetaudit.exe alone (build/windows/fleetaudit.exe)
windows-exe:
	@sh .ci/windows/deps.sh >/dev/null
	@$(MAKE) --no-print-directory WIN=1 BUILD=$(WIN_BUILD) \
	    CC=$(WIN_HOST)-gcc AR=$(WIN_HOST)-ar $(WIN_BUILD)/fleetaudit.exe

# the unit tests for Windows (build/windows/tests/bin/test_*.exe)
windows-units:
	@sh .ci/windows/deps.sh >/dev/null
	@$(MAKE) --no-print-directory WIN=1 BUILD=$(WIN_BUILD) \
	    CC=$(WIN_HOST)-gcc AR=$(WIN_HOST)-ar win-units

win-units: $(WIN_UNIT)

lint:
	@! grep -snE '\b(sprintf|vsprintf|strcpy|strcat|gets|atoi|strtok|tmpnam)\(' \
	    cli/*.c collector/*.c export/*.c crypto/*.c || \
	    { echo "lint: banned function"; exit 1; }

# The service unit runs the installed binary; the example config goes
# beside the samples (the unit's comments say where to put it).
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(DATADIR)/samples $(DESTDIR)$(UNITDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/fleetaudit
	install -m 644 docs/fleetaudit.1 $(DESTDIR)$(MANDIR)/man1/fleetaudit.1
	cp -R samples/. $(DESTDIR)$(DATADIR)/samples/
	install -m 644 samples/fleetaudit.conf $(DESTDIR)$(DATADIR)/fleetaudit.conf
	sed -e 's|/usr/local/bin/fleetaudit|$(BINDIR)/fleetaudit|' \
	    -e 's|/usr/local/share/fleetaudit|$(DATADIR)|' \
	    samples/fleetaudit.service >$(DESTDIR)$(UNITDIR)/fleetaudit.service
	chmod 644 $(DESTDIR)$(UNITDIR)/fleetaudit.service

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/fleetaudit $(DESTDIR)$(MANDIR)/man1/fleetaudit.1
	rm -f $(DESTDIR)$(UNITDIR)/fleetaudit.service
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build fleetaudit dist
