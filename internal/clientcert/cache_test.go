package clientcert_test

import (
	"encoding/base64"
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/crudservice/crudsvc/internal/clientcert"
	"github.com/crudservice/crudsvc/internal/testpki"
)

// TestParsedCache: a repeated header value is parsed once, but every
// request-dependent check still runs on every request.
func TestParsedCache(t *testing.T) {
	ex, err := clientcert.NewExtractor(clientcert.Options{TrustedProxies: trustedNet})
	if err != nil {
		t.Fatal(err)
	}
	_, _, cert := testpki.NewCA(t).Issue(t, testpki.Options{})
	value := base64.StdEncoding.EncodeToString(cert.Raw)
	extract := func(peer, v string) (clientcert.Result, error) {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = peer
		r.Header.Set(clientcert.DefaultHeader, v)
		return ex.Extract(r)
	}

	first, err := extract(trustedPeer, value)
	if err != nil || first.Cert == nil {
		t.Fatalf("first: %v %+v", err, first)
	}
	second, _ := extract(trustedPeer, value)
	if second.Cert != first.Cert {
		t.Error("ok/cached: the repeated value was parsed again")
	}
	if res, _ := extract(untrustedPeer, value); res.Cert != nil || !res.IgnoredUntrusted {
		t.Errorf("fail/untrusted: a cached value was accepted from an untrusted peer: %+v", res)
	}

	broken := value[:len(value)-8]
	for i := 0; i < 2; i++ { // refusals are not cached into successes
		_, err := extract(trustedPeer, broken)
		var rej *clientcert.Rejection
		if !errors.As(err, &rej) || rej.Reason != clientcert.ReasonMalformed {
			t.Fatalf("fail/malformed try %d: %v", i, err)
		}
	}
}
