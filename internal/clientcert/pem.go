package clientcert

import (
	"errors"
	"strings"
)

const (
	pemBegin = "-----BEGIN CERTIFICATE-----"
	pemEnd   = "-----END CERTIFICATE-----"
)

// decodePEM reads one or more PEM certificates whose line breaks may have
// become spaces (Apache, nginx $ssl_client_cert once Go unfolds it),
// folded whitespace (the raw nginx value) or stayed line feeds. Only
// whitespace may surround the blocks, and every block must decode: a
// damaged entry is never skipped.
func decodePEM(text string, l *derList) error {
	rest, start := text, len(l.ders)
	for {
		rest = strings.TrimLeft(rest, " \t\r\n")
		if rest == "" {
			break
		}
		body, ok := strings.CutPrefix(rest, pemBegin)
		if !ok {
			return errors.New("unexpected text outside PEM certificate blocks")
		}
		end := strings.Index(body, pemEnd)
		if end < 0 {
			return errors.New("missing PEM end line")
		}
		der, err := decodeBase64(body[:end])
		if err != nil {
			return err
		}
		if err := l.add(der); err != nil {
			return err
		}
		rest = body[end+len(pemEnd):]
	}
	if len(l.ders) == start {
		return errors.New("no PEM certificate")
	}
	return nil
}
