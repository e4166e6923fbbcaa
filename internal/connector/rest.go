package connector

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxResponseBody bounds how much of a success response is read.
const maxResponseBody = 10 << 20

// RESTConfig describes a REST system's connection.
type RESTConfig struct {
	// BaseURL is joined with each command's endpoint.
	BaseURL string
	// Timeout bounds each attempt; 0 means 30 seconds.
	Timeout time.Duration
	// Auth says how requests authenticate.
	Auth Auth
	// Retry bounds retries on 429, 502, 503 and 504.
	Retry RetryPolicy
	// PingMethod and PingEndpoint name the connectivity check; the default
	// is GET on BaseURL.
	PingMethod, PingEndpoint string
	// HTTPClient is the base client (tests inject one); nil uses a fresh
	// client over http.DefaultTransport.
	HTTPClient *http.Client
}

// REST is a connector over an HTTP API.
type REST struct {
	base    *url.URL
	client  *http.Client
	renew   func() // drops a cached OAuth2 token; nil for other auth
	timeout time.Duration
	retry   RetryPolicy
	ping    Command
}

// NewREST builds the REST connector of cfg.
func NewREST(cfg RESTConfig) (*REST, error) {
	base, err := url.Parse(cfg.BaseURL)
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, errors.New("connector: base_url must be an absolute http(s) URL")
	}
	if base.User != nil {
		return nil, errors.New("connector: base_url must not carry credentials; use auth")
	}

	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	client, renew, err := cfg.Auth.client(cfg.HTTPClient, timeout)
	if err != nil {
		return nil, err
	}

	r := &REST{
		base:    base,
		client:  client,
		renew:   renew,
		timeout: timeout,
		retry:   cfg.Retry.withDefaults(),
		ping:    Command{Method: cfg.PingMethod, Endpoint: cfg.PingEndpoint},
	}
	if r.ping.Method == "" {
		r.ping.Method = http.MethodGet
	}
	return r, nil
}

// Execute sends cmd, retrying as the policy allows, and decodes the answer.
func (r *REST) Execute(ctx context.Context, cmd Command) (*Outcome, error) {
	status, body, err := r.send(ctx, cmd)
	if err != nil {
		return nil, err
	}
	if status < 200 || status > 299 {
		return nil, &HTTPError{Status: status, Body: decodeErrorBody(body)}
	}
	return &Outcome{Data: decodeBody(body)}, nil
}

// Ping sends the configured connectivity request; any 2xx or 3xx answer
// counts as reachable.
func (r *REST) Ping(ctx context.Context) error {
	status, body, err := r.send(ctx, r.ping)
	if err != nil {
		return err
	}
	if status >= 400 {
		return &HTTPError{Status: status, Body: decodeErrorBody(body)}
	}
	return nil
}

// Close releases idle connections.
func (r *REST) Close() error {
	r.client.CloseIdleConnections()
	return nil
}

// send runs the attempts of one command and returns the last answer.
func (r *REST) send(ctx context.Context, cmd Command) (int, []byte, error) {
	payload, err := encodeBody(cmd.Body)
	if err != nil {
		return 0, nil, err
	}

	renewed := false
	for attempt := 1; ; attempt++ {
		status, header, body, err := r.attempt(ctx, cmd, payload)
		if err != nil {
			return 0, nil, err
		}

		// A refused OAuth2 token is fetched anew once, without counting
		// as an attempt: it may have been revoked before its expiry.
		if status == http.StatusUnauthorized && r.renew != nil && !renewed {
			r.renew()
			renewed = true
			attempt--
			continue
		}

		wait, again := r.retry.next(attempt, status, header, time.Now())
		if !again {
			return status, body, nil
		}
		if err := sleep(ctx, wait); err != nil {
			return 0, nil, transportError(ctx, err)
		}
	}
}

// attempt sends one request under the per-attempt timeout.
func (r *REST) attempt(ctx context.Context, cmd Command, payload []byte) (
	int, http.Header, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()

	req, err := r.request(ctx, cmd, payload)
	if err != nil {
		return 0, nil, nil, err
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return 0, nil, nil, transportError(ctx, err)
	}
	defer resp.Body.Close()

	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody))
	if err != nil {
		return 0, nil, nil, transportError(ctx, err)
	}
	return resp.StatusCode, resp.Header, body, nil
}

// request builds the HTTP request of cmd.
func (r *REST) request(ctx context.Context, cmd Command, payload []byte) (*http.Request, error) {
	u := r.base.JoinPath(strings.TrimPrefix(cmd.Endpoint, "/"))
	if cmd.Endpoint == "" {
		u = r.base
	}
	q := u.Query()
	for k, v := range cmd.Query {
		if v != nil {
			q.Set(k, fmt.Sprint(v))
		}
	}
	u.RawQuery = q.Encode()

	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, cmd.Method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("connector: building request: invalid method or endpoint")
	}

	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range cmd.Headers {
		req.Header.Set(k, v)
	}
	return req, nil
}

func encodeBody(body any) ([]byte, error) {
	if body == nil {
		return nil, nil
	}
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("connector: encoding request body: %w", err)
	}
	return b, nil
}

// decodeBody returns JSON bodies decoded and anything else as text.
func decodeBody(raw []byte) any {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	var v any
	if json.Unmarshal(raw, &v) == nil {
		return v
	}
	return string(raw)
}

// transportError reports a failed exchange without the request URL, whose
// query may carry keys: timeouts become ErrTimeout.
func transportError(ctx context.Context, err error) error {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return ErrTimeout
	}
	var netErr interface{ Timeout() bool }
	if errors.As(err, &netErr) && netErr.Timeout() {
		return ErrTimeout
	}
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("connector: request canceled: %w", context.Canceled)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fmt.Errorf("connector: upstream request failed: %s", safeCause(err))
}
