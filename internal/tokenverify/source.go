package tokenverify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// maxDocumentBytes bounds a discovery or JWKS response.
const maxDocumentBytes = 1 << 20

// errIssuerMismatch marks a discovery document that names another issuer:
// a configuration error, not an outage.
var errIssuerMismatch = errors.New("discovery document names a different issuer")

// fetcher obtains the raw JWKS document. maxAge is how long the document may
// be reused according to the server; zero when it does not say or for files.
type fetcher interface {
	fetch(ctx context.Context) (data []byte, maxAge time.Duration, err error)
	remote() bool
}

// fileFetcher reads a static JWKS file.
type fileFetcher struct{ path string }

func (f fileFetcher) fetch(context.Context) ([]byte, time.Duration, error) {
	data, err := os.ReadFile(f.path)
	if err != nil {
		return nil, 0, fmt.Errorf("reading jwks file: %w", err)
	}
	return data, 0, nil
}

func (fileFetcher) remote() bool { return false }

// urlFetcher GETs a JWKS URL.
type urlFetcher struct {
	client *http.Client
	url    string
}

func (f urlFetcher) fetch(ctx context.Context) ([]byte, time.Duration, error) {
	return get(ctx, f.client, f.url)
}

func (urlFetcher) remote() bool { return true }

// discoveryFetcher finds jwks_uri in the issuer's OpenID Provider metadata
// (OpenID Connect Discovery 1.0 section 4) and then behaves as urlFetcher.
// The metadata is fetched until it has once been read successfully.
type discoveryFetcher struct {
	client *http.Client
	issuer string

	mu      sync.Mutex
	jwksURL string
}

func (f *discoveryFetcher) fetch(ctx context.Context) ([]byte, time.Duration, error) {
	f.mu.Lock()
	jwksURL := f.jwksURL
	f.mu.Unlock()
	if jwksURL == "" {
		var err error
		if jwksURL, err = f.discover(ctx); err != nil {
			return nil, 0, err
		}
		f.mu.Lock()
		f.jwksURL = jwksURL
		f.mu.Unlock()
	}
	return get(ctx, f.client, jwksURL)
}

func (*discoveryFetcher) remote() bool { return true }

// discover reads the metadata and returns jwks_uri. The document's issuer
// must equal the configured one exactly (section 4.3), or a document served
// for another issuer could supply the keys.
func (f *discoveryFetcher) discover(ctx context.Context) (string, error) {
	u := strings.TrimSuffix(f.issuer, "/") + "/.well-known/openid-configuration"
	data, _, err := get(ctx, f.client, u)
	if err != nil {
		return "", fmt.Errorf("oidc discovery: %w", err)
	}
	var meta struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	if err := json.Unmarshal(data, &meta); err != nil {
		return "", fmt.Errorf("oidc discovery: decoding metadata: %w", err)
	}
	if meta.Issuer != f.issuer {
		return "", fmt.Errorf("oidc discovery: %w: %q", errIssuerMismatch, clip(meta.Issuer))
	}
	if !strings.HasPrefix(meta.JWKSURI, "https://") && !strings.HasPrefix(meta.JWKSURI, "http://") {
		return "", errors.New("oidc discovery: jwks_uri missing or not http(s)")
	}
	return meta.JWKSURI, nil
}

// get fetches url, requiring 200 and a bounded body, and returns the
// Cache-Control max-age.
func get(ctx context.Context, client *http.Client, url string) ([]byte, time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("fetching %s: %w", url, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, 0, fmt.Errorf("fetching %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxDocumentBytes))
		return nil, 0, fmt.Errorf("fetching %s: status %d", url, resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxDocumentBytes+1))
	if err != nil {
		return nil, 0, fmt.Errorf("fetching %s: %w", url, err)
	}
	if len(data) > maxDocumentBytes {
		return nil, 0, fmt.Errorf("fetching %s: document larger than %d bytes", url, maxDocumentBytes)
	}
	return data, maxAge(resp.Header.Get("Cache-Control")), nil
}

// maxAge returns the max-age directive of a Cache-Control header, or 0.
func maxAge(cc string) time.Duration {
	for dir := range strings.SplitSeq(cc, ",") {
		name, val, ok := strings.Cut(strings.TrimSpace(dir), "=")
		if !ok || !strings.EqualFold(name, "max-age") {
			continue
		}
		n, err := strconv.Atoi(strings.Trim(val, `"`))
		if err != nil || n < 0 {
			return 0
		}
		n = min(n, 366*24*3600) // beyond any ceiling; avoids overflow
		return time.Duration(n) * time.Second
	}
	return 0
}
