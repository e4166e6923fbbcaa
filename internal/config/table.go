package config

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// setting describes one setting: its name in the environment and in
// crud.yaml, its default, and how its text becomes a field of Settings.
type setting struct {
	name   string
	def    string
	secret bool
	set    func(s *Settings, v string) error
	get    func(s *Settings) string
}

// table is the single place where settings and their defaults are declared.
var table = []setting{
	str("LISTEN_ADDR", ":8000", func(s *Settings) *string { return &s.ListenAddr }),
	choice("INBOUND_AUTH_MODE", ModeBearer, Modes, func(s *Settings) *string { return &s.AuthMode }),
	list("BINDING_REQUIRED_PATHS", "", func(s *Settings) *[]string { return &s.BindingRequiredPaths }),
	str("FORWARDED_CLIENT_CERT_HEADER", "X-Forwarded-Tls-Client-Cert",
		func(s *Settings) *string { return &s.ForwardedCertHeader }),
	choice("FORWARDED_CLIENT_CERT_FORMAT", "auto", CertFormats,
		func(s *Settings) *string { return &s.ForwardedCertFormat }),
	{name: "TRUSTED_PROXY_CIDRS", set: setCIDRs, get: getCIDRs},
	positive("MAX_CLIENT_CERT_SIZE", "32768", func(s *Settings) *int { return &s.MaxClientCertSize }),
	str("FORWARDED_CLIENT_VERIFY_HEADER", "", func(s *Settings) *string { return &s.ForwardedVerifyHeader }),
	positive("XFCC_ELEMENT_FROM_RIGHT", "1", func(s *Settings) *int { return &s.XFCCElementFromRight }),
	secret("FORWARDED_CLIENT_CERT_HMAC_SECRET", func(s *Settings) *string { return &s.ForwardedCertHMACSecret }),
	str("FORWARDED_CLIENT_CERT_SIGNATURE_HEADER", "X-Forwarded-Tls-Client-Cert-Signature",
		func(s *Settings) *string { return &s.ForwardedCertSignatureHeader }),
	str("CERT_IDENTITY_MAPPINGS", "", func(s *Settings) *string { return &s.CertIdentityMappings }),
	str("CERT_THUMBPRINT_BLOCKLIST", "", func(s *Settings) *string { return &s.CertThumbprintBlocklist }),
	str("JWT_ISSUER", "", func(s *Settings) *string { return &s.JWTIssuer }),
	list("JWT_AUDIENCE", "", func(s *Settings) *[]string { return &s.JWTAudience }),
	str("JWKS_URL", "", func(s *Settings) *string { return &s.JWKSURL }),
	str("JWKS_FILE", "", func(s *Settings) *string { return &s.JWKSFile }),
	choices("JWT_ALGORITHMS", "RS256,PS256,ES256,EdDSA", Algorithms,
		func(s *Settings) *[]string { return &s.JWTAlgorithms }),
	duration("JWT_LEEWAY", "60s", func(s *Settings) *time.Duration { return &s.JWTLeeway }),
	str("TLS_CERT_FILE", "", func(s *Settings) *string { return &s.TLSCertFile }),
	str("TLS_KEY_FILE", "", func(s *Settings) *string { return &s.TLSKeyFile }),
	str("TLS_CLIENT_CA_FILE", "", func(s *Settings) *string { return &s.TLSClientCAFile }),
	choice("TLS_CLIENT_AUTH", "require", []string{"require", "optional"},
		func(s *Settings) *string { return &s.TLSClientAuth }),
	list("KAFKA_BROKERS", "", func(s *Settings) *[]string { return &s.KafkaBrokers }),
	str("KAFKA_TOPIC_PREFIX", "crud", func(s *Settings) *string { return &s.KafkaTopicPrefix }),
	str("STATE_DATABASE_URL", "sqlite:./data/state.db", func(s *Settings) *string { return &s.StateDatabaseURL }),
	choice("LOG_LEVEL", "info", []string{"debug", "info", "warn", "error"},
		func(s *Settings) *string { return &s.LogLevel }),
	choice("LOG_FORMAT", "json", []string{"json", "text"}, func(s *Settings) *string { return &s.LogFormat }),
}

func str(name, def string, field func(*Settings) *string) setting {
	return setting{
		name: name, def: def,
		set: func(s *Settings, v string) error { *field(s) = v; return nil },
		get: func(s *Settings) string { return *field(s) },
	}
}

func secret(name string, field func(*Settings) *string) setting {
	st := str(name, "", field)
	st.secret = true
	return st
}

func choice(name, def string, valid []string, field func(*Settings) *string) setting {
	return setting{
		name: name, def: def,
		set: func(s *Settings, v string) error {
			if !contains(valid, v) {
				return fmt.Errorf("valid choices: %s", strings.Join(valid, ", "))
			}
			*field(s) = v
			return nil
		},
		get: func(s *Settings) string { return *field(s) },
	}
}

func list(name, def string, field func(*Settings) *[]string) setting {
	return setting{
		name: name, def: def,
		set: func(s *Settings, v string) error { *field(s) = splitList(v); return nil },
		get: func(s *Settings) string { return strings.Join(*field(s), ",") },
	}
}

func choices(name, def string, valid []string, field func(*Settings) *[]string) setting {
	return setting{
		name: name, def: def,
		set: func(s *Settings, v string) error {
			items := splitList(v)
			if len(items) == 0 {
				return fmt.Errorf("at least one is required; valid choices: %s", strings.Join(valid, ", "))
			}
			for _, it := range items {
				if !contains(valid, it) {
					return fmt.Errorf("%q is not allowed; valid choices: %s", it, strings.Join(valid, ", "))
				}
			}
			*field(s) = items
			return nil
		},
		get: func(s *Settings) string { return strings.Join(*field(s), ",") },
	}
}

func positive(name, def string, field func(*Settings) *int) setting {
	return setting{
		name: name, def: def,
		set: func(s *Settings, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				return fmt.Errorf("must be a positive whole number")
			}
			*field(s) = n
			return nil
		},
		get: func(s *Settings) string { return strconv.Itoa(*field(s)) },
	}
}

func duration(name, def string, field func(*Settings) *time.Duration) setting {
	return setting{
		name: name, def: def,
		set: func(s *Settings, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return fmt.Errorf("must be a duration such as 30s or 2m")
			}
			*field(s) = d
			return nil
		},
		get: func(s *Settings) string { return field(s).String() },
	}
}

func setCIDRs(s *Settings, v string) error {
	s.TrustedProxies = nil
	for _, item := range splitList(v) {
		p, err := parsePrefix(item)
		if err != nil {
			return fmt.Errorf("%q is not a CIDR or IP address", item)
		}
		s.TrustedProxies = append(s.TrustedProxies, p)
	}
	return nil
}

func getCIDRs(s *Settings) string {
	out := make([]string, len(s.TrustedProxies))
	for i, p := range s.TrustedProxies {
		out[i] = p.String()
	}
	return strings.Join(out, ",")
}

// parsePrefix accepts a CIDR or a bare address (a single host). IPv4-mapped
// IPv6 prefixes are unmapped so they match IPv4 peers.
func parsePrefix(item string) (netip.Prefix, error) {
	if !strings.Contains(item, "/") {
		a, err := netip.ParseAddr(item)
		if err != nil {
			return netip.Prefix{}, err
		}
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(item)
	if err != nil {
		return netip.Prefix{}, err
	}
	if p.Addr().Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	return p.Masked(), nil
}

func splitList(v string) []string {
	var out []string
	for _, it := range strings.Split(v, ",") {
		if it = strings.TrimSpace(it); it != "" {
			out = append(out, it)
		}
	}
	return out
}

func contains(list []string, v string) bool {
	for _, it := range list {
		if it == v {
			return true
		}
	}
	return false
}
