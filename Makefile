# The two commands in README.md are a contract: `make run` and `make test` work on a
# fresh Debian bookworm or Ubuntu 24.04 machine (they install what is missing first).
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BIN := $(BUILD)/npm-token-scan
# Ninja when it is installed (install-deps.sh installs it): it starts the next
# compile the moment a core frees up and rebuilds only what changed. A build
# directory configured earlier keeps the generator it was made with.
GENERATOR ?= $(shell command -v ninja >/dev/null 2>&1 && echo Ninja || echo "Unix Makefiles")

.PHONY: all deps build run test test-sanitize bench fuzz format clean release npm-packages

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -G "$(GENERATOR)" -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

# The scanner alone (build/npm-token-scan).
build: deps $(BUILD)/CMakeCache.txt
	@echo "make build: compiling the scanner into $(BIN) ($(JOBS) jobs)" >&2
	cmake --build $(BUILD) -j $(JOBS) --target npm-token-scan

# Scans the example repository that the build generates (a release workflow, an
# .npmrc with a token reference and one with a generated fake token). Builds
# only the scanner and the example, not the test suite.
run: deps $(BUILD)/CMakeCache.txt
	@echo "make run: compiling the scanner and the example repository ($(JOBS) jobs; a first build takes a few minutes)" >&2
	cmake --build $(BUILD) -j $(JOBS) --target npm-token-scan example
	@echo "make run: scanning $(BUILD)/example" >&2
	$(BIN) scan $(BUILD)/example --fail-on never

# The release files: the build's binary (fully static) stripped and checked,
# and SHA256SUMS, in $(RELEASE_DIR); see scripts/release.sh and docs/install.md.
RELEASE_DIR ?= $(BUILD)/release
release: build
	bash scripts/release.sh $(BIN) $(RELEASE_DIR)

# The npm packages for this machine's binary, in $(RELEASE_DIR)/npm.
npm-packages: release
	bash scripts/npm-packages.sh $(RELEASE_DIR)/npm \
	  $$(cd $(RELEASE_DIR) && for f in npm-token-scan-linux-*; do echo "$${f#npm-token-scan-}=$(abspath $(RELEASE_DIR))/$$f"; done)

# The SARIF validator that install-deps.sh puts in .tools/: under `make test` a
# missing validator fails the SARIF test instead of skipping it.
SARIF_MULTITOOL := $(CURDIR)/.tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool

# Everything the suite runs: the scanner, the unit and end-to-end tests, the
# fuzz replayers and the example.
test: deps $(BUILD)/CMakeCache.txt
	@bash scripts/install-deps.sh test
	@echo "make test: compiling the scanner and the test suite ($(JOBS) jobs)" >&2
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && NTS_SARIF_MULTITOOL=$(SARIF_MULTITOOL) NTS_REQUIRE_SARIF_VALIDATOR=1 NTS_REQUIRE_DIST_TOOLS=1 \
	  ctest --output-on-failure -j $(JOBS)

# The suite under AddressSanitizer + UBSan (build-asan, every test) and
# ThreadSanitizer (build-tsan, the parallel paths); see scripts/test-sanitize.sh.
# Kept out of `make test`: two more full builds would double CI's time.
test-sanitize: deps
	@bash scripts/install-deps.sh test
	bash scripts/test-sanitize.sh

bench: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)
	@bash scripts/install-deps.sh bench
	bench/run.sh

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD)

# libFuzzer runs of every target (FUZZ_SECONDS each, default 600); see fuzz/run.sh.
fuzz: deps
	@bash scripts/install-deps.sh fuzz
	fuzz/run.sh
