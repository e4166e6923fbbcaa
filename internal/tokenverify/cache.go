package tokenverify

import (
	"crypto/sha256"
	"hash"
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"
)

// tokenCache remembers verified tokens by SHA-256 so that a client sending
// the same token on every request pays for one signature check. Only the
// signature and the static checks are cached: time claims are checked again
// on every hit, and an entry made under another key set generation is a
// miss, so a rotated-out key stops working at once.
type tokenCache struct {
	lru *lru.Cache[[32]byte, cacheEntry]
}

type cacheEntry struct {
	claims *Claims
	gen    uint64
}

// newTokenCache returns a cache of size entries, or nil (no caching) when
// size is not positive.
func newTokenCache(size int) *tokenCache {
	if size <= 0 {
		return nil
	}
	c, err := lru.New[[32]byte, cacheEntry](size)
	if err != nil {
		return nil
	}
	return &tokenCache{lru: c}
}

// hasher is a reusable SHA-256 state with a copy buffer, so hashing a token
// string allocates nothing (sha256.Sum256 would copy the token to the heap).
type hasher struct {
	h   hash.Hash
	buf [512]byte
}

var hashers = sync.Pool{New: func() any { return &hasher{h: sha256.New()} }}

// cacheKey is the cache key of a token: its SHA-256.
func cacheKey(token string) (key [32]byte) {
	hs := hashers.Get().(*hasher)
	hs.h.Reset()
	for len(token) > 0 {
		n := copy(hs.buf[:], token)
		hs.h.Write(hs.buf[:n])
		token = token[n:]
	}
	hs.h.Sum(key[:0])
	hashers.Put(hs)
	return key
}

// get returns the claims cached for key under key set generation gen.
func (c *tokenCache) get(key [32]byte, gen uint64) (*Claims, bool) {
	if c == nil {
		return nil, false
	}
	e, ok := c.lru.Get(key)
	if !ok || e.gen != gen {
		return nil, false
	}
	return e.claims, true
}

// add caches verified claims.
func (c *tokenCache) add(key [32]byte, claims *Claims, gen uint64) {
	if c != nil {
		c.lru.Add(key, cacheEntry{claims: claims, gen: gen})
	}
}

// remove drops an entry whose token is no longer valid (expired).
func (c *tokenCache) remove(key [32]byte) {
	if c != nil {
		c.lru.Remove(key)
	}
}
