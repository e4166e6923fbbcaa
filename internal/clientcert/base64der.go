package clientcert

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// strictBase64 is standard padded base64 that also refuses non-zero
// trailing bits, so one DER has one textual form.
var strictBase64 = base64.StdEncoding.Strict()

// decodeBase64List reads comma-separated base64 DER, leaf first (Traefik).
// An empty item is refused: it would shift which entry is the leaf.
func decodeBase64List(text string, l *derList) error {
	for i := 0; ; i++ {
		item, rest, more := strings.Cut(text, ",")
		if err := decodeDERBase64(item, l); err != nil {
			return fmt.Errorf("certificate %d: %w", i, err)
		}
		if !more {
			return nil
		}
		text = rest
	}
}

// decodeDERBase64 reads one base64 value holding one or more DER
// certificates laid end to end (HAProxy's ssl_c_chain_der joins them with
// no separator).
func decodeDERBase64(item string, l *derList) error {
	der, err := decodeBase64(strings.Trim(item, " \t"))
	if err != nil {
		return err
	}
	if len(der) == 0 {
		return errors.New("empty certificate")
	}
	return splitDER(der, l)
}

// decodeBase64 decodes standard padded base64, skipping the whitespace
// that folded or space-joined PEM bodies carry.
func decodeBase64(s string) ([]byte, error) {
	clean := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\r', '\n':
		default:
			clean = append(clean, c)
		}
	}
	out := make([]byte, strictBase64.DecodedLen(len(clean)))
	n, err := strictBase64.Decode(out, clean)
	if err != nil {
		return nil, fmt.Errorf("decoding base64: %w", err)
	}
	return out[:n], nil
}

// splitDER cuts b into the DER SEQUENCEs it holds, walking their lengths.
// Certificates are never longer than 2^24 bytes, so a length of up to
// three bytes suffices.
func splitDER(b []byte, l *derList) error {
	for len(b) > 0 {
		n, err := derLen(b)
		if err != nil {
			return err
		}
		if err := l.add(b[:n]); err != nil {
			return err
		}
		b = b[n:]
	}
	return nil
}

var errNotDER = errors.New("not a DER certificate")

func derLen(b []byte) (int, error) {
	if len(b) < 2 || b[0] != 0x30 {
		return 0, errNotDER
	}
	n, hdr := int(b[1]), 2
	if n&0x80 != 0 {
		k := n & 0x7f
		if k == 0 || k > 3 || len(b) < 2+k {
			return 0, errNotDER
		}
		n = 0
		for _, c := range b[2 : 2+k] {
			n = n<<8 | int(c)
		}
		hdr += k
	}
	if n > len(b)-hdr {
		return 0, errors.New("truncated DER certificate")
	}
	return hdr + n, nil
}
