package clientcert

import (
	"fmt"
	"net/netip"
	"strings"
)

// ParseCIDRs parses a comma-separated list of CIDRs (TRUSTED_PROXY_CIDRS).
// A bare address stands for itself (/32 or /128). Empty items are skipped;
// the empty string gives an empty list, which trusts nobody.
func ParseCIDRs(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		p, err := parsePrefix(item)
		if err != nil {
			return nil, fmt.Errorf("clientcert: trusted proxy %q: %w", item, err)
		}
		out = append(out, p)
	}
	return normalizePrefixes(out)
}

func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		return netip.ParsePrefix(s)
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// normalizePrefixes masks each prefix and turns IPv4-mapped IPv6 prefixes
// into IPv4 ones, so that they match the unmapped peer address.
func normalizePrefixes(in []netip.Prefix) ([]netip.Prefix, error) {
	out := make([]netip.Prefix, 0, len(in))
	for _, p := range in {
		if !p.IsValid() {
			return nil, fmt.Errorf("clientcert: invalid trusted proxy prefix %q", p)
		}
		if a := p.Addr(); a.Is4In6() {
			if p.Bits() < 96 {
				return nil, fmt.Errorf("clientcert: trusted proxy prefix %s is wider "+
					"than the IPv4-mapped range", p)
			}
			p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// peerAddr returns the TCP peer of r.RemoteAddr ("host:port", or a bare
// address as some test servers set it), unmapped and without zone.
func peerAddr(remote string) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(remote); err == nil {
		return ap.Addr().Unmap().WithZone(""), true
	}
	if a, err := netip.ParseAddr(remote); err == nil {
		return a.Unmap().WithZone(""), true
	}
	return netip.Addr{}, false
}

// trusted reports whether remote lies in one of the prefixes. Only the TCP
// peer counts: X-Forwarded-For is written by whoever sent the request.
func trusted(prefixes []netip.Prefix, remote string) bool {
	if len(prefixes) == 0 {
		return false
	}
	a, ok := peerAddr(remote)
	if !ok {
		return false
	}
	for _, p := range prefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
