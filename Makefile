# fleetaudit: one plain Makefile with pkg-config.
#   make            build ./fleetaudit
#   make deps       install the Debian packages the build, tests and bench need
#   make test       deps + build + every test, ends with "N passed, N failed"
#   make check      the same tests on an ASan+UBSan build (build/san)
#   make demo       deps + build + assess the bundled sample fleet on loopback
#   make fleet-start  serve the sample fleet on 127.77.0.1-12 until
#   make fleet-stop   stopped (README's examples; samples/fleet.sh)
#   make bench      performance figures (loopback test beds, side by side)
#   make install    PREFIX=/usr/local DESTDIR= : binary, man page, samples,
#                   example config, systemd units (UNITDIR)
#   make arm64      cross-build for arm64 (Raspberry Pi) into build/arm64
#   make deb        fleetaudit_VERSION_{amd64,arm64}.deb into build/deb

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
PKG_CONFIG ?= pkg-config
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
# net-snmp's .pc lists its own build flags; keep only -I/-D/-L/-l.
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -DFA_VERSION='"$(VERSION)"' \
	   -DFA_DATADIR='"$(DATADIR)"' $(WARN) $(WERROR) \
	   $(filter -I% -D%,$(PKG_CFLAGS)) $(CFLAGS)
# libcups (IPP reads) has no .pc file in Debian 12: its own cups-config.
CUPS_CONFIG ?= cups-config
CUPS_CFLAGS := $(shell $(CUPS_CONFIG) --cflags 2>/dev/null)
CUPS_LIBS  := $(shell $(CUPS_CONFIG) --libs 2>/dev/null)
ALL_CFLAGS += $(filter -I% -D%,$(CUPS_CFLAGS))
# libavahi-client (assess --mdns): its own line, as libcups'.
AVAHI_LIBS := $(shell $(PKG_CONFIG) --libs avahi-client 2>/dev/null)
LDLIBS	 = $(filter -L% -l%,$(PKG_LIBS)) $(filter -L% -l%,$(CUPS_LIBS)) \
	   $(filter -L% -l%,$(AVAHI_LIBS)) -lm

# cli/plat.h's implementation for this system (plat_win.c: make windows)
PLAT_SRC = cli/plat_posix.c
LIB_SRC	 = $(wildcard collector/*.c export/*.c export/hub/*.c crypto/*.c) cli/util.c cli/opts.c \
	   $(PLAT_SRC)
CLI_SRC	 = $(filter-out cli/util.c cli/opts.c cli/plat_%.c cli/nohub.c cli/noipp.c,\
	   $(wildcard cli/*.c))
MODELS	 = $(sort $(wildcard collector/models/*.model))
# The model catalog travels in the same table of embedded files.
TEMPLATES = $(sort $(wildcard templates/*.html templates/*.css)) \
	    $(sort $(wildcard export/catalog/*.catalog))
LIB_OBJ	 = $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRC)) $(BUILD)/gen/models.o \
	   $(BUILD)/gen/templates.o
CLI_OBJ	 = $(patsubst %.c,$(BUILD)/%.o,$(CLI_SRC))
UNIT	 = $(patsubst tests/unit/%.c,$(BUILD)/tests/bin/%,$(wildcard tests/unit/test_*.c))
# Helper programs the test scripts run (fixtures, generators).
TOOLS	 = $(patsubst tests/tools/%.c,$(BUILD)/tests/tools/%,$(wildcard tests/tools/*.c))
BIN	 = $(BUILD)/fleetaudit

# The Windows build (make windows runs this Makefile again with WIN=1):
# mingw-w64, the libraries of .ci/windows/deps.sh's cache, no hub (the
# hub runs on Linux: cli/nohub.c answers; no IPP reader, no libcups:
# cli/noipp.c refuses IPP reads; --local reads the Windows spooler,
# cli/plat_winspool.c), the POSIX names mingw lacks
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
LIB_SRC	:= $(filter-out export/hub/% collector/ipp.c collector/cupsq.c \
	   collector/mdns.c,$(LIB_SRC)) cli/noipp.c cli/plat_winspool.c
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
# test_plat checks the Windows access lists), not test_ipp (no IPP
# reader there yet) and not test_soapup (it measures glibc's heap)
WIN_UNIT = $(patsubst tests/unit/%.c,$(BUILD)/tests/bin/%.exe,\
	   $(filter-out tests/unit/test_hub% tests/unit/test_bundle.c \
	   tests/unit/test_mdf.c tests/unit/test_keys.c \
	   tests/unit/test_store.c tests/unit/test_ipp.c \
	   tests/unit/test_soapup.c,$(wildcard tests/unit/test_*.c)))
endif

.PHONY: all deps test check demo bench install uninstall clean lint fuzz \
	fleet-start fleet-stop fuzz-build units arm64 deb deb-amd64 deb-arm64 posix-check \
	windows-deps windows-units windows-exe windows win-units

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

$(BUILD)/%.o: %.c $(wildcard cli/*.h collector/*.h export/*.h export/hub/*.h crypto/*.h)
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

# make test cross-builds for arm64 (and tests it under qemu) on amd64.
TEST_ARM64 := $(if $(filter x86_64,$(shell uname -m)),arm64)

test: deps
	@$(MAKE) --no-print-directory all units fuzz-build $(TEST_ARM64)
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

# The sample fleet served until make fleet-stop (samples/fleet.sh).
fleet-start:
	@sh samples/fleet.sh start

fleet-stop:
	@sh samples/fleet.sh stop

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
	   collector/scan.c collector/store.c collector/store_schema.c \
	   collector/store_report.c \
	   export/report_html.c export/hub/hubreport.c \
	   export/hub/hubweb.c export/hub/hubserve.c \
	   export/hub/hubsupply.c export/hub/hubattention.c \
	   export/hub/notify.c export/hub/hubtriage.c \
	   collector/store_export.c export/payload_write.c export/exporttx.c,$(LIB_SRC))
FUZZ_GEN = $(BUILD)/gen/models.c $(BUILD)/gen/templates.c

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB) $(FUZZ_GEN)
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -I. -o $@ $< $(FUZZ_LIB) $(FUZZ_GEN) $(LDLIBS)

# fuzz_snmpbed includes the test responder's source.
$(BUILD)/fuzz/fuzz_snmpbed: tests/tools/snmpbed.c

fuzz-build: $(FUZZ)

fuzz: fuzz-build
	@for f in $(FUZZ); do n=$${f##*/fuzz_}; \
	    mkdir -p $(BUILD)/fuzz/corpus/$$n; \
	    echo "== $$n ($(FUZZ_SECONDS) s)"; \
	    $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    -artifact_prefix=$(BUILD)/fuzz/ $(BUILD)/fuzz/corpus/$$n \
	    tests/fuzz/corpus/$$n || exit 1; done

# ---- arm64 (Raspberry Pi) ----------------------------------------------
# A cross-build with Debian's multiarch: gcc-aarch64-linux-gnu and the
# :arm64 libraries that tests/lib/deps.sh installs (group arm64).
# libsnmp-dev and libpq-dev cannot be installed for two architectures at
# once in Debian 12 (they are not Multi-Arch: same), so their arm64
# packages, of the installed libraries' version, are only unpacked
# (apt-get download, dpkg-deb -x) into build/arm64/dev, and pkg-config is
# pointed there; their libraries (libsnmp40:arm64, libpq5:arm64) are
# installed.  tests/cli/t0020-arm64-units.sh and t0021-arm64-fleet.sh
# run the result under qemu-user (qemu-aarch64-static).
ARM64_DEV  = $(CURDIR)/build/arm64/dev
ARM64_MLIB = /usr/lib/aarch64-linux-gnu
ARM64_MAKE = env PKG_CONFIG_LIBDIR=$(ARM64_DEV)/pc:$(ARM64_MLIB)/pkgconfig:/usr/share/pkgconfig \
	   $(MAKE) --no-print-directory CC=aarch64-linux-gnu-gcc \
	   AR=aarch64-linux-gnu-ar

arm64: $(ARM64_DEV)/ok
	@$(ARM64_MAKE) BUILD=build/arm64 all $(UNIT:$(BUILD)/%=build/arm64/%)

$(ARM64_DEV)/ok:
	@command -v aarch64-linux-gnu-gcc >/dev/null || \
	    { echo "arm64: no aarch64-linux-gnu-gcc (make deps)"; exit 1; }
	@rm -rf $(@D) && mkdir -p $(@D)/pc $(@D)/root
	@set -e; cd $(@D); \
	for p in libsnmp40:libsnmp-dev libpq5:libpq-dev; do \
	    v=$$(dpkg-query -W -f='$${Version}' $${p%%:*}:arm64 2>/dev/null) || \
	    { echo "arm64: $${p%%:*}:arm64 not installed (make deps)"; exit 1; }; \
	    apt-get -q=2 -o APT::Sandbox::User=root download \
	    "$${p#*:}:arm64=$$v"; done; \
	for d in *.deb; do dpkg-deb -x $$d root; done; \
	for l in root$(ARM64_MLIB)/*.so; do \
	    ln -sf $(ARM64_MLIB)/$$(readlink $$l) $$l; done; \
	for f in netsnmp libpq; do \
	    sed 's|^prefix=/usr$$|prefix=$(@D)/root/usr|' \
	    root$(ARM64_MLIB)/pkgconfig/$$f.pc >pc/$$f.pc; done
	@touch $@

# ---- Debian packages ---------------------------------------------------
# fleetaudit_VERSION_ARCH.deb for each of DEB_ARCHS into DEBOUT: each
# built with Debian's hardening flags (dpkg-buildflags) in a tree of its
# own (DEBWORK/ARCH/obj), staged with `make install` (PREFIX=/usr,
# SYSCONFDIR=/etc, the units in /lib/systemd/system; the config 0644 in
# the package, 0640 root:fleetaudit once installed, by dpkg-statoverride)
# and packaged by samples/debian/build.sh.  DEB_TEST=1 is a test build for upgrade tests
# (tests/cli/t0030-deb.sh): one more, empty store schema step and a
# changed conffile; never ship one.
DEB_ARCHS ?= amd64 arm64
DEBOUT	 ?= build/deb
DEBWORK	 ?= build/deb
DEB_TEST ?= 0
DEB_FLAGS = DEB_BUILD_MAINT_OPTIONS=hardening=+all DEB_HOST_ARCH=$* \
	   dpkg-buildflags --get

deb:
	@for a in $(DEB_ARCHS); do \
	    $(MAKE) --no-print-directory deb-$$a || exit 1; done

deb-amd64: DEB_MAKE = $(MAKE) --no-print-directory
deb-arm64: DEB_MAKE = $(ARM64_MAKE)
deb-arm64: $(ARM64_DEV)/ok
deb-amd64 deb-arm64: deb-%:
	@set -e; w=$(DEBWORK)/$*; \
	cf="$$($(DEB_FLAGS) CFLAGS) $$($(DEB_FLAGS) CPPFLAGS)"; \
	[ "$(DEB_TEST)" != 1 ] || cf="$$cf -DFA_TEST_SCHEMA_STEP=1"; \
	lf="$$($(DEB_FLAGS) LDFLAGS)"; \
	$(DEB_MAKE) BUILD=$$w/obj CFLAGS="$$cf" LDFLAGS="$$lf" all; \
	rm -rf $$w/stage; \
	$(DEB_MAKE) -s BUILD=$$w/obj CFLAGS="$$cf" LDFLAGS="$$lf" install \
	    DESTDIR=$$w/stage PREFIX=/usr SYSCONFDIR=/etc CONF_MODE=644 \
	    UNITDIR=/lib/systemd/system >/dev/null; \
	sh samples/debian/build.sh $* $(VERSION) $$w/stage $(DEBOUT) \
	    $$w/pkg $(DEB_TEST); \
	echo "deb: $(DEBOUT)/fleetaudit_$(VERSION)_$*.deb"

# Every file but the platform layer's compiles with clang against POSIX
# 2008 alone, as on macOS (.ci/posix-check.sh; tests/cli/t0040-posix.sh
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
	    cli/*.c collector/*.c export/*.c export/hub/*.c crypto/*.c || \
	    { echo "lint: banned function"; exit 1; }

# The service units run the installed binary with the config in
# SYSCONFDIR/fleetaudit (installed from the example when not there yet, so
# a reinstall keeps an edited one; mode CONF_MODE, as it will hold SNMP
# secrets); the example config also goes beside the samples.  The
# packaging files (samples/debian) are not installed.
SYSCONFDIR ?= $(PREFIX)/etc
CONF_MODE ?= 600
UNIT_SED = -e 's|/usr/local/bin/fleetaudit|$(BINDIR)/fleetaudit|' \
	   -e 's|/usr/local/etc/fleetaudit|$(SYSCONFDIR)/fleetaudit|g' \
	   -e 's|/usr/local/share/fleetaudit|$(DATADIR)|'

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(DATADIR)/samples $(DESTDIR)$(UNITDIR) \
	    $(DESTDIR)$(SYSCONFDIR)/fleetaudit
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/fleetaudit
	install -m 644 docs/fleetaudit.1 $(DESTDIR)$(MANDIR)/man1/fleetaudit.1
	cp -R samples/. $(DESTDIR)$(DATADIR)/samples/
	rm -rf $(DESTDIR)$(DATADIR)/samples/debian
	install -m 644 samples/fleetaudit.conf $(DESTDIR)$(DATADIR)/fleetaudit.conf
	[ -e $(DESTDIR)$(SYSCONFDIR)/fleetaudit/fleetaudit.conf ] || \
	    install -m $(CONF_MODE) samples/fleetaudit.conf \
	    $(DESTDIR)$(SYSCONFDIR)/fleetaudit/fleetaudit.conf
	for u in fleetaudit.service fleetaudit-hub.service; do \
	    sed $(UNIT_SED) samples/$$u >$(DESTDIR)$(UNITDIR)/$$u && \
	    chmod 644 $(DESTDIR)$(UNITDIR)/$$u || exit 1; done

# The config in SYSCONFDIR stays: it may hold the administrator's edits.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/fleetaudit $(DESTDIR)$(MANDIR)/man1/fleetaudit.1
	rm -f $(DESTDIR)$(UNITDIR)/fleetaudit.service \
	    $(DESTDIR)$(UNITDIR)/fleetaudit-hub.service
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build fleetaudit dist
