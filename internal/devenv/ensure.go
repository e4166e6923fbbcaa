package devenv

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Env is a ready development directory.
type Env struct {
	Layout
	// Created is true when this call generated the material, false when
	// an earlier run's files were reused.
	Created bool
}

// Ensure makes dir hold the development CA, certificates and signing key,
// creating them when any is missing and reusing them otherwise, so that
// certificates a developer already imported keep working. With reset, the
// files devenv knows (material and run-time state) are removed first;
// nothing else in dir is touched.
func Ensure(dir string, reset bool, now time.Time) (*Env, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("development directory: %w", err)
	}
	env := &Env{Layout: Layout{Dir: abs}}

	if reset {
		if err := env.remove(); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("creating development directory: %w", err)
	}

	complete, err := env.complete()
	if err != nil {
		return nil, err
	}
	if complete {
		return env, env.checkServerCert(now)
	}
	env.Created = true
	return env, env.generate(now)
}

// remove deletes the files devenv writes, ignoring those already gone.
func (e *Env) remove() error {
	for _, name := range append(append([]string{}, material...), runtimeFiles...) {
		if err := os.Remove(e.Path(name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("resetting development directory: %w", err)
		}
	}
	return nil
}

// complete reports whether every material file exists.
func (e *Env) complete() (bool, error) {
	for _, name := range material {
		_, err := os.Stat(e.Path(name))
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("checking development directory: %w", err)
		}
	}
	return true, nil
}

// checkServerCert refuses a reused directory whose server certificate no
// longer works, rather than serving a certificate curl will reject.
func (e *Env) checkServerCert(now time.Time) error {
	cert, err := ReadCertificate(e.Path(ServerCertFile))
	if err != nil {
		return fmt.Errorf("%w; run crudsvc dev --reset to recreate it", err)
	}
	if now.After(cert.NotAfter) {
		return fmt.Errorf("development server certificate expired on %s; run crudsvc dev --reset",
			cert.NotAfter.Format(time.DateOnly))
	}
	return nil
}

// generate creates the CA, the three leaves and the signing key, then
// writes them; keys 0600, certificates and the public key set 0644.
func (e *Env) generate(now time.Time) error {
	ca, err := newCA(now)
	if err != nil {
		return err
	}
	leaves := map[[2]string]leafSpec{
		{ServerCertFile, ServerKeyFile}:   serverSpec,
		{Client1CertFile, Client1KeyFile}: clientSpecs[0],
		{Client2CertFile, Client2KeyFile}: clientSpecs[1],
	}
	if err := e.writePair(ca, CACertFile, CAKeyFile); err != nil {
		return err
	}
	for files, spec := range leaves {
		kp, err := issue(ca, spec, now)
		if err != nil {
			return err
		}
		if err := e.writePair(kp, files[0], files[1]); err != nil {
			return err
		}
	}
	return e.writeSigningKey()
}

func (e *Env) writePair(kp keyPair, certName, keyName string) error {
	keyPEM, err := kp.keyPEM()
	if err != nil {
		return err
	}
	if err := writeFile(e.Path(keyName), keyPEM, 0o600); err != nil {
		return err
	}
	return writeFile(e.Path(certName), kp.certPEM(), 0o644)
}

func (e *Env) writeSigningKey() error {
	key, err := newSigningKey()
	if err != nil {
		return err
	}
	private, err := key.privateJSON()
	if err != nil {
		return err
	}
	public, err := key.publicJWKS()
	if err != nil {
		return err
	}
	if err := writeFile(e.Path(SigningKeyFile), private, 0o600); err != nil {
		return err
	}
	return writeFile(e.Path(JWKSFile), public, 0o644)
}

// writeFile replaces path with data and sets perm even when the file
// existed with a wider mode.
func writeFile(path string, data []byte, perm os.FileMode) error {
	if err := os.WriteFile(path, data, perm); err != nil {
		return fmt.Errorf("writing %s: %w", filepath.Base(path), err)
	}
	if err := os.Chmod(path, perm); err != nil {
		return fmt.Errorf("setting mode of %s: %w", filepath.Base(path), err)
	}
	return nil
}

// ReadCertificate parses the first certificate of a PEM file.
func ReadCertificate(path string) (*x509.Certificate, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading certificate: %w", err)
	}
	for rest := data; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return nil, fmt.Errorf("%s holds no PEM certificate", path)
		}
		if block.Type == "CERTIFICATE" {
			cert, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("parsing certificate %s: %w", path, err)
			}
			return cert, nil
		}
	}
}
