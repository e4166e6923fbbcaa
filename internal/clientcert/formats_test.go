package clientcert_test

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/crudservice/crudsvc/internal/clientcert"
)

// vectors holds header values, built from the captured certificates the
// way each proxy encodes them, for the forms no capture covers.
type vectors struct {
	leafPEM, chainPEM, otherPEM string // client.crt, client+intermediate, client2.crt
	leaf, inter, other          []byte // DER
}

func newVectors(t testing.TB) vectors {
	t.Helper()
	leafPEM, leaf := readPEM(t, "client.crt")
	chainPEM, chain := readPEM(t, "client-chain.crt")
	otherPEM, other := readPEM(t, "client2.crt")
	return vectors{leafPEM, chainPEM, otherPEM, leaf[0], chain[1], other[0]}
}

func b64(der ...[]byte) string {
	return base64.StdEncoding.EncodeToString([]byte(strings.Join(toStrings(der), "")))
}

func toStrings(bs [][]byte) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = string(b)
	}
	return out
}

// albEscape encodes PEM as AWS ALB does: '+', '/' and '=' stay as they are.
func albEscape(pem string) string {
	return strings.NewReplacer(" ", "%20", "\n", "%0A").Replace(pem)
}

// escapeAll percent-encodes every byte outside the RFC 3986 unreserved set
// with lower-case hex, as Envoy writes XFCC Cert and Chain.
func escapeAll(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			strings.IndexByte("-_.~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02x", c)
	}
	return b.String()
}

const xfccSubject = `Subject="CN=svc-client,OU=Payments,O=Acme,C=US"`

func TestFormats(t *testing.T) {
	v := newVectors(t)
	tps := expectedThumbprints(t)
	client, client2 := tps["client.crt"], tps["client2.crt"]
	hash := "Hash=0123abcd"
	tests := []struct {
		name   string
		header string
		format clientcert.Format
		fromR  int
		value  string
		want   string
		chain  int
	}{
		{"ok/alb_half_escaped", "X-Amzn-Mtls-Clientcert", "", 0, albEscape(v.leafPEM), client, 0},
		{"ok/alb_chain", "X-Amzn-Mtls-Clientcert", "", 0, albEscape(v.chainPEM), client, 1},
		{"ok/traefik_escaped_pre_2_9_2", "", "", 0,
			url.QueryEscape(b64(v.leaf) + "," + b64(v.inter)), client, 1},
		{"ok/traefik_explicit", "", clientcert.FormatTraefik, 0, b64(v.leaf) + "," + b64(v.inter), client, 1},
		{"ok/pem_crlf", "", clientcert.FormatPEM, 0, strings.ReplaceAll(v.leafPEM, "\n", "\r\n"), client, 0},
		{"ok/pem_chain_space_joined", "", "", 0, strings.ReplaceAll(v.chainPEM, "\n", " "), client, 1},
		{"ok/nginx_explicit", "", clientcert.FormatNginx, 0, escapeAll(v.leafPEM), client, 0},
		{"ok/der_base64", "", clientcert.FormatDERBase64, 0, b64(v.leaf), client, 0},
		{"ok/der_base64_concatenated", "", clientcert.FormatDERBase64, 0, b64(v.leaf, v.inter), client, 1},
		{"ok/der_base64_concatenated_auto", "", "", 0, b64(v.leaf, v.inter), client, 1},
		{"ok/rfc9440", "Client-Cert", "", 0, ":" + b64(v.leaf) + ":", client, 0},
		{"ok/rfc9440_params", "Client-Cert", clientcert.FormatRFC9440, 0, ":" + b64(v.leaf) + ":;a=1", client, 0},
		{"ok/xfcc_single", "x-forwarded-client-cert", "", 0,
			hash + `;Cert="` + escapeAll(v.leafPEM) + `";` + xfccSubject + ";URI=spiffe://x/y;DNS=client.example.com",
			client, 0},
		{"ok/xfcc_unquoted_cert", "x-forwarded-client-cert", "", 0,
			"By=spiffe://x/svc;" + hash + ";Cert=" + escapeAll(v.leafPEM), client, 0},
		{"ok/xfcc_rightmost_wins", "x-forwarded-client-cert", "", 0,
			"Cert=" + escapeAll(v.otherPEM) + ",By=a;" + hash + ";Cert=" + escapeAll(v.leafPEM), client, 0},
		{"ok/xfcc_second_from_right", "x-forwarded-client-cert", "", 2,
			"Cert=" + escapeAll(v.otherPEM) + ",By=a;Cert=" + escapeAll(v.leafPEM) +
				`,By=spiffe://x/sidecar;` + hash + `;Subject="";URI=spiffe://x/y`, client, 0},
		{"ok/xfcc_quoted_commas_and_escapes", "x-forwarded-client-cert", clientcert.FormatXFCC, 0,
			`By=a;Subject="CN=\"x,y\";O=z, Inc.";Cert="` + escapeAll(v.leafPEM) + `"`, client, 0},
		{"ok/xfcc_chain_key", "x-forwarded-client-cert", "", 0,
			"Cert=" + escapeAll(v.leafPEM) + ";Chain=" + escapeAll(v.chainPEM), client, 1},
		{"ok/xfcc_chain_only", "x-forwarded-client-cert", "", 0, "Chain=" + escapeAll(v.chainPEM), client, 1},
		{"ok/xfcc_auto_any_header", "", "", 0, "Hash=ab;Cert=" + escapeAll(v.otherPEM), client2, 0},
		{"ok/xfcc_no_cert_key", "x-forwarded-client-cert", "", 0, "By=spiffe://x;" + hash, "", 0},
		{"ok/xfcc_too_few_elements", "x-forwarded-client-cert", "", 2, "Cert=" + escapeAll(v.leafPEM), "", 0},
		{"ok/placeholder", "", "", 0, "{http.request.tls.client.certificate_der_base64}", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header := tt.header
			if header == "" {
				header = clientcert.DefaultHeader
			}
			e := newExtractor(t, clientcert.Options{
				Header: header, Format: tt.format, XFCCElementFromRight: tt.fromR,
			})
			res, err := e.Extract(request(trustedPeer, header, tt.value))
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			checkResult(t, res, tt.want, tt.chain)
		})
	}
}

// TestFormatIsStrict checks that naming a format refuses the others.
func TestFormatIsStrict(t *testing.T) {
	v := newVectors(t)
	tests := []struct {
		name   string
		format clientcert.Format
		value  string
	}{
		{"fail/rfc9440_given_pem", clientcert.FormatRFC9440, v.leafPEM},
		{"fail/der_base64_given_list", clientcert.FormatDERBase64, b64(v.leaf) + "," + b64(v.inter)},
		{"fail/traefik_given_pem", clientcert.FormatTraefik, escapeAll(v.leafPEM)},
		{"fail/pem_given_base64", clientcert.FormatPEM, b64(v.leaf)},
		{"fail/xfcc_given_base64", clientcert.FormatXFCC, b64(v.leaf)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newExtractor(t, clientcert.Options{Format: tt.format})
			_, err := e.Extract(request(trustedPeer, clientcert.DefaultHeader, tt.value))
			if got := reason(t, err); got != clientcert.ReasonMalformed {
				t.Fatalf("reason %q, want %q (err %v)", got, clientcert.ReasonMalformed, err)
			}
		})
	}
}
