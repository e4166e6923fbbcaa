package clientcert

import (
	"encoding/json"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// captureValues returns every header value recorded in testdata/captured.
func captureValues(f *testing.F) []string {
	f.Helper()
	files, err := filepath.Glob("testdata/captured/*.json")
	if err != nil || len(files) == 0 {
		f.Fatalf("no captures: %v", err)
	}
	var out []string
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		var c struct{ Headers map[string]string }
		if err := json.Unmarshal(data, &c); err != nil {
			f.Fatal(err)
		}
		for _, v := range c.Headers {
			out = append(out, v)
		}
	}
	return out
}

var allFormats = []Format{FormatAuto, FormatTraefik, FormatNginx, FormatXFCC, FormatPEM,
	FormatDERBase64, FormatRFC9440}

// FuzzDecode runs every decoder, then the whole extraction, on arbitrary
// header values. Beyond not panicking, decoded certificates must fit in
// the input and respect the chain cap.
func FuzzDecode(f *testing.F) {
	for _, v := range captureValues(f) {
		f.Add(v)
	}
	f.Add(":MAA=:")
	f.Add("By=a;Cert=\"%2D\";Subject=\"x\\\"y,z\"")
	f.Add("{http.request.tls.client.certificate_der_base64}")

	prefixes := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	extractors := make([]*Extractor, len(allFormats))
	for i, format := range allFormats {
		e, err := NewExtractor(Options{Format: format, TrustedProxies: prefixes})
		if err != nil {
			f.Fatal(err)
		}
		extractors[i] = e
	}
	f.Fuzz(func(t *testing.T, value string) {
		// Decoding is cheap: try every format. Parsing is not: only the
		// format auto would pick, which sees every decoder in turn.
		for _, format := range allFormats {
			ders, err := decoder{format: format, xfccFromRight: 1}.decode(value)
			checkDERs(t, value, ders, err)
		}
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = "10.0.0.1:1"
		r.Header.Set(DefaultHeader, value)
		res, err := extractors[0].Extract(r)
		if err != nil && res.Cert != nil {
			t.Fatalf("rejection with a certificate")
		}
	})
}

func checkDERs(t *testing.T, value string, ders [][]byte, err error) {
	t.Helper()
	if err != nil && ders != nil {
		t.Fatalf("error with certificates: %v", err)
	}
	if len(ders) > maxChainLen {
		t.Fatalf("%d certificates", len(ders))
	}
	total := 0
	for _, d := range ders {
		if len(d) == 0 {
			t.Fatal("empty certificate")
		}
		total += len(d)
	}
	if total > len(value) {
		t.Fatalf("decoded %d bytes from %d", total, len(value))
	}
}

// FuzzXFCC runs the XFCC parser on arbitrary values and checks that a
// quoted Subject holding any bytes never changes which Cert is read.
func FuzzXFCC(f *testing.F) {
	for _, v := range captureValues(f) {
		f.Add(v, `CN=a,O="b"`)
	}
	f.Add(`By=spiffe://x;Hash=ab;Subject="CN=\"x,y\";z";URI=spiffe://a,By=b;Cert=%2D`, `\`)
	f.Add(`Cert="a\"b";Chain=c,,`, `";Cert=x`)

	leafPEM, err := os.ReadFile("testdata/captured/client.crt")
	if err != nil {
		f.Fatal(err)
	}
	var good derList
	if err := decodePEM(string(leafPEM), &good); err != nil {
		f.Fatal(err)
	}
	cert := strings.NewReplacer("\n", "%0A", " ", "%20", "+", "%2B").Replace(string(leafPEM))

	f.Fuzz(func(t *testing.T, raw, subject string) {
		for n := 1; n <= 3; n++ {
			var l derList
			err := decodeXFCC(raw, n, &l)
			checkDERs(t, raw, nilIfErr(l.ders, err), err)
		}

		quoted := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(subject)
		value := `By=a;Subject="` + quoted + `";Cert=` + cert
		var l derList
		if err := decodeXFCC(value, 1, &l); err != nil {
			t.Fatalf("quoted subject broke parsing: %v", err)
		}
		if len(l.ders) != 1 || string(l.ders[0]) != string(good.ders[0]) {
			t.Fatalf("quoted subject changed the certificate")
		}
	})
}

func nilIfErr(ders [][]byte, err error) [][]byte {
	if err != nil {
		return nil
	}
	return ders
}
