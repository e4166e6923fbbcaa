package clientcert_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/crudservice/crudsvc/internal/clientcert"
)

func ExampleExtractor_Extract() {
	proxies, err := clientcert.ParseCIDRs("10.0.0.0/8, fd00::/8")
	if err != nil {
		panic(err)
	}
	extractor, err := clientcert.NewExtractor(clientcert.Options{TrustedProxies: proxies})
	if err != nil {
		panic(err)
	}

	r := httptest.NewRequest(http.MethodGet, "/execute", nil)
	r.RemoteAddr = "10.0.0.7:52100"
	r.Header.Add(clientcert.DefaultHeader, "MIIC")
	r.Header.Add(clientcert.DefaultHeader, "MIIC")

	res, err := extractor.Extract(r)
	var rej *clientcert.Rejection
	switch {
	case errors.As(err, &rej):
		fmt.Println("400 invalid_request:", rej.Reason)
	case res.Cert != nil:
		fmt.Println("certificate", res.Cert.Thumbprint, "from", res.Source)
	default:
		fmt.Println("no certificate")
	}
	// Output: 400 invalid_request: client_cert_duplicated
}
