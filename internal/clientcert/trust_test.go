package clientcert_test

import (
	"crypto/tls"
	"crypto/x509"
	"net/netip"
	"slices"
	"testing"

	"github.com/crudservice/crudsvc/internal/clientcert"
)

func TestTrust(t *testing.T) {
	v := newVectors(t)
	value := b64(v.leaf)
	h := clientcert.DefaultHeader
	tests := []struct {
		name    string
		cidrs   string
		peer    string
		headers []string
		trusted bool
	}{
		{"ok/ipv4", "10.0.0.0/8", "10.9.8.7:5000", nil, true},
		{"ok/ipv4_bare_address", "10.9.8.7", "10.9.8.7:5000", nil, true},
		{"ok/ipv6", "2001:db8::/32", "[2001:db8::5]:443", nil, true},
		{"ok/ipv4_mapped_peer", "10.0.0.0/8", "[::ffff:10.0.0.5]:1234", nil, true},
		{"ok/ipv4_mapped_prefix", "::ffff:10.0.0.0/104", "10.0.0.5:1234", nil, true},
		{"ok/ipv6_zone", "fe80::/10", "[fe80::1%eth0]:80", nil, true},
		{"ok/peer_without_port", "10.0.0.0/8", "10.0.0.5", nil, true},
		{"ok/xff_untrusted_does_not_matter", "10.0.0.0/8", "10.0.0.5:1",
			[]string{"X-Forwarded-For", "203.0.113.1"}, true},
		{"fail/untrusted_forged_header", "10.0.0.0/8", untrustedPeer, nil, false},
		{"fail/xff_names_trusted_proxy", "10.0.0.0/8", untrustedPeer,
			[]string{"X-Forwarded-For", "10.0.0.5", "X-Real-Ip", "10.0.0.5"}, false},
		{"fail/empty_list_trusts_nobody", "", "10.0.0.5:1", nil, false},
		{"fail/ipv6_outside", "2001:db8::/32", "[2001:db9::5]:443", nil, false},
		{"fail/mapped_outside", "10.0.0.0/8", "[::ffff:11.0.0.5]:1", nil, false},
		{"fail/unparseable_peer", "0.0.0.0/0", "pipe", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newExtractor(t, clientcert.Options{TrustedProxies: orEmpty(mustCIDRs(t, tt.cidrs))})
			res, err := e.Extract(request(tt.peer, append([]string{h, value}, tt.headers...)...))
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if got := res.Cert != nil; got != tt.trusted {
				t.Fatalf("certificate used = %v, want %v", got, tt.trusted)
			}
			if res.IgnoredUntrusted == tt.trusted {
				t.Errorf("IgnoredUntrusted = %v", res.IgnoredUntrusted)
			}
		})
	}
}

func orEmpty(p []netip.Prefix) []netip.Prefix {
	if p == nil {
		return []netip.Prefix{}
	}
	return p
}

// TestUntrustedIsNeverRejected pins that a bad header from an untrusted
// peer is ignored, not refused: it is not the proxy's.
func TestUntrustedIsNeverRejected(t *testing.T) {
	h := clientcert.DefaultHeader
	res, err := newExtractor(t, clientcert.Options{}).Extract(request(untrustedPeer, h, "x", h, "y"))
	if err != nil || !res.IgnoredUntrusted || res.Source != clientcert.SourceNone {
		t.Fatalf("got %+v, %v", res, err)
	}
}

func TestNoHeader(t *testing.T) {
	res, err := newExtractor(t, clientcert.Options{}).Extract(request(untrustedPeer))
	if err != nil || res != (clientcert.Result{Source: clientcert.SourceNone}) {
		t.Fatalf("got %+v, %v", res, err)
	}
}

func TestDirectTLS(t *testing.T) {
	v := newVectors(t)
	leaf, inter := parseDER(t, v.leaf), parseDER(t, v.inter)
	e := newExtractor(t, clientcert.Options{})
	forged := b64(v.other)

	r := request(trustedPeer, clientcert.DefaultHeader, forged)
	r.TLS = &tls.ConnectionState{PeerCertificates: []*x509.Certificate{leaf, inter}}
	res, err := e.Extract(r)
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	if res.Source != clientcert.SourceTLS || res.Cert.Thumbprint != expectedThumbprints(t)["client.crt"] ||
		len(res.Cert.Chain) != 1 {
		t.Fatalf("got %+v", res)
	}

	// Without a client certificate the header rules apply as usual (a
	// proxy that re-encrypts still forwards the header).
	r.TLS = &tls.ConnectionState{}
	res, err = e.Extract(r)
	if err != nil || res.Source != clientcert.SourceHeader ||
		res.Cert.Thumbprint != expectedThumbprints(t)["client2.crt"] {
		t.Fatalf("got %+v, %v", res, err)
	}
}

func TestVerifyHeader(t *testing.T) {
	v := newVectors(t)
	h, vh := "ssl-client-cert", "ssl-client-verify"
	value := escapeAll(v.leafPEM)
	tests := []struct {
		name       string
		headers    []string
		cert       bool
		verifyFail bool
	}{
		{"ok/success", []string{h, value, vh, "SUCCESS"}, true, false},
		{"ok/no_cert_none", []string{vh, "NONE"}, false, false},
		{"ok/null_cert_none", []string{h, "(null)", vh, "NONE"}, false, false},
		{"ok/empty_cert_none", []string{h, "", vh, "NONE"}, false, false},
		{"fail/failed", []string{h, value, vh, "FAILED:certificate has expired"}, false, true},
		{"fail/missing", []string{h, value}, false, true},
		{"fail/lower_case", []string{h, value, vh, "success"}, false, true},
		{"fail/repeated", []string{h, value, vh, "SUCCESS", vh, "SUCCESS"}, false, true},
	}
	e := newExtractor(t, clientcert.Options{Header: h, VerifyHeader: vh})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := e.Extract(request(trustedPeer, tt.headers...))
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if (res.Cert != nil) != tt.cert || res.VerifyFailed != tt.verifyFail {
				t.Fatalf("cert %v verifyFailed %v, want %v %v",
					res.Cert != nil, res.VerifyFailed, tt.cert, tt.verifyFail)
			}
		})
	}
}

func TestParseCIDRs(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
		fail     bool
	}{
		{name: "ok/empty", in: ""},
		{name: "ok/mixed", in: " 10.0.0.0/8, 192.168.1.7 ,::1,2001:db8::/32,,",
			want: []string{"10.0.0.0/8", "192.168.1.7/32", "::1/128", "2001:db8::/32"}},
		{name: "ok/masked", in: "10.1.2.3/8", want: []string{"10.0.0.0/8"}},
		{name: "ok/mapped", in: "::ffff:10.1.2.3,::ffff:10.0.0.0/104",
			want: []string{"10.1.2.3/32", "10.0.0.0/8"}},
		{name: "fail/garbage", in: "10.0.0.0/8,proxy", fail: true},
		{name: "fail/bad_bits", in: "10.0.0.0/33", fail: true},
		{name: "fail/mapped_too_wide", in: "::ffff:0:0/95", fail: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := clientcert.ParseCIDRs(tt.in)
			if (err != nil) != tt.fail {
				t.Fatalf("err = %v, want failure %v", err, tt.fail)
			}
			var s []string
			for _, p := range got {
				s = append(s, p.String())
			}
			if !slices.Equal(s, tt.want) {
				t.Errorf("got %v, want %v", s, tt.want)
			}
		})
	}
}
