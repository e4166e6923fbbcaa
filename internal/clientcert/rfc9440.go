package clientcert

import (
	"errors"
	"fmt"

	"github.com/dunglas/httpsfv"
)

// decodeRFC9440 reads an RFC 9440 Client-Cert value: an RFC 8941 byte
// sequence holding the DER leaf, parameters allowed and ignored.
func decodeRFC9440(v string, l *derList) error {
	item, err := httpsfv.UnmarshalItem([]string{v})
	if err != nil {
		return fmt.Errorf("parsing structured field: %w", err)
	}
	der, ok := item.Value.([]byte)
	if !ok {
		return errors.New("structured field is not a byte sequence")
	}
	return l.add(der)
}
