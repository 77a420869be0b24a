# ttftstat — one non-recursive Makefile.
#
#   make            build ./ttftstat
#   make check      install missing Debian packages (as root), build, run every test
#   make demo       summary of the bundled fixtures
#   make sanitize   the whole test suite under AddressSanitizer + UBSan
#   make install    PREFIX=/usr/local DESTDIR= ; make uninstall
#
# Objects go to $(BUILD) so the sanitizer build never mixes with the normal one.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
BUILD   ?= build/release
BIN     ?= ttftstat

CC      ?= cc
OPT     ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2
DEFS    := -D_POSIX_C_SOURCE=200809L
# no fused multiply-adds: the vectorised loops (analyze/bootstrap.c,
# analyze/rng.c) have a baseline, an AVX2 and an AVX-512 version, and all
# three must give the same numbers bit for bit (clang fuses by default);
# no errno from libm (nothing reads it), so that sqrt is one instruction
# and loops with it can be vector code
FP      := -ffp-contract=off -fno-math-errno
PKGS    := gsl msgpack libxml-2.0 yaml-0.1 zlib libzstd
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lgsl -lgslcblas -lmsgpackc -lxml2 -lyaml -lz -lzstd -lm)

ifeq ($(SANITIZE),1)
OPT     := -O1 -g -fno-omit-frame-pointer
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all
endif
ifeq ($(DEVELOPER),1)
WARN    += -Werror
endif

CFLAGS  ?=
ALL_CFLAGS := $(WARN) $(OPT) $(FP) $(DEFS) $(PKG_CFLAGS) $(SANFLAGS) $(CFLAGS)
LIBS    := -lcsv -lyajl $(PKG_LIBS) -lm -pthread
TEST_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

LIB_SRC := $(wildcard ingest/*.c analyze/*.c plots/*.c)
CLI_SRC := $(wildcard cli/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
# The CLI's writers are tested too; main.o is the only object tests skip.
CLI_LIB_OBJ := $(filter-out $(BUILD)/cli/main.o,$(CLI_OBJ))

TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
# The fuzz targets, driven by tests/fuzz/replay.c over their corpora.
REPLAY_TARGETS := csv msgpack json time stats gp
REPLAY_BIN := $(REPLAY_TARGETS:%=$(BUILD)/tests/replay_%)
TEST_HELPERS := $(BUILD)/tests/helpers.o

MANPAGES := $(wildcard man/*.1 man/*.5)

# Keep every intermediate object (the test helper especially).
.SECONDARY:

.PHONY: bench-peer validate report-check all deps bench-deps check test demo plots sanitize tsan install uninstall clean man-check bench har-memory bad-scale fuzz fuzz-build fuzz-smoke fuzz-coverage

# plain `make` on a fresh machine: install (as root) or name the missing
# build packages first, instead of stopping at "csv.h: No such file"
all:
	@sh .ci/deps.sh build
	@$(MAKE) --no-print-directory $(BIN)

$(BIN): $(LIB_OBJ) $(CLI_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(TEST_HELPERS) $(LIB_OBJ) $(CLI_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(TEST_LIBS) $(LIBS)

$(BUILD)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz_common.h $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $(filter-out %.h,$^) $(LIBS)

deps:
	@sh .ci/deps.sh

# the measuring targets read peak RSS from GNU time
# /usr/bin/time for peak RSS; the peer's Python stack (tests/bench_peer.sh)
bench-deps:
	@sh .ci/deps.sh time python3-numpy python3-pandas python3-scipy \
	    python3-sklearn python3-msgpack

# Each test binary prints cmocka's per-test lines and its summary; the
# loop keeps going after a failure so one run shows every failing test.
# LD_PRELOAD library for the allocation-failure loop (tests/oom.sh)
$(BUILD)/tests/oom_shim.so: tests/oom_shim.c
	@mkdir -p $(dir $@)
	$(CC) -shared -fPIC -O1 -g -o $@ $< -ldl

# LD_PRELOAD library for read errors and unreadable files (tests/io.sh)
# and read-only or full output folders (tests/outdir.sh);
# under ASan it is preloaded ahead of the sanitizer runtime, which ASan
# accepts once told not to verify the link order.
$(BUILD)/tests/io_shim.so: tests/io_shim.c
	@mkdir -p $(dir $@)
	$(CC) -shared -fPIC -O1 -g -o $@ $< -ldl

test: $(BIN) $(TEST_BIN) $(REPLAY_BIN) $(BUILD)/tests/oom_shim.so $(BUILD)/tests/io_shim.so $(BUILD)/tests/validate
	@fail=0; for t in $(TEST_BIN); do \
	    echo "== $$t"; \
	    TTFTSTAT=./$(BIN) $$t || fail=1; \
	done; \
	for t in $(REPLAY_TARGETS); do \
	    printf '== fuzz corpus %s: ' $$t; \
	    $(BUILD)/tests/replay_$$t $$(find tests/fuzz/corpus/$$t tests/fuzz/crashes/$$t -type f 2>/dev/null | sort) || fail=1; \
	done; \
	$(MAKE) --no-print-directory man-check || fail=1; \
	$(if $(filter 1,$(SANITIZE)),,TTFTSTAT=./$(BIN) sh tests/valgrind.sh || fail=1;) \
	$(if $(filter 1,$(SANITIZE)),,TTFTSTAT=./$(BIN) OOM_SHIM=$(BUILD)/tests/oom_shim.so sh tests/oom.sh || fail=1;) \
	ASAN_OPTIONS="$${ASAN_OPTIONS:+$$ASAN_OPTIONS:}verify_asan_link_order=0" \
	    TTFTSTAT=./$(BIN) IO_SHIM=$(BUILD)/tests/io_shim.so sh tests/io.sh || fail=1; \
	ASAN_OPTIONS="$${ASAN_OPTIONS:+$$ASAN_OPTIONS:}verify_asan_link_order=0" \
	    TTFTSTAT=./$(BIN) IO_SHIM=$(BUILD)/tests/io_shim.so sh tests/outdir.sh || fail=1; \
	python3 tests/formats_check.py ./$(BIN) || fail=1; \
	python3 tests/report_check.py ./$(BIN) || fail=1; \
	echo "== make validate, smoke run (8 replicates a row; the targets need VALIDATE_REPS)"; \
	$(BUILD)/tests/validate --reps 8 --smoke > $(BUILD)/validate-smoke.md || fail=1; \
	exit $$fail

check: deps
	@$(MAKE) --no-print-directory test

man-check:
	@for m in $(MANPAGES); do \
	    out=$$(LC_ALL=C.UTF-8 groff -man -ww -z -Tutf8 $$m 2>&1); \
	    if [ -n "$$out" ]; then echo "man-check: $$m:"; echo "$$out"; exit 1; fi; \
	done; echo "man-check: $(words $(MANPAGES)) pages clean"

sanitize: deps
	@$(MAKE) --no-print-directory SANITIZE=1 BUILD=build/sanitize \
	    BIN=build/sanitize/ttftstat test

# ThreadSanitizer over what runs on two threads: the readers' record queue
# and a large CSV file's parts (test_csv, test_msgpack read long inputs on
# one thread and on two) and the analysis pool and the queue end to end
# (test_cli runs the program).  Without the instruction-set clones: their
# resolvers run while the program is relocated, before TSan's runtime is
# up, and the instrumented resolver crashed every test binary.
TSAN_BUILD := build/tsan
tsan: deps
	@$(MAKE) --no-print-directory BUILD=$(TSAN_BUILD) BIN=$(TSAN_BUILD)/ttftstat \
	    OPT="-O1 -g -fsanitize=thread -DTTFT_NO_CLONES" $(TSAN_BUILD)/ttftstat \
	    $(TSAN_BUILD)/tests/test_csv $(TSAN_BUILD)/tests/test_msgpack \
	    $(TSAN_BUILD)/tests/test_cli
	@for t in test_csv test_msgpack test_cli; do \
	    TSAN_OPTIONS=halt_on_error=1 TTFTSTAT=$(TSAN_BUILD)/ttftstat \
	        $(TSAN_BUILD)/tests/$$t || exit 1; \
	done

# deps runs first and the build is a sub-make, so pkg-config is asked only
# after the packages are there.
# ==== fuzzing (libFuzzer via clang) ====
# make fuzz                 every target for FUZZ_SECONDS (60) each
# make fuzz-smoke           replay the corpora and past crashes, quickly
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_BUILD   := build/fuzz
FUZZ_FLAGS   := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_TARGETS := csv msgpack json time stats gp
FUZZ_OBJ     := $(LIB_SRC:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_BIN     := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)

$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c11 $(DEFS) $(PKG_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(FUZZ_OBJ)
	$(FUZZ_CC) -std=c11 $(DEFS) $(PKG_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $(filter-out %.h,$^) $(LIBS)

fuzz-build: $(FUZZ_BIN)

# Line coverage of the committed corpora, per parser file (llvm-cov):
# the replay targets built with clang's source-based coverage, every
# corpus and crash input replayed, the report printed.
COV_BUILD := build/fuzz-cov
COV_FLAGS := -O0 -g -fprofile-instr-generate -fcoverage-mapping -pthread
fuzz-coverage:
	@mkdir -p $(COV_BUILD)
	@for t in $(FUZZ_TARGETS); do \
	    $(FUZZ_CC) -std=c11 $(DEFS) $(PKG_CFLAGS) $(COV_FLAGS) -o $(COV_BUILD)/replay_$$t \
	        tests/fuzz/fuzz_$$t.c tests/fuzz/replay.c $(LIB_SRC) $(LIBS) || exit 1; \
	    LLVM_PROFILE_FILE=$(COV_BUILD)/$$t.profraw $(COV_BUILD)/replay_$$t \
	        $$(find tests/fuzz/corpus/$$t tests/fuzz/crashes/$$t -type f 2>/dev/null | sort) \
	        >/dev/null || exit 1; \
	done
	@llvm-profdata merge -o $(COV_BUILD)/all.profdata $(COV_BUILD)/*.profraw
	@llvm-cov report $(COV_BUILD)/replay_csv \
	    $(addprefix -object=$(COV_BUILD)/replay_,$(filter-out csv,$(FUZZ_TARGETS))) \
	    -instr-profile=$(COV_BUILD)/all.profdata $(wildcard ingest/*.c) | \
	    sed 's|^$(CURDIR)/||'

# Each target starts from its committed corpus (tests/fuzz/corpus/NAME)
# and the fixtures; new inputs go to build/, crashes to tests/fuzz/crashes/.
fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	    mkdir -p build/fuzz-corpus/$$t tests/fuzz/crashes/$$t; \
	    echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	    dict=; [ -f tests/fuzz/$$t.dict ] && dict=-dict=tests/fuzz/$$t.dict; \
	    $(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	        -timeout=10 -rss_limit_mb=2048 $$dict \
	        -artifact_prefix=tests/fuzz/crashes/$$t/ \
	        build/fuzz-corpus/$$t tests/fuzz/corpus/$$t || exit 1; \
	done

fuzz-smoke: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	    set -- tests/fuzz/corpus/$$t/* tests/fuzz/crashes/$$t/*; \
	    files=; for f in "$$@"; do [ -f "$$f" ] && files="$$files $$f"; done; \
	    [ -n "$$files" ] || continue; \
	    $(FUZZ_BUILD)/fuzz_$$t -runs=0 $$files 2>&1 | tail -1 || exit 1; \
	done

# The report figures of the bundled fixtures, rendered into build/plots/.
PLOTS_DIR ?= build/plots
plots: deps
	@$(MAKE) --no-print-directory $(BIN)
	./$(BIN) report --warmup 2 -o $(PLOTS_DIR) fixtures/capture.csv
	@echo "open $(PLOTS_DIR)/index.html (the report; report.md is its Markdown twin)"

# The report as a person reads it: chromium (installed here) loads each
# report of tests/report_check.py, measures every figure and writes
# screenshots to $(REPORT_SHOTS) for people to look at.
REPORT_SHOTS ?= build/report-check
report-check: deps
	@sh .ci/deps.sh chromium
	@$(MAKE) --no-print-directory $(BIN)
	python3 tests/report_check.py ./$(BIN) --browser $(REPORT_SHOTS)

# Speed and memory at scale against the ceilings (tests/bench.sh; several
# minutes and ~2 GB of scratch files outside the repository), the per-cell
# cost of the statistics, and the memory bound on a 500 MB HAR.
bench: bench-deps
	@$(MAKE) --no-print-directory $(BUILD)/tests/bench_analyze $(BUILD)/tests/bench_gen $(BUILD)/tests/bench_ingest $(BIN)
	@BUILD=$(BUILD) TTFTSTAT=./$(BIN) sh tests/bench.sh
	$(BUILD)/tests/bench_analyze
	@TTFTSTAT=./$(BIN) sh tests/har_memory.sh
	@TTFTSTAT=./$(BIN) sh tests/plot_scale.sh
	@BUILD=$(BUILD) TTFTSTAT=./$(BIN) sh tests/bench_peer.sh

# the side-by-side comparison with the Python peer alone
bench-peer: bench-deps
	@$(MAKE) --no-print-directory $(BUILD)/tests/bench_ingest $(BIN)
	@BUILD=$(BUILD) TTFTSTAT=./$(BIN) sh tests/bench_peer.sh

$(BUILD)/tests/bench_gen: tests/bench_gen.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/bench_ingest: tests/bench_ingest.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

har-memory: bench-deps
	@$(MAKE) --no-print-directory $(BIN)
	@TTFTSTAT=./$(BIN) sh tests/har_memory.sh
	@TTFTSTAT=./$(BIN) sh tests/plot_scale.sh

# 1 GB CSV and msgpack inputs with 1 % corrupted records (tests/bad_scale.sh)
bad-scale: bench-deps
	@$(MAKE) --no-print-directory $(BIN) $(BUILD)/tests/bench_gen
	@TTFTSTAT=./$(BIN) BENCH_GEN=$(BUILD)/tests/bench_gen sh tests/bad_scale.sh

$(BUILD)/tests/bench_analyze: tests/bench_analyze.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

# The simulation study behind the README's method tables (VALIDATE_REPS
# replicates a row; fixed seeds).  `make check` runs it with a few.
VALIDATE_REPS ?= 400
VALIDATE_SRC := $(wildcard tests/validate/*.c)
$(BUILD)/tests/validate: $(VALIDATE_SRC) tests/validate/sim.h tests/validate/studies.h $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $(VALIDATE_SRC) $(LIB_OBJ) $(LIBS)

validate: deps
	@$(MAKE) --no-print-directory $(BUILD)/tests/validate
	$(BUILD)/tests/validate --reps $(VALIDATE_REPS) | tee build/validate.md


demo: deps
	@$(MAKE) --no-print-directory $(BIN)
	./$(BIN) summary --warmup 2 fixtures/capture.csv

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/ttftstat
	for m in man/*.1; do install -m 644 $$m $(DESTDIR)$(MANDIR)/man1/; done
	for m in man/*.5; do [ -e "$$m" ] || continue; install -m 644 $$m $(DESTDIR)$(MANDIR)/man5/; done
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 cli/ttftstat.bash-completion $(DESTDIR)$(PREFIX)/share/bash-completion/completions/ttftstat

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ttftstat
	for m in man/*.1; do rm -f $(DESTDIR)$(MANDIR)/man1/$$(basename $$m); done
	for m in man/*.5; do [ -e "$$m" ] || continue; rm -f $(DESTDIR)$(MANDIR)/man5/$$(basename $$m); done
	rm -f $(DESTDIR)$(PREFIX)/share/bash-completion/completions/ttftstat

clean:
	rm -rf build $(BIN)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(FUZZ_OBJ:.o=.d)
