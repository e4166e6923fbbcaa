package clientcert_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/crudservice/crudsvc/internal/clientcert"
)

func TestRejections(t *testing.T) {
	v := newVectors(t)
	h := clientcert.DefaultHeader
	good := b64(v.leaf)
	damaged := good[:40] + "!" + good[41:]
	eleven := strings.Repeat(b64(v.inter)+",", 10) + b64(v.inter)
	tests := []struct {
		name    string
		opts    clientcert.Options
		headers []string
		want    clientcert.Reason
	}{
		{"fail/duplicated", clientcert.Options{}, []string{h, good, h, good}, clientcert.ReasonDuplicated},
		{"fail/duplicated_empty_second", clientcert.Options{}, []string{h, good, h, ""},
			clientcert.ReasonDuplicated},
		{"fail/too_large", clientcert.Options{MaxSize: len(good) - 1}, []string{h, good},
			clientcert.ReasonTooLarge},
		{"fail/too_large_garbage", clientcert.Options{MaxSize: 100}, []string{h, strings.Repeat("%", 101)},
			clientcert.ReasonTooLarge},
		{"ok/exactly_max_size", clientcert.Options{MaxSize: len(good)}, []string{h, good}, ""},
		{"fail/damaged_leaf_good_chain", clientcert.Options{}, []string{h, damaged + "," + b64(v.inter)},
			clientcert.ReasonMalformed},
		{"fail/empty_leaf_entry", clientcert.Options{}, []string{h, "," + good}, clientcert.ReasonMalformed},
		{"fail/damaged_chain_entry", clientcert.Options{}, []string{h, good + ",AAAA"},
			clientcert.ReasonMalformed},
		{"fail/truncated_der", clientcert.Options{}, []string{h, b64(v.leaf[:len(v.leaf)-1])},
			clientcert.ReasonMalformed},
		{"fail/trailing_der_garbage", clientcert.Options{}, []string{h, b64(v.leaf, []byte{0x30})},
			clientcert.ReasonMalformed},
		{"fail/damaged_first_pem_block", clientcert.Options{},
			[]string{h, strings.Replace(v.chainPEM, "MII", "MI*", 1)}, clientcert.ReasonMalformed},
		{"fail/text_before_pem", clientcert.Options{}, []string{h, "junk " + v.leafPEM},
			clientcert.ReasonMalformed},
		{"fail/missing_pem_end", clientcert.Options{},
			[]string{h, strings.Split(v.leafPEM, "-----END")[0]}, clientcert.ReasonMalformed},
		{"fail/bad_percent_escape", clientcert.Options{}, []string{h, "-----BEGIN%2"},
			clientcert.ReasonMalformed},
		{"fail/too_many_certificates", clientcert.Options{}, []string{h, eleven}, clientcert.ReasonMalformed},
		{"fail/unpadded_base64", clientcert.Options{}, []string{h, strings.TrimRight(b64(v.other), "=")},
			clientcert.ReasonMalformed},
		{"fail/rfc9440_not_bytes", clientcert.Options{Format: clientcert.FormatRFC9440},
			[]string{h, `"abc"`}, clientcert.ReasonMalformed},
		{"fail/xfcc_unterminated_quote", clientcert.Options{Format: clientcert.FormatXFCC},
			[]string{h, `By=a;Subject="CN=x`}, clientcert.ReasonMalformed},
		{"fail/xfcc_repeated_cert", clientcert.Options{Format: clientcert.FormatXFCC},
			[]string{h, "Cert=" + escapeAll(v.leafPEM) + ";Cert=" + escapeAll(v.otherPEM)},
			clientcert.ReasonMalformed},
		{"fail/xfcc_two_certs_in_cert", clientcert.Options{Format: clientcert.FormatXFCC},
			[]string{h, "Cert=" + escapeAll(v.chainPEM)}, clientcert.ReasonMalformed},
		{"fail/not_a_certificate", clientcert.Options{}, []string{h, b64([]byte{0x30, 0})},
			clientcert.ReasonMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := newExtractor(t, tt.opts).Extract(request(trustedPeer, tt.headers...))
			if got := reason(t, err); got != tt.want {
				t.Fatalf("reason %q, want %q (err %v)", got, tt.want, err)
			}
			if tt.want != "" && (res.Cert != nil || res.Source != clientcert.SourceHeader) {
				t.Errorf("rejection carries cert or source %s", res.Source)
			}
		})
	}
}

func sign(secret []byte, value string) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(value))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

func TestSignature(t *testing.T) {
	v := newVectors(t)
	secret := []byte("0123456789abcdef0123456789abcdef")
	h, s := clientcert.DefaultHeader, clientcert.DefaultSignatureHeader
	value := b64(v.leaf)
	sig := sign(secret, value)
	tests := []struct {
		name    string
		headers []string
		want    clientcert.Reason
	}{
		{"ok/signed", []string{h, value, s, sig}, ""},
		{"fail/missing", []string{h, value}, clientcert.ReasonSignatureInvalid},
		{"fail/wrong", []string{h, value, s, sign([]byte("another secret of 32 bytes......"), value)},
			clientcert.ReasonSignatureInvalid},
		{"fail/other_value", []string{h, value, s, sign(secret, b64(v.other))},
			clientcert.ReasonSignatureInvalid},
		{"fail/padded", []string{h, value, s, sig + "="}, clientcert.ReasonSignatureInvalid},
		{"fail/standard_alphabet", []string{h, value, s, toStd(sig)}, clientcert.ReasonSignatureInvalid},
		{"fail/repeated", []string{h, value, s, sig, s, sig}, clientcert.ReasonSignatureInvalid},
		{"fail/empty", []string{h, value, s, ""}, clientcert.ReasonSignatureInvalid},
	}
	e := newExtractor(t, clientcert.Options{HMACSecret: secret})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := e.Extract(request(trustedPeer, tt.headers...))
			if got := reason(t, err); got != tt.want {
				t.Fatalf("reason %q, want %q (err %v)", got, tt.want, err)
			}
			if tt.want == "" && res.Cert == nil {
				t.Fatal("signed header gave no certificate")
			}
		})
	}
}

// toStd rewrites base64url into the standard alphabet, padded.
func toStd(s string) string {
	b, _ := base64.RawURLEncoding.DecodeString(s)
	return base64.StdEncoding.EncodeToString(b)
}

func TestRejectionError(t *testing.T) {
	cause := errors.New("decoding forwarded certificate: bad")
	err := error(&clientcert.Rejection{Reason: clientcert.ReasonMalformed, Err: cause})
	if got, want := err.Error(), "clientcert: client_cert_malformed: "+cause.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, cause) {
		t.Error("Rejection does not unwrap to its cause")
	}
}

// TestRejectionCarriesNoCertificate pins that no part of the header value
// reaches the error text, which callers log.
func TestRejectionCarriesNoCertificate(t *testing.T) {
	v := newVectors(t)
	value := strings.Replace(v.leafPEM, "MII", "MI*", 1)
	_, err := newExtractor(t, clientcert.Options{}).Extract(request(trustedPeer,
		clientcert.DefaultHeader, value))
	if err == nil || strings.Contains(err.Error(), "MI") || strings.Contains(err.Error(), "BEGIN") {
		t.Fatalf("error text leaks the header: %v", err)
	}
}
