package authn

import (
	"errors"
	"net/http"
	"strings"

	"github.com/crudservice/crudsvc/internal/tokenverify"
)

// token reads the bearer token (RFC 6750 section 2.1, header only) and
// verifies it. Tokens in query strings or form bodies are not accepted.
func (a *Authenticator) token(r *http.Request) (*Principal, *tokenverify.Claims, *failure) {
	values := r.Header.Values("Authorization")
	if len(values) == 0 {
		return nil, nil, refused(ReasonTokenMissing, "no authorization header")
	}
	if len(values) > 1 {
		return nil, nil, refused(ReasonTokenInvalid, "authorization header repeated")
	}
	scheme, raw, ok := strings.Cut(values[0], " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return nil, nil, refused(ReasonTokenMissing, "authorization scheme is not Bearer")
	}
	if raw == "" {
		return nil, nil, refused(ReasonTokenInvalid, "empty bearer token")
	}

	claims, err := a.o.Tokens.Verify(r.Context(), raw)
	if err != nil {
		return nil, nil, refused(ReasonTokenInvalid, tokenCheck(err))
	}
	if claims.Subject == "" && claims.ClientID == "" {
		return nil, nil, refused(ReasonTokenInvalid, "check=subject: token has neither sub nor client_id")
	}
	id := claims.Subject
	if id == "" {
		id = claims.ClientID
	}
	return &Principal{
		ARN:      "auth:account:" + a.o.Provider + ":" + id,
		Subject:  claims.Subject,
		ClientID: claims.ClientID,
		Scope:    claims.Scope,
	}, claims, nil
}

// tokenCheck names the failed check for the log. Verifier errors never
// carry token material.
func tokenCheck(err error) string {
	var inv *tokenverify.InvalidError
	if errors.As(err, &inv) {
		return "check=" + inv.Check + ": " + err.Error()
	}
	return err.Error()
}
