package httpapi

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"sync/atomic"
)

// DirectTLS serves HTTPS with the service's own certificate and, when a
// client CA bundle is configured, verifies client certificates (SPEC 3.5).
// Reload re-reads the files; a file that fails to load leaves the last good
// configuration in force.
type DirectTLS struct {
	certFile, keyFile, caFile string
	requireClientCert         bool
	current                   atomic.Pointer[tls.Config]
}

// NewDirectTLS loads the files once; errors name the file.
func NewDirectTLS(certFile, keyFile, caFile string, requireClientCert bool) (*DirectTLS, error) {
	d := &DirectTLS{certFile: certFile, keyFile: keyFile, caFile: caFile, requireClientCert: requireClientCert}
	if err := d.Reload(); err != nil {
		return nil, err
	}
	return d, nil
}

// Reload re-reads the certificate, key and client CA bundle.
func (d *DirectTLS) Reload() error {
	cert, err := tls.LoadX509KeyPair(d.certFile, d.keyFile)
	if err != nil {
		return fmt.Errorf("loading TLS_CERT_FILE %s / TLS_KEY_FILE %s: %w", d.certFile, d.keyFile, err)
	}
	cfg := &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{cert},
		NextProtos:   []string{"h2", "http/1.1"},
	}
	if d.caFile != "" {
		pem, err := os.ReadFile(d.caFile)
		if err != nil {
			return fmt.Errorf("reading TLS_CLIENT_CA_FILE: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return fmt.Errorf("TLS_CLIENT_CA_FILE %s holds no PEM certificate", d.caFile)
		}
		cfg.ClientCAs = pool
		cfg.ClientAuth = tls.VerifyClientCertIfGiven
		if d.requireClientCert {
			cfg.ClientAuth = tls.RequireAndVerifyClientCert
		}
	}
	d.current.Store(cfg)
	return nil
}

// Config returns a tls.Config that always uses the latest loaded files.
func (d *DirectTLS) Config() *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		NextProtos: []string{"h2", "http/1.1"},
		GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
			return d.current.Load(), nil
		},
	}
}
