# gongkai — build, test, demo, bench.
# `make demo` and `make test` install what they need on a fresh Debian machine.

GO      ?= go
PKGS    := ./...
BIN     := bin/gongkai
DEMO_OUT ?= demo-out

.PHONY: all build test test-short demo bench bench-crawl bench-render bench-release bench-serve bench-reports bench-metrics bench-hostile bench-queue bench-politeness fuzz lint vet fmt deps sysdeps tidy

all: vet test ## vet and test

deps: ## download Go modules
	$(GO) mod download

sysdeps: ## install system packages (chromium, CJK fonts, prometheus) when missing
	@./.ci/sysdeps.sh

build: deps ## build the binary into bin/
	$(GO) build -o $(BIN) ./cmd/gongkai

test: sysdeps deps ## run every test with the race detector
	$(GO) test -race -count=1 -timeout 45m $(PKGS)

test-short: ## quick tests without the race detector
	$(GO) test -count=1 -short $(PKGS)

demo: sysdeps build ## audit the built-in sample agency web, publish a release, write its reports and serve it (with /metrics)
	./$(BIN) demo --out $(DEMO_OUT)

bench: sysdeps deps bench-crawl bench-render bench-release bench-serve bench-reports bench-metrics bench-hostile bench-queue bench-politeness ## all benchmarks, each beside its baselines

bench-crawl:
	$(GO) run ./crawler/internal/crawlbench -pages 10000 -size 30000
	$(GO) run ./crawler/internal/crawlbench -rss-only -pages 200000 -size 30000

bench-render:
	$(GO) run ./crawler/render/internal/renderbench -pages 300 -baseline-pages 20

bench-release:
	$(GO) run ./datasets/internal/releasebench -rows 10000000

bench-serve: ## gongkai serve on 15,000 sites and 5 M findings, 64 clients (wrk), beside net/http's file server
	$(GO) run ./api/internal/servebench -sites 15000 -findings 5000000 -c 64 -d 10s

bench-reports:
	$(GO) run ./reports/internal/reportbench -sites 1000

bench-metrics:
	$(GO) run ./api/metrics/internal/metricsbench -sites 15000

bench-hostile: build ## the hostile web, the sample web and a 2000-page site, each audited by bin/gongkai
	$(GO) run ./crawler/hostileweb/internal/hostilebench -gongkai $(BIN)

# bench-queue, 2 cores: politeness-bound (64 sites, --rate 10, 100 ms latency) in-process 43.2 s,
# 1 worker 43.7 s (+1.1%), 2 workers 1.88x, 4 workers 3.24x, CPU per site 88.8 -> 118.8 ms (the cluster
# pace bucket's turns), load 1.4-3.1; CPU-bound (200 sites, --rate 0), -workers 1 -repeat 3: in-process
# 12.9 s, 1 worker 14.3 s (+10%), CPU 75.7 -> 85.7 ms per site (-work /dev/shm: +5% wall, +8% CPU), load 1.7-2.1.
bench-queue: build ## generated loopback webs, politeness-bound and CPU-bound, each audited in-process and with --queue on 1, 2 and 4 worker processes (nats-server): wall, speed-up, overhead, CPU per site
	$(GO) run ./cmd/gongkai/internal/queuebench -gongkai $(BIN) -sites 200 -pages 20 -polite-sites 64 -polite-pages 20 -rate 10 -latency 100ms

bench-politeness: ## a request's turn paced in one process beside through the cluster's NATS KV pace bucket (nats-server)
	$(GO) test -run '^$$' -bench Reserve -benchtime 3s ./crawler/politeness

fuzz: ## run each fuzz target for a short while
	@for spec in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
	  for f in $$(grep -h '^func Fuzz' $$spec/*_test.go | sed 's/func \(Fuzz[A-Za-z0-9_]*\).*/\1/'); do \
	    echo "== $$spec $$f"; $(GO) test -run='^$$' -fuzz="^$$f$$" -fuzztime=20s $$spec || exit 1; \
	  done; \
	done

vet: ## go vet
	$(GO) vet $(PKGS)

lint: vet ## gofmt check plus vet (golangci-lint when installed)
	@test -z "$$(gofmt -l .)" || (gofmt -l .; echo "gofmt needed"; exit 1)
	@if command -v golangci-lint >/dev/null; then golangci-lint run; fi

fmt:
	gofmt -w .
