package clientcert

import (
	"crypto/sha256"

	lru "github.com/hashicorp/golang-lru/v2"
)

// DefaultCacheSize bounds the cache of parsed forwarded certificates.
const DefaultCacheSize = 1024

// parsedCache remembers the certificates parsed from recent header values,
// keyed by the SHA-256 of the exact value, so that a client repeating
// requests is decoded and parsed once. Only successes are kept; every
// check that depends on the request (trust, duplicates, size, signature,
// the edge's verify header) runs before the cache is consulted, and the
// checks that depend on time or policy (validity, blocklist, mapping) run
// after it, on every request.
type parsedCache struct {
	lru *lru.Cache[[sha256.Size]byte, *Certificate]
}

func newParsedCache(size int) (*parsedCache, error) {
	if size < 0 {
		return nil, nil
	}
	if size == 0 {
		size = DefaultCacheSize
	}
	c, err := lru.New[[sha256.Size]byte, *Certificate](size)
	if err != nil {
		return nil, err
	}
	return &parsedCache{lru: c}, nil
}

// parse returns the cached certificate for value, or parses it with fn and
// remembers a success. A nil cache always calls fn.
func (c *parsedCache) parse(value string, fn func(string) (*Certificate, error)) (*Certificate, error) {
	if c == nil {
		return fn(value)
	}
	key := sha256.Sum256([]byte(value))
	if cert, ok := c.lru.Get(key); ok {
		return cert, nil
	}
	cert, err := fn(value)
	if err == nil && cert != nil {
		c.lru.Add(key, cert)
	}
	return cert, err
}
