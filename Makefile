# esodesk -- the two commands a new user needs:
#   make run    install the Debian build packages if missing, build, start the app
#   make test   install what the tests need, start the DaCHS testbed, run every test
SHELL := /bin/bash
# GO: a go new enough for go.mod. scripts/go.sh prints the one on PATH if it is;
# else it installs Debian's backported Go and has it fetch the toolchain go.mod
# names through the Go module proxy. GO=/path/to/go chooses one yourself.
# Only clean and testbed-stop need no Go.
ifneq ($(filter-out clean testbed-stop,$(or $(MAKECMDGOALS),run)),)
ifeq ($(origin GO),undefined)
GO := $(shell bash scripts/go.sh)
ifeq ($(GO),)
$(error no usable Go, see the go.sh messages above)
endif
# an old go's GOROOT would send this one to the old standard library
unexport GOROOT
endif
export GO
# so what the recipes start (testbed/standin/run.sh) runs the same go
ifneq ($(findstring /,$(GO)),)
export PATH := $(patsubst %/,%,$(dir $(GO))):$(PATH)
endif
endif
TAGS := migrated_fynedo
TESTBED_PORT ?= 8080
TESTBED_URL := http://127.0.0.1:$(TESTBED_PORT)
STANDIN_URL := http://127.0.0.1:8089
# what tests and run-testbed point the app at
TESTBED_ENV := ESODESK_TESTBED_URL=$(TESTBED_URL) ESODESK_STANDIN_URL=$(STANDIN_URL)
# tests that may use every core still finish on a 2-core machine
TEST_FLAGS ?= -count=1 -timeout 30m

.PHONY: run build deps test test-unit test-race testbed testbed-stop run-testbed screenshot package deb bench fuzz vet clean

run: build
	./esodesk

build: deps
	$(GO) build -tags $(TAGS) -o esodesk .

deps:
	@bash scripts/deps.sh build

test: 
	@bash scripts/deps.sh test
	@$(MAKE) --no-print-directory testbed
	$(GO) vet -tags $(TAGS) ./...
	$(TESTBED_ENV) $(GO) test -tags $(TAGS) $(TEST_FLAGS) ./...
	$(TESTBED_ENV) $(GO) test -race -tags $(TAGS) $(TEST_FLAGS) ./...

# unit tests only: no testbed, no installs (tests that need the testbed skip)
test-unit:
	$(GO) test -tags $(TAGS) ./...

# the local DaCHS server (TAP, UWS, SSAP, DataLink, ObsCore) the tests talk to,
# and the stand-in for ESO-only endpoints (Sesame, later CalSelector, dataPortal)
testbed:
	@DACHS_PORT=$(TESTBED_PORT) bash testbed/dachs/setup.sh
	@bash testbed/standin/run.sh start

testbed-stop:
	@bash testbed/standin/run.sh stop
	@bash testbed/dachs/stop.sh

# the app with every service pointed at the local testbed
run-testbed: build testbed
	$(TESTBED_ENV) ./esodesk

# the README screenshots, from the real window under Xvfb against the testbed
screenshot: build testbed
	@bash scripts/deps.sh screenshot
	bash scripts/screenshot.sh tap docs/screenshot-tap.png
	bash scripts/screenshot.sh spectra docs/screenshot-spectra.png
	bash scripts/screenshot.sh products docs/screenshot-products.png
	bash scripts/screenshot.sh raw docs/screenshot-raw.png
	bash scripts/screenshot.sh downloads docs/screenshot-downloads.png
	bash scripts/screenshot.sh images docs/screenshot-images.png
	bash scripts/screenshot.sh conditions docs/screenshot-conditions.png
	bash scripts/screenshot.sh sky docs/screenshot-sky.png
	SIZE=1400x1200 bash scripts/screenshot.sh analysis docs/screenshot-analysis.png
	bash scripts/samp-screenshot.sh docs/screenshot-samp.png

package: deps
	$(GO) tool fyne package -os linux --tags $(TAGS) --release

# a Debian package of the built binary, esodesk_<Version>_<arch>.deb, with its
# .desktop entry, icons and AppStream metainfo made from FyneApp.toml
deb: build
	@bash scripts/deps.sh deb
	bash scripts/deb.sh

# benchmarks; those that need the testbed (the details pane) get it
bench: testbed
	$(TESTBED_ENV) $(GO) test -tags $(TAGS) -run '^$$' -bench . ./...

# the parsers of network answers, each fuzzed for a while (not part of make test)
fuzz:
	$(GO) test -tags $(TAGS) ./services/votable -run '^$$' -fuzz '^FuzzParse$$' -fuzztime 60s
	$(GO) test -tags $(TAGS) ./services/uws -run '^$$' -fuzz '^FuzzParseUWS$$' -fuzztime 30s
	$(GO) test -tags $(TAGS) ./services/calselector -run '^$$' -fuzz '^FuzzParseTree$$' -fuzztime 30s
	$(GO) test -tags $(TAGS) ./services/tap -run '^$$' -fuzz '^FuzzParseTables$$' -fuzztime 30s
	$(GO) test -tags $(TAGS) ./services/tap -run '^$$' -fuzz '^FuzzParseExamples$$' -fuzztime 30s

vet:
	$(GO) vet -tags $(TAGS) ./...

clean:
	rm -f esodesk esodesk_*.deb
	rm -rf dist
