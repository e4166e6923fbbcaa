package identity

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"
)

// Blocklist is a set of refused x5t#S256 thumbprints. It is immutable once
// built.
type Blocklist struct {
	set map[string]struct{}
}

// Len returns the number of thumbprints listed.
func (b *Blocklist) Len() int {
	if b == nil {
		return 0
	}
	return len(b.set)
}

// LoadBlocklist reads the blocklist file at path.
func LoadBlocklist(path string) (*Blocklist, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading thumbprint blocklist: %w", err)
	}
	return ParseBlocklist(path, data)
}

// ParseBlocklist parses blocklist text: one thumbprint a line, '#' starting
// a comment (whole line or trailing), blank lines ignored. Any other line
// is an error naming name and the line number: a typo must not silently
// leave a certificate unblocked.
func ParseBlocklist(name string, data []byte) (*Blocklist, error) {
	b := &Blocklist{set: make(map[string]struct{})}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if err := validateThumbprint(line); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, n, err)
		}
		b.set[line] = struct{}{}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return b, nil
}

func (b *Blocklist) has(thumbprint string) bool {
	if b == nil {
		return false
	}
	_, ok := b.set[thumbprint]
	return ok
}
