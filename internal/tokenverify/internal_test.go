package tokenverify

import (
	"context"
	"encoding/base64"
	"errors"
	"log/slog"
	"testing"
	"time"
)

// FuzzCanonicalBase64URL pins canonicalBase64URL to its definition: the
// string decodes strictly and re-encodes to itself.
func FuzzCanonicalBase64URL(f *testing.F) {
	for _, s := range []string{"", "A", "AA", "AB", "AAA", "AAB", "AAAA", "a-_9", "ab==", "a+/b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := base64.RawURLEncoding.DecodeString(s)
		want := s != "" && err == nil && base64.RawURLEncoding.EncodeToString(b) == s
		if got := canonicalBase64URL(s); got != want {
			t.Fatalf("canonicalBase64URL(%q) = %v, want %v", s, got, want)
		}
	})
}

// staticFetcher serves fixed bytes.
type staticFetcher struct{ data []byte }

func (s staticFetcher) fetch(context.Context) ([]byte, time.Duration, error) {
	return s.data, 0, nil
}

func (staticFetcher) remote() bool { return true }

func TestSameKeysKeepGeneration(t *testing.T) {
	jwks := []byte(`{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"a",` +
		`"x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}`)
	s := &keyStore{
		src: staticFetcher{jwks}, now: time.Now, cooldown: time.Nanosecond,
		rec: nopRecorder{}, log: discardLogger(),
	}
	if _, err := s.load(context.Background()); err != nil {
		t.Fatal(err)
	}
	first := s.keys()
	if _, err := s.load(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s.keys() != first || first.gen != 0 {
		t.Fatalf("identical key set replaced the current one")
	}

	s.src = staticFetcher{[]byte(`{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"b",` +
		`"x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}`)}
	if _, err := s.load(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s.keys().gen != 1 {
		t.Fatalf("gen = %d after a key change, want 1", s.keys().gen)
	}
}

func TestRefreshInterval(t *testing.T) {
	tests := []struct {
		name string
		cc   string
		want time.Duration
	}{
		{"ok/absent", "", refreshDefault},
		{"ok/max-age", "public, max-age=600", 10 * time.Minute},
		{"ok/floor", "max-age=1", refreshFloor},
		{"ok/ceiling", "max-age=999999999999999999", refreshCeiling},
		{"ok/quoted", `max-age="120"`, 2 * time.Minute},
		{"ok/no-cache", "no-cache", refreshDefault},
		{"ok/negative", "max-age=-5", refreshDefault},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := refreshInterval(maxAge(tc.cc)); got != tc.want {
				t.Errorf("refreshInterval(maxAge(%q)) = %v, want %v", tc.cc, got, tc.want)
			}
		})
	}
}

func TestParseKeySetSkipsUnusableKeys(t *testing.T) {
	jwks := []byte(`{"keys":[
		{"kty":"oct","k":"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"},
		{"kty":"OKP","crv":"Ed25519","use":"enc","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
		{"kty":"OKP","crv":"Ed25519","alg":"RS256","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
		{"kty":"OKP","crv":"Ed25519","alg":"HS256","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
		{"kty":"RSA","n":"sXch","e":"AQAB"},
		{"kty":"weird"},
		{"kty":"OKP","crv":"Ed25519","kid":"ok","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}
	]}`)
	ks, skipped, err := parseKeySet(jwks)
	if err != nil {
		t.Fatal(err)
	}
	if len(ks.keys) != 1 || ks.keys[0].id != "ok" || len(skipped) != 6 {
		t.Fatalf("keys = %+v, skipped = %q", ks.keys, skipped)
	}
	if _, _, err := parseKeySet([]byte(`{"keys":[]}`)); err == nil {
		t.Fatal("empty key set accepted")
	}
	var ie *InvalidError
	if _, e := ks.find("ok", "ES256"); !errors.As(e, &ie) || ie.Check != CheckAlgorithm {
		t.Fatalf("find with a misfitting alg = %v", e)
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// countingFetcher counts fetches and signals each one.
type countingFetcher struct {
	staticFetcher
	fetched chan struct{}
}

func (c countingFetcher) fetch(ctx context.Context) ([]byte, time.Duration, error) {
	c.fetched <- struct{}{}
	return c.staticFetcher.fetch(ctx)
}

func TestRefreshLoopFetchesUntilStopped(t *testing.T) {
	f := countingFetcher{
		staticFetcher: staticFetcher{[]byte(`{"keys":[{"kty":"OKP","crv":"Ed25519",` +
			`"x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}`)},
		fetched: make(chan struct{}, 1),
	}
	s := &keyStore{src: f, now: time.Now, cooldown: time.Second, rec: nopRecorder{},
		log: discardLogger()}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { s.refreshLoop(stop, time.Millisecond); close(done) }()

	select {
	case <-f.fetched:
	case <-time.After(5 * time.Second):
		t.Fatal("background refresh did not fetch")
	}
	close(stop)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("refresh loop did not stop")
	}
	if s.keys() == nil {
		t.Fatal("background fetch installed no keys")
	}
}
