package connector

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// The authentication kinds of a REST system.
const (
	AuthNone              = "none"
	AuthBasic             = "basic"
	AuthBearer            = "bearer"
	AuthClientCredentials = "oauth2_client_credentials"
)

// Auth says how a REST system's requests authenticate. Its fields are
// secrets: they are never logged nor put in errors.
type Auth struct {
	// Type is one of AuthNone (the default), AuthBasic, AuthBearer,
	// AuthClientCredentials.
	Type               string
	Username, Password string
	Token              string
	TokenURL           string
	ClientID           string
	ClientSecret       string
	Scopes             []string
}

// client returns base (or a fresh client) wrapped with the authentication,
// and for OAuth2 a function that drops the cached token. timeout bounds
// token requests, which run outside any caller's context.
func (a Auth) client(base *http.Client, timeout time.Duration) (*http.Client, func(), error) {
	if base == nil {
		base = &http.Client{}
	}
	next := base.Transport
	if next == nil {
		next = http.DefaultTransport
	}

	c := *base
	switch a.Type {
	case "", AuthNone:
		return &c, nil, nil
	case AuthBasic:
		c.Transport = &basicTransport{user: a.Username, pass: a.Password, next: next}
	case AuthBearer:
		c.Transport = &bearerTransport{token: a.Token, next: next}
	case AuthClientCredentials:
		src, err := a.tokenSource(&http.Client{Transport: next, Timeout: timeout})
		if err != nil {
			return nil, nil, err
		}
		c.Transport = &oauth2.Transport{Source: src, Base: next}
		return &c, src.reset, nil
	default:
		return nil, nil, fmt.Errorf("connector: unknown auth type %q", a.Type)
	}
	return &c, nil, nil
}

// tokenSource uses the oauth2 library, whose token source keeps the token
// until shortly before it expires.
func (a Auth) tokenSource(tokenClient *http.Client) (*renewableSource, error) {
	if a.TokenURL == "" || a.ClientID == "" {
		return nil, errors.New("connector: oauth2_client_credentials needs token_url and client_id")
	}
	cfg := clientcredentials.Config{
		ClientID:     a.ClientID,
		ClientSecret: a.ClientSecret,
		TokenURL:     a.TokenURL,
		Scopes:       a.Scopes,
	}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, tokenClient)
	src := &renewableSource{fresh: func() oauth2.TokenSource { return cfg.TokenSource(ctx) }}
	src.reset()
	return src, nil
}

// renewableSource is a caching token source that can be told to forget its
// token, for when the upstream refuses it before it expires (revocation,
// key rotation).
type renewableSource struct {
	mu    sync.Mutex
	fresh func() oauth2.TokenSource
	src   oauth2.TokenSource
}

// Token implements oauth2.TokenSource.
func (r *renewableSource) Token() (*oauth2.Token, error) {
	r.mu.Lock()
	src := r.src
	r.mu.Unlock()
	return src.Token()
}

func (r *renewableSource) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.src = r.fresh()
}

type basicTransport struct {
	user, pass string
	next       http.RoundTripper
}

func (t *basicTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.SetBasicAuth(t.user, t.pass)
	return t.next.RoundTrip(r)
}

type bearerTransport struct {
	token string
	next  http.RoundTripper
}

func (t *bearerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+t.token)
	return t.next.RoundTrip(r)
}

// safeCause describes a transport failure without echoing secrets: the
// token endpoint's answer is reduced to its status and error code.
func safeCause(err error) string {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		status := 0
		if re.Response != nil {
			status = re.Response.StatusCode
		}
		if re.ErrorCode != "" {
			return fmt.Sprintf("oauth2 token request refused: HTTP %d %s", status, re.ErrorCode)
		}
		return fmt.Sprintf("oauth2 token request refused: HTTP %d", status)
	}
	return err.Error()
}
