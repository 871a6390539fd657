# Stepformer: a thin front over CMake. The two commands a new user needs:
#   make run    build, then open the window on the bundled default model
#   make test   build, then run every test, again under ASan + UBSan (with one real window and a
#               one-minute soak), and replay the fuzz corpora (docs/reliability.md)
# Both first install whatever Debian packages are missing. Longer checks: make fuzz, make soak.
#   make install PREFIX=DIR   install (binary, models, lessons, manual, menu entry, icons); default /usr/local
#   make deb                  a Debian package, ./stepformer_VERSION_ARCH.deb (apt install ./stepformer_*.deb)

BUILD      ?= build
BUILD_SAN  ?= build-san
BUILD_FUZZ ?= build-fuzz
FUZZ_SECONDS ?= 600
SOAK_SECONDS ?= 600
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=
PREFIX     ?= /usr/local

# Debian packages the build, the tests and the window need (see docs/architecture.md).
DEPS = cmake gcc make pkg-config \
       libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libcglm-dev libcjson-dev \
       libcmocka-dev libfontconfig-dev libgif-dev libcmark-dev libx11-dev \
       fonts-dejavu-core fonts-wqy-microhei gettext xvfb xauth xdotool imagemagick libxml2-utils python3 \
       dpkg-dev man-db desktop-file-utils clang libclang-rt-14-dev

# What `stepformer bench --peer` measures against (OpenBLAS through numpy, PyTorch; docs/performance.md).
PEER_DEPS = python3-numpy python3-threadpoolctl python3-torch

.PHONY: all deps build run test test-fast test-san fuzz fuzz-build fuzz-seeds soak models screenshots clean install deb bench-peer po

all: build

deps:
	@missing=""; \
	for p in $(DEPS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "stepformer: installing missing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_ARGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/stepformer

# Everything again with AddressSanitizer + UndefinedBehaviorSanitizer (GCC, Debug): the core, viz,
# platform and CLI tests, the real-window tests under Xvfb, and a one-minute soak. Any report fails
# the run: every process writes its reports to $(BUILD_SAN)/sanitizer/ (log_path), checked at the
# end, so a report from a window a test killed is not lost with its stderr. Leaks are detected;
# only system libraries' own are suppressed, by name, in tests/sanitize/lsan.supp. "train" (real
# training runs) is left to the normal build: it is numbers, not memory, and ten times slower here.
SAN_REPORTS = $(CURDIR)/$(BUILD_SAN)/sanitizer
SAN_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:log_path=$(SAN_REPORTS)/report \
          LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitize/lsan.supp:print_suppressions=0 \
          UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:log_path=$(SAN_REPORTS)/report

$(BUILD_SAN)/CMakeCache.txt:
	cmake -S . -B $(BUILD_SAN) -DCMAKE_BUILD_TYPE=Debug -DSTEPFORMER_SANITIZE=ON $(CMAKE_ARGS)

test-san: deps $(BUILD_SAN)/CMakeCache.txt
	cmake --build $(BUILD_SAN) -j $(JOBS)
	rm -rf $(SAN_REPORTS) && mkdir -p $(SAN_REPORTS)
	cd $(BUILD_SAN) && $(SAN_ENV) ctest --output-on-failure -LE train -j $(JOBS)
	$(SAN_ENV) tests/soak/soak.sh ./$(BUILD_SAN)/stepformer 60 $(BUILD_SAN)/soak-short
	tests/sanitize/check-reports.sh $(SAN_REPORTS)

# The libFuzzer targets (clang): built, and every corpus file replayed through them, by make test;
# fuzzed for FUZZ_SECONDS each by make fuzz (docs/reliability.md).
$(BUILD_FUZZ)/CMakeCache.txt:
	cmake -S . -B $(BUILD_FUZZ) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTEPFORMER_FUZZ=ON $(CMAKE_ARGS)

FUZZ_TARGETS = $(shell awk '/^[a-z]/ {print "fuzz_" $$1}' tests/fuzz/targets) fuzz_make_seeds
fuzz-build: deps $(BUILD_FUZZ)/CMakeCache.txt
	cmake --build $(BUILD_FUZZ) -j $(JOBS) --target $(FUZZ_TARGETS)

fuzz: fuzz-build
	tests/fuzz/fuzz.sh $(BUILD_FUZZ) $(FUZZ_SECONDS)

# Rewrites the seed files of tests/fuzz/model and tests/fuzz/tokenizer (crash regressions stay).
fuzz-seeds: fuzz-build
	./$(BUILD_FUZZ)/fuzz_make_seeds tests/fuzz

# The real window under Xvfb, sanitized, for SOAK_SECONDS of random input (docs/reliability.md).
soak: deps $(BUILD_SAN)/CMakeCache.txt
	cmake --build $(BUILD_SAN) -j $(JOBS)
	rm -rf $(SAN_REPORTS) && mkdir -p $(SAN_REPORTS)
	$(SAN_ENV) tests/soak/soak.sh ./$(BUILD_SAN)/stepformer $(SOAK_SECONDS) $(BUILD_SAN)/soak
	tests/sanitize/check-reports.sh $(SAN_REPORTS)

test: build fuzz-build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	cd $(BUILD_FUZZ) && ctest --output-on-failure -L fuzz -j $(JOBS)
	$(MAKE) test-san

# DESTDIR=... works too (staged installs).
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

# CPack's DEB generator; the run-time dependencies come from dpkg-shlibdeps plus the fonts
# (packaging/install.cmake). The package lands in the top folder.
deb: build
	rm -f $(BUILD)/stepformer_*.deb
	cd $(BUILD) && cpack -G DEB
	cp $(BUILD)/stepformer_*.deb .

# Retrains every shipped model in assets/models (sequentially, about an hour on 2 cores; see
# docs/training.md for the commands and the figures).
models: build
	tools/train_models.sh ./$(BUILD)/stepformer assets/models

# Stepformer beside OpenBLAS, PyTorch and the memory bandwidth, in the same run (a few minutes).
bench-peer: build
	@$(MAKE) --no-print-directory deps DEPS="$(PEER_DEPS)"
	./$(BUILD)/stepformer bench --peer

# Only the normal build's tests (quicker while developing).
test-fast: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# After changing an interface string: regenerate po/stepformer.pot and merge it into po/*.po
# (docs/i18n.md).
po:
	tools/update_po.sh

clean:
	rm -rf $(BUILD) $(BUILD_SAN) $(BUILD_FUZZ)

# The README's images, made by the program itself (offscreen, no display needed).
SHOT = ./$(BUILD)/stepformer screenshot --size 1600x900
screenshots: build
	$(SHOT) --model assets/models/reverse-at.safetensors --at decoder.layer2.cross_attn.head1.weights --pass 5 -o docs/img/window-cross.png
	$(SHOT) --model assets/models/number-zh-at.safetensors --input "one thousand two hundred five" --at decoder.layer2.cross_attn.head3.weights --pass 5 --mouse 735,553 -o docs/img/window-attention.png
	$(SHOT) --model assets/models/dates-at.safetensors --input "26 nov 2026" --at decoder.layer1.self_attn.mask --pass 6 -o docs/img/window-mask.png
	$(SHOT) --model assets/models/number-words-at.safetensors --input 1205 --at decoder.layer2.ffn.norm --pass 4 -o docs/img/window-residual.png
	$(SHOT) --model assets/models/number-words-at.safetensors --input 1205 --target "one thousand three hundred five" --at decoder.layer1.self_attn.head1.weights -o docs/img/teacher-forcing.png
	$(SHOT) --model assets/models/number-zh-at.safetensors --input "three thousand eight hundred forty seven" --at encoder.layer1.ffn.add --norm 4 --mouse 1100,380 -o docs/img/layernorm-batchnorm.png
	$(SHOT) --model assets/models/reverse-at.safetensors --input stepformer --train-chooser -o docs/img/training-chooser.png
	$(SHOT) --model assets/models/reverse-at.safetensors --input stepformer --train 300 --at decoder.layer2.cross_attn.head1.weights --pass 5 -o docs/img/training-live.png
	$(SHOT) --model assets/models/number-words-mixed-at.safetensors --input 999 --compare 9 --batch 200 -o docs/img/compare.png
	# a classroom's text scale: the layout gives way rather than cut text
	$(SHOT) --model assets/models/number-zh-at.safetensors --input "one thousand two hundred five" --at decoder.layer2.cross_attn.head3.weights --pass 5 --size 1920x1080 --text-scale 2 -o docs/img/window-large-text.png
	$(SHOT) --lesson 09 --slide 2 --present --mouse 1420,480 --size 1920x1080 -o docs/img/presenter-mode.png
	$(SHOT) --lesson 09 --slide 2 --console --size 1280x720 -o docs/img/presenter-console.png
	$(SHOT) --model assets/models/number-words-mixed-at.safetensors --input 999 --compare 9 --batch 200 --distilled -o docs/img/compare-distilled.png
	$(SHOT) --model assets/models/number-words-mixed-nat-maskpredict.safetensors --input 7113 --iterations 3 --at generator.refine --pass 2 -o docs/img/refinement.png
	$(SHOT) --model assets/models/number-words-mixed-at.safetensors --input 999 --beam 4 -o docs/img/beam.png
	$(SHOT) --model assets/models/number-words-at.safetensors --input 905 --ablate cross:1.1 --at decoder.layer1.cross_attn.head1.weights --pass 5 -o docs/img/ablate.png
	$(SHOT) --model assets/models/number-words-mixed-at.safetensors --input 999 --lens --at generator.probs --pass 3 -o docs/img/lens.png
	$(SHOT) --model assets/models/number-words-mixed-at.safetensors --input 999 --sample --temperature 1.5 --top-p 0.9 --seed 3 --at generator.probs --pass 3 -o docs/img/sampling.png
	$(SHOT) --lang zh --model assets/models/number-zh-at.safetensors --input "one thousand two hundred five" --at decoder.layer2.cross_attn.head3.weights --pass 5 -o docs/img/window-zh.png
	# two lesson slides, English and Chinese (once the course is in lessons/)
	if [ -d lessons/en ]; then \
	  $(SHOT) --lesson cross-attention --slide 2 --lang en -o docs/img/lesson-en.png && \
	  $(SHOT) --lesson cross-attention --slide 2 --lang zh -o docs/img/lesson-zh.png; fi
