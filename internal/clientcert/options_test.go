package clientcert_test

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/crudservice/crudsvc/internal/clientcert"
)

func TestNewExtractorOptions(t *testing.T) {
	tests := []struct {
		name string
		opts clientcert.Options
		want string // "" for success, else a substring of the error
	}{
		{"ok/zero", clientcert.Options{}, ""},
		{"ok/upper_case_format", clientcert.Options{Format: "XFCC"}, ""},
		{"fail/format", clientcert.Options{Format: "envoy"}, `unknown header format "envoy"`},
		{"fail/negative_size", clientcert.Options{MaxSize: -1}, "max size"},
		{"fail/negative_element", clientcert.Options{XFCCElementFromRight: -2}, "xfcc element"},
		{"fail/short_secret", clientcert.Options{HMACSecret: []byte("short")}, "at least 16 bytes"},
		{"fail/header_name", clientcert.Options{Header: "bad header"}, "invalid header name"},
		{"fail/verify_header_name", clientcert.Options{VerifyHeader: "a:b"}, "invalid verify header"},
		{"fail/verify_is_cert_header", clientcert.Options{VerifyHeader: clientcert.DefaultHeader},
			"verify header must differ"},
		{"fail/same_headers", clientcert.Options{SignatureHeader: "x-forwarded-tls-client-cert"},
			"must differ"},
		{"fail/invalid_prefix", clientcert.Options{TrustedProxies: []netip.Prefix{{}}}, "invalid trusted proxy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := clientcert.NewExtractor(tt.opts)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	for _, name := range clientcert.FormatNames() {
		f, err := clientcert.ParseFormat(" " + strings.ToUpper(name) + " ")
		if err != nil || string(f) != name {
			t.Errorf("ParseFormat(%q) = %q, %v", name, f, err)
		}
	}
	if f, err := clientcert.ParseFormat(""); err != nil || f != clientcert.FormatAuto {
		t.Errorf("empty format = %q, %v", f, err)
	}
	want := []string{"auto", "traefik", "nginx", "xfcc", "pem", "der-base64", "rfc9440"}
	if got := clientcert.FormatNames(); !slices.Equal(got, want) {
		t.Errorf("FormatNames() = %v", got)
	}
	clientcert.FormatNames()[0] = "changed"
	if clientcert.FormatNames()[0] != "auto" {
		t.Error("FormatNames shares its backing array")
	}
}
