package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/crudservice/crudsvc/internal/devenv"
)

// executeBody is the request the protected route is measured with: the
// built-in ping of the demo system, which touches its SQLite database.
const executeBody = `{"action":"ping","system":"demo","object_type":"user"}`

// edgeClient calls nginx over TLS with one of the dev client certificates.
type edgeClient struct{ http *http.Client }

// newEdgeClient trusts the dev CA and presents the named certificate.
func newEdgeClient(dev devenv.Layout, certFile, keyFile string) (*edgeClient, error) {
	cert, err := tls.LoadX509KeyPair(dev.Path(certFile), dev.Path(keyFile))
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", certFile, err)
	}
	caPEM, err := os.ReadFile(dev.Path(devenv.CACertFile))
	if err != nil {
		return nil, err
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(caPEM)
	tr := &http.Transport{TLSClientConfig: &tls.Config{
		RootCAs: roots, Certificates: []tls.Certificate{cert}, ServerName: "localhost",
	}}
	return &edgeClient{http: &http.Client{Transport: tr, Timeout: 5 * time.Second}}, nil
}

// expect sends one request (with a bearer token when token is not empty)
// and checks the status, returning the body in the error otherwise.
func (c *edgeClient) expect(method, url, token string, want int) error {
	var body io.Reader
	if method == http.MethodPost {
		body = strings.NewReader(executeBody)
	}
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 2048))
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: status %d, want %d: %s", method, url, resp.StatusCode, want, data)
	}
	return nil
}

// preflight proves the chain works before measuring it: client one with
// its bound token gets 200 on /execute through nginx, and client two with
// the same token gets 401, so the binding is really enforced on the
// measured route.
func preflight(dev devenv.Layout, edge int, token string) error {
	url := fmt.Sprintf("https://localhost:%d/execute", edge)
	one, err := newEdgeClient(dev, devenv.Client1CertFile, devenv.Client1KeyFile)
	if err != nil {
		return err
	}
	if err := one.expect(http.MethodPost, url, token, http.StatusOK); err != nil {
		return fmt.Errorf("preflight, bound client: %w", err)
	}
	two, err := newEdgeClient(dev, devenv.Client2CertFile, devenv.Client2KeyFile)
	if err != nil {
		return err
	}
	if err := two.expect(http.MethodPost, url, token, http.StatusUnauthorized); err != nil {
		return fmt.Errorf("preflight, other client with the same token: %w", err)
	}
	return nil
}
