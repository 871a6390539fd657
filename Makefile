# Stepformer: a thin front over CMake. The two commands a new user needs:
#   make run    build, then open the window on the bundled default model
#   make test   build, then run every test (and the core tests again under ASan + UBSan)
# Both first install whatever Debian packages are missing.
#   make install PREFIX=DIR   install (binary, models, lessons, manual, menu entry, icons); default /usr/local
#   make deb                  a Debian package, ./stepformer_VERSION_ARCH.deb (apt install ./stepformer_*.deb)

BUILD      ?= build
BUILD_SAN  ?= build-san
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=
PREFIX     ?= /usr/local

# Debian packages the build, the tests and the window need (see docs/architecture.md).
DEPS = cmake gcc make pkg-config \
       libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libcglm-dev libcjson-dev \
       libcmocka-dev libfontconfig-dev libgif-dev libcmark-dev \
       fonts-dejavu-core fonts-wqy-microhei xvfb xauth xdotool imagemagick libxml2-utils python3 \
       dpkg-dev man-db desktop-file-utils

# What `stepformer bench --peer` measures against (OpenBLAS through numpy, PyTorch; docs/performance.md).
PEER_DEPS = python3-numpy python3-threadpoolctl python3-torch

.PHONY: all deps build run test test-fast models screenshots clean install deb bench-peer

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

# Core tests again with AddressSanitizer + UndefinedBehaviorSanitizer; any report fails the run.
$(BUILD_SAN)/CMakeCache.txt:
	cmake -S . -B $(BUILD_SAN) -DCMAKE_BUILD_TYPE=Debug -DSTEPFORMER_SANITIZE=ON -DSTEPFORMER_CORE_ONLY=ON $(CMAKE_ARGS)

test: build $(BUILD_SAN)/CMakeCache.txt
	cmake --build $(BUILD_SAN) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	cd $(BUILD_SAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest --output-on-failure -L core -j $(JOBS)

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

clean:
	rm -rf $(BUILD) $(BUILD_SAN)

# The README's images, made by the program itself (offscreen, no display needed).
SHOT = ./$(BUILD)/stepformer screenshot --size 1600x900
screenshots: build
	$(SHOT) --model assets/models/reverse-at.safetensors --at decoder.layer2.cross_attn.head1.weights --pass 5 -o docs/img/window-cross.png
	$(SHOT) --model assets/models/number-zh-at.safetensors --input "one thousand two hundred five" --at decoder.layer2.cross_attn.head3.weights --pass 5 --mouse 676,553 -o docs/img/window-attention.png
	$(SHOT) --model assets/models/dates-at.safetensors --input "26 nov 2026" --at decoder.layer1.self_attn.mask --pass 6 -o docs/img/window-mask.png
	$(SHOT) --model assets/models/number-words-at.safetensors --input 1205 --at decoder.layer2.ffn.norm --pass 4 -o docs/img/window-residual.png
	$(SHOT) --model assets/models/number-words-mixed-at.safetensors --input 999 --compare 9 --batch 200 -o docs/img/compare.png
	$(SHOT) --model assets/models/number-words-mixed-at.safetensors --input 999 --compare 9 --batch 200 --distilled -o docs/img/compare-distilled.png
	$(SHOT) --model assets/models/number-words-mixed-at.safetensors --input 999 --beam 4 -o docs/img/beam.png
	$(SHOT) --model assets/models/number-words-at.safetensors --input 905 --ablate cross:1.1 --at decoder.layer1.cross_attn.head1.weights --pass 5 -o docs/img/ablate.png
	$(SHOT) --model assets/models/number-words-mixed-at.safetensors --input 999 --lens --at generator.probs --pass 3 -o docs/img/lens.png
	$(SHOT) --model assets/models/number-words-mixed-at.safetensors --input 999 --sample --temperature 1.5 --top-p 0.9 --seed 3 --at generator.probs --pass 3 -o docs/img/sampling.png
	# two lesson slides, English and Chinese (once the course is in lessons/)
	if [ -d lessons/en ]; then \
	  $(SHOT) --lesson cross-attention --slide 2 --lang en -o docs/img/lesson-en.png && \
	  $(SHOT) --lesson cross-attention --slide 2 --lang zh -o docs/img/lesson-zh.png; fi
