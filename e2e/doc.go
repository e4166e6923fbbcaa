// Package e2e runs crudsvc behind a real nginx that terminates mutual TLS
// and drives the acceptance matrix of SPEC section 4.0 with curl. The tests
// need the build tag integration and the nginx, openssl and curl commands:
//
//	go test -tags integration -v ./e2e/
package e2e
