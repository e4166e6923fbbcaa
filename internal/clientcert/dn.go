package clientcert

import (
	"crypto/x509/pkix"
	"encoding/asn1"
)

// distinguishedName renders a certificate name as RFC 4514 text, keeping
// the certificate's own attribute order, which pkix.Name.String would
// change. crypto/x509 has already parsed the attributes in order into
// Names; when every RDN holds one attribute, as nearly all do, they are
// reused instead of decoding the DER a second time.
func distinguishedName(raw []byte, parsed pkix.Name) string {
	if singleValuedRDNs(raw) == len(parsed.Names) {
		atvs := parsed.Names
		seq := make(pkix.RDNSequence, len(atvs))
		for i := range atvs {
			seq[i] = atvs[i : i+1 : i+1]
		}
		return seq.String()
	}

	// Multi-valued RDNs ("CN=a+UID=b"): decode the sequence.
	var seq pkix.RDNSequence
	if rest, err := asn1.Unmarshal(raw, &seq); err == nil && len(rest) == 0 {
		return seq.String()
	}
	return parsed.String()
}

// singleValuedRDNs returns how many RDNs the DER name holds when each has
// exactly one attribute, else -1.
func singleValuedRDNs(raw []byte) int {
	tag, rdns, rest, ok := readTLV(raw)
	if !ok || tag != 0x30 || len(rest) > 0 {
		return -1
	}
	n := 0
	for len(rdns) > 0 {
		var set []byte
		if tag, set, rdns, ok = readTLV(rdns); !ok || tag != 0x31 {
			return -1
		}
		if tag, _, after, ok := readTLV(set); !ok || tag != 0x30 || len(after) > 0 {
			return -1
		}
		n++
	}
	return n
}

// readTLV splits one DER element off b: its tag byte, content and what
// follows. Only single-byte tags are read, which is all a Name uses.
func readTLV(b []byte) (tag byte, content, rest []byte, ok bool) {
	if len(b) < 2 || b[0]&0x1f == 0x1f {
		return 0, nil, nil, false
	}
	n, hdr := int(b[1]), 2
	if n&0x80 != 0 {
		k := n & 0x7f
		if k == 0 || k > 3 || len(b) < 2+k {
			return 0, nil, nil, false
		}
		n = 0
		for _, c := range b[2 : 2+k] {
			n = n<<8 | int(c)
		}
		hdr += k
	}
	if n > len(b)-hdr {
		return 0, nil, nil, false
	}
	return b[0], b[hdr : hdr+n], b[hdr+n:], true
}
