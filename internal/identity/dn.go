package identity

import (
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// A distinguished name is compared structurally: both sides are parsed into
// their sequence of RDNs, attribute types are mapped to one canonical name,
// values are normalised per the matching rule of their type, and the result
// is rendered into a canonical key. Two DNs are equal when their keys are
// equal, so one DN that merely contains another never matches it.

// attrAlias maps every accepted spelling of an attribute type, upper-cased,
// to its canonical short name.
var attrAlias = map[string]string{
	"CN": "CN", "COMMONNAME": "CN", "2.5.4.3": "CN",
	"SN": "SN", "SURNAME": "SN", "2.5.4.4": "SN",
	"SERIALNUMBER": "SERIALNUMBER", "2.5.4.5": "SERIALNUMBER",
	"C": "C", "COUNTRYNAME": "C", "2.5.4.6": "C",
	"L": "L", "LOCALITYNAME": "L", "2.5.4.7": "L",
	"ST": "ST", "S": "ST", "STATEORPROVINCENAME": "ST", "2.5.4.8": "ST",
	"STREET": "STREET", "STREETADDRESS": "STREET", "2.5.4.9": "STREET",
	"O": "O", "ORGANIZATIONNAME": "O", "2.5.4.10": "O",
	"OU": "OU", "ORGANIZATIONALUNITNAME": "OU", "2.5.4.11": "OU",
	"TITLE": "TITLE", "2.5.4.12": "TITLE",
	"POSTALCODE": "POSTALCODE", "2.5.4.17": "POSTALCODE",
	"GN": "GN", "GIVENNAME": "GN", "2.5.4.42": "GN",
	"DC": "DC", "DOMAINCOMPONENT": "DC", "0.9.2342.19200300.100.1.25": "DC",
	"UID": "UID", "USERID": "UID", "0.9.2342.19200300.100.1.1": "UID",
	"EMAILADDRESS": "EMAILADDRESS", "E": "EMAILADDRESS", "EMAIL": "EMAILADDRESS",
	"1.2.840.113549.1.9.1": "EMAILADDRESS",
}

// dnAttr is one normalised attribute type and value.
type dnAttr struct{ typ, val string }

// dnKey parses an RFC 4514 DN string (also accepting the legacy RFC 2253
// forms: ';' between RDNs, quoted values, spaces around separators) and
// returns its canonical key. The empty DN has the empty key.
func dnKey(s string) (string, error) {
	p := dnParser{s: s}
	var b strings.Builder
	for rdnIndex := 0; ; rdnIndex++ {
		p.skipSpace()
		if p.done() {
			if rdnIndex > 0 {
				return "", errors.New("distinguished name ends with a separator")
			}
			return "", nil
		}
		rdn, last, err := p.rdn()
		if err != nil {
			return "", err
		}
		if rdnIndex > 0 {
			b.WriteByte(',')
		}
		writeRDN(&b, rdn)
		if last {
			return b.String(), nil
		}
	}
}

// writeRDN renders one RDN into the key. A multi-valued RDN is a set, so
// its attributes are sorted first.
func writeRDN(b *strings.Builder, rdn []dnAttr) {
	sort.Slice(rdn, func(i, j int) bool {
		if rdn[i].typ != rdn[j].typ {
			return rdn[i].typ < rdn[j].typ
		}
		return rdn[i].val < rdn[j].val
	})
	for i, a := range rdn {
		if i > 0 {
			b.WriteByte('+')
		}
		b.WriteString(a.typ)
		b.WriteByte('=')
		keyEscaper.WriteString(b, a.val)
	}
}

// keyEscaper keeps the key unambiguous whatever the values hold.
var keyEscaper = strings.NewReplacer(`\`, `\\`, `,`, `\,`, `+`, `\+`, `=`, `\=`)

// normaliseType maps an attribute type to its canonical name. Unknown
// types must be a dotted OID and are kept as such.
func normaliseType(t string) (string, error) {
	u := strings.ToUpper(t)
	u = strings.TrimPrefix(u, "OID.")
	if c, ok := attrAlias[u]; ok {
		return c, nil
	}
	if validOID(u) {
		return u, nil
	}
	return "", fmt.Errorf("unknown attribute type %q", t)
}

// normaliseValue applies the matching rule of the attribute's type. Every
// type this package names matches with caseIgnoreMatch or
// caseIgnoreIA5Match (X.520, RFC 4517), so values are NFKC-normalised,
// case-folded and their white space collapsed (RFC 4518 insignificant
// space handling). Values of unknown types are compared exactly.
func normaliseValue(typ, val string) string {
	if strings.Contains(typ, ".") {
		return val
	}
	if isASCII(val) {
		val = strings.ToLower(val) // NFKC and full case folding agree here
	} else {
		// A Caser is stateful and must not be shared between goroutines.
		val = cases.Fold().String(norm.NFKC.String(val))
	}
	return collapseSpace(val)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// collapseSpace trims white space and turns each inner run into one space,
// allocating only when it changes something.
func collapseSpace(s string) string {
	f := strings.Fields(s)
	if len(f) == 1 && f[0] == s {
		return s
	}
	return strings.Join(f, " ")
}

// decodeHexValue turns an RFC 4514 '#' value (hex of the BER encoding) into
// its string when it encodes one of the ASN.1 string types; other encodings
// are kept as lower-case hex so they still compare exactly.
func decodeHexValue(h string) (string, error) {
	der, err := hex.DecodeString(h)
	if err != nil {
		return "", errors.New("invalid hex value")
	}
	var rv asn1.RawValue
	rest, err := asn1.Unmarshal(der, &rv)
	if err != nil || len(rest) != 0 {
		return "", errors.New("hex value is not a single BER element")
	}
	switch {
	case rv.Class == asn1.ClassUniversal && isStringTag(rv.Tag) && utf8.Valid(rv.Bytes):
		return string(rv.Bytes), nil
	default:
		return "#" + strings.ToLower(h), nil
	}
}

func isStringTag(tag int) bool {
	switch tag {
	case asn1.TagUTF8String, asn1.TagPrintableString, asn1.TagIA5String,
		asn1.TagT61String, asn1.TagNumericString, 26 /* VisibleString */ :
		return true
	}
	return false
}

// validOID reports whether s is a dotted-decimal object identifier with at
// least two arcs and no leading zeros.
func validOID(s string) bool {
	arcs := strings.Split(s, ".")
	if len(arcs) < 2 {
		return false
	}
	for _, a := range arcs {
		if a == "" || (len(a) > 1 && a[0] == '0') {
			return false
		}
		for i := 0; i < len(a); i++ {
			if a[i] < '0' || a[i] > '9' {
				return false
			}
		}
	}
	return true
}
