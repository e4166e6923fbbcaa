package clientcert

import (
	"crypto/x509"
	"encoding/asn1"
	"unicode/utf8"
)

var (
	oidSubjectAltName = asn1.ObjectIdentifier{2, 5, 29, 17}
	oidUPN            = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 20, 2, 3}
)

// otherName is the RFC 5280 4.2.1.6 OtherName, inside an implicit [0].
// Value is the whole "[0] EXPLICIT" element; its content is the value.
type otherName struct {
	TypeID asn1.ObjectIdentifier
	Value  asn1.RawValue
}

// upnSANs returns the Microsoft UPN otherNames of the subject alternative
// name extension, which crypto/x509 does not expose. crypto/x509 has
// already checked the extension's structure; anything unexpected here is
// skipped rather than refused.
func upnSANs(c *x509.Certificate) []string {
	for _, ext := range c.Extensions {
		if ext.Id.Equal(oidSubjectAltName) {
			return parseUPNs(ext.Value)
		}
	}
	return nil
}

func parseUPNs(der []byte) []string {
	var names asn1.RawValue
	rest, err := asn1.Unmarshal(der, &names)
	if err != nil || len(rest) > 0 || names.Class != asn1.ClassUniversal ||
		names.Tag != asn1.TagSequence {
		return nil
	}

	var upns []string
	for rest = names.Bytes; len(rest) > 0; {
		var gn asn1.RawValue
		if rest, err = asn1.Unmarshal(rest, &gn); err != nil {
			return upns
		}
		if gn.Class != asn1.ClassContextSpecific || gn.Tag != 0 {
			continue
		}
		if upn, ok := parseUPN(gn.FullBytes); ok {
			upns = append(upns, upn)
		}
	}
	return upns
}

// parseUPN reads one otherName; ok is false unless it is a UTF8String UPN.
func parseUPN(full []byte) (string, bool) {
	var on otherName
	rest, err := asn1.UnmarshalWithParams(full, &on, "tag:0")
	if err != nil || len(rest) > 0 || !on.TypeID.Equal(oidUPN) {
		return "", false
	}
	if on.Value.Class != asn1.ClassContextSpecific || on.Value.Tag != 0 || !on.Value.IsCompound {
		return "", false
	}
	var v asn1.RawValue
	rest, err = asn1.Unmarshal(on.Value.Bytes, &v)
	if err != nil || len(rest) > 0 || v.Class != asn1.ClassUniversal ||
		v.Tag != asn1.TagUTF8String || !utf8.Valid(v.Bytes) {
		return "", false
	}
	return string(v.Bytes), true
}
