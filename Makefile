# The README names two commands: `make dev` runs the service on a fresh
# machine, `make test` runs every test, installing what the tests need.

GO ?= go
STATICCHECK_VERSION ?= v0.8.2

.PHONY: dev build test unit lint bench fuzz loadtest

dev:
	$(GO) run ./cmd/crudsvc dev

build:
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/crudsvc ./cmd/crudsvc

# Every test: unit tests with the race detector, then the real-component
# tests (PostgreSQL, a Kafka-protocol broker, nginx, openssl, curl, kcat).
test:
	bash scripts/test.sh

# Unit tests only: seconds, no installs.
unit:
	$(GO) test -race ./...

lint:
	test -z "$$(gofmt -l .)" || (gofmt -l . && exit 1)
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/clientcert/ ./internal/tokenverify/ ./internal/authn/

# Load run through a real nginx mTLS edge with vegeta (docs/PERFORMANCE.md);
# as root on Debian it installs nginx-light when missing.
loadtest:
	$(GO) run ./scripts/loadtest $(LOADTEST_FLAGS)

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzDecode -fuzztime 2m ./internal/clientcert/
	$(GO) test -run '^$$' -fuzz FuzzXFCC -fuzztime 2m ./internal/clientcert/
