package identity

import (
	"errors"
	"fmt"
	"time"

	"github.com/crudservice/crudsvc/internal/clientcert"
)

// Mapping is the identity a certificate maps to.
type Mapping struct {
	// ARN is the canonical identity, for example
	// auth:account:x509:sha256:{thumbprint}.
	ARN string
	// Rule names what produced ARN, for the log: thumbprint_map,
	// email_san, rule:<name> or default.
	Rule string
}

// Values of Mapping.Rule other than rule:<name>.
const (
	RuleThumbprintMap = "thumbprint_map"
	RuleEmailSAN      = "email_san"
	RuleDefault       = "default"
)

// ARN prefixes of the built-in mappings.
const (
	emailARNPrefix   = "auth:account:x509:email:"
	defaultARNPrefix = "auth:account:x509:sha256:"
)

// Map checks c against the policy and returns its identity. The caller has
// already refused blocklisted thumbprints (Blocked). The steps, in order:
//
//  1. validity: a leaf outside its validity period gives ErrExpired;
//  2. constraints: allowed_issuers, then allowed_policy_oids, each giving a
//     *ConstraintError when not met;
//  3. mapping by precedence: thumbprint_map, email SAN in an allowed
//     domain, rules in file order, default.
func (p *Snapshot) Map(c *clientcert.Certificate, now time.Time) (Mapping, error) {
	if c == nil {
		return Mapping{}, errors.New("identity: no certificate to map")
	}
	if err := checkValidity(c, now); err != nil {
		return Mapping{}, err
	}
	pol := p.policy
	if pol == nil { // zero Snapshot: the empty policy
		pol = &Policy{}
	}
	if err := pol.checkConstraints(c); err != nil {
		return Mapping{}, err
	}
	return pol.mapIdentity(c), nil
}

// checkValidity refuses a leaf that is expired or not yet valid. The edge
// verified the chain, possibly with a stale clock or a cached session, so
// the service checks again (RFC 5280 section 4.1.2.5: both ends inclusive).
func checkValidity(c *clientcert.Certificate, now time.Time) error {
	switch {
	case now.Before(c.NotBefore):
		return fmt.Errorf("%w: not valid before %s", ErrExpired, c.NotBefore.UTC().Format(time.RFC3339))
	case now.After(c.NotAfter):
		return fmt.Errorf("%w: expired at %s", ErrExpired, c.NotAfter.UTC().Format(time.RFC3339))
	}
	return nil
}

func (pol *Policy) mapIdentity(c *clientcert.Certificate) Mapping {
	if arn, ok := pol.thumbprints[c.Thumbprint]; ok {
		return Mapping{ARN: arn, Rule: RuleThumbprintMap}
	}
	if arn, ok := pol.mapEmail(c.EmailSANs); ok {
		return Mapping{ARN: arn, Rule: RuleEmailSAN}
	}
	if len(pol.rules) > 0 {
		var v values
		v[phThumbprint] = c.Thumbprint
		for _, r := range pol.rules {
			if arn, ok := r.apply(c.URISANs, c.DNSSANs, c.UPNSANs, &v); ok {
				return Mapping{ARN: arn, Rule: r.label}
			}
		}
	}
	return Mapping{ARN: defaultARNPrefix + c.Thumbprint, Rule: RuleDefault}
}

// mapEmail maps the first email SAN whose domain is exactly one of
// allowed_email_domains. Without that list the email step is off: an email
// SAN is only as trustworthy as the domains the operator vouches for.
func (pol *Policy) mapEmail(emails []string) (string, bool) {
	if pol.emailDomains == nil {
		return "", false
	}
	for _, e := range emails {
		local, domain, ok := splitAddress(e)
		if !ok {
			continue
		}
		if _, allowed := pol.emailDomains[domain]; !allowed {
			continue
		}
		arn := emailARNPrefix + local + "@" + domain
		if safeValue(arn) {
			return arn, true
		}
	}
	return "", false
}
