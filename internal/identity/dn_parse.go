package identity

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// dnParser reads a DN string one RDN at a time.
type dnParser struct {
	s   string
	pos int
}

func (p *dnParser) done() bool { return p.pos >= len(p.s) }

func (p *dnParser) skipSpace() {
	for !p.done() && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t') {
		p.pos++
	}
}

// rdn reads one RDN and its separator; last is true at the end of input.
func (p *dnParser) rdn() (rdn []dnAttr, last bool, err error) {
	for {
		a, err := p.attr()
		if err != nil {
			return nil, false, err
		}
		rdn = append(rdn, a)

		p.skipSpace()
		if p.done() {
			return rdn, true, nil
		}
		switch c := p.s[p.pos]; c {
		case '+':
			p.pos++
		case ',', ';':
			p.pos++
			return rdn, false, nil
		default:
			return nil, false, fmt.Errorf("unexpected %q at offset %d", c, p.pos)
		}
	}
}

// attr reads "type=value".
func (p *dnParser) attr() (dnAttr, error) {
	p.skipSpace()
	eq := strings.IndexByte(p.s[p.pos:], '=')
	if eq < 0 {
		return dnAttr{}, fmt.Errorf("missing '=' after offset %d", p.pos)
	}
	typ, err := normaliseType(strings.TrimSpace(p.s[p.pos : p.pos+eq]))
	if err != nil {
		return dnAttr{}, err
	}
	p.pos += eq + 1
	p.skipSpace()

	val, err := p.value()
	if err != nil {
		return dnAttr{}, fmt.Errorf("value of %s: %w", typ, err)
	}
	if !utf8.ValidString(val) {
		return dnAttr{}, fmt.Errorf("value of %s is not UTF-8", typ)
	}
	return dnAttr{typ: typ, val: normaliseValue(typ, val)}, nil
}

func (p *dnParser) value() (string, error) {
	if p.done() {
		return "", nil
	}
	switch p.s[p.pos] {
	case '#':
		start := p.pos + 1
		for !p.done() && !strings.ContainsRune(",+; \t", rune(p.s[p.pos])) {
			p.pos++
		}
		return decodeHexValue(p.s[start:p.pos])
	case '"':
		p.pos++
		return p.quoted()
	}
	return p.plain()
}

// plain reads an unquoted value up to an unescaped separator. Unescaped
// trailing spaces are not part of the value (RFC 4514 section 3).
func (p *dnParser) plain() (string, error) {
	var b []byte
	keep := 0 // length of b up to the last significant byte
	for !p.done() {
		c := p.s[p.pos]
		if c == ',' || c == '+' || c == ';' {
			break
		}
		if c == '\\' {
			e, err := p.escape()
			if err != nil {
				return "", err
			}
			b = append(b, e)
			keep = len(b)
			continue
		}
		b = append(b, c)
		p.pos++
		if c != ' ' && c != '\t' {
			keep = len(b)
		}
	}
	return string(b[:keep]), nil
}

// quoted reads the rest of a legacy RFC 2253 quoted value.
func (p *dnParser) quoted() (string, error) {
	var b []byte
	for !p.done() {
		c := p.s[p.pos]
		switch c {
		case '"':
			p.pos++
			return string(b), nil
		case '\\':
			e, err := p.escape()
			if err != nil {
				return "", err
			}
			b = append(b, e)
		default:
			b = append(b, c)
			p.pos++
		}
	}
	return "", errors.New("unterminated quoted value")
}

// escape reads "\c" or "\hh" at the current position.
func (p *dnParser) escape() (byte, error) {
	if p.pos+1 >= len(p.s) {
		return 0, errors.New("dangling escape")
	}
	c := p.s[p.pos+1]
	if isHex(c) {
		if p.pos+2 >= len(p.s) || !isHex(p.s[p.pos+2]) {
			return 0, errors.New("incomplete hex escape")
		}
		p.pos += 3
		return unhex(c)<<4 | unhex(p.s[p.pos-1]), nil
	}
	if !strings.ContainsRune(`,+"\<>;= #`, rune(c)) {
		return 0, fmt.Errorf("invalid escape \\%c", c)
	}
	p.pos += 2
	return c, nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
