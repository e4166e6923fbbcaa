package identity

import (
	"sync"
	"sync/atomic"
)

// issuerCacheSize bounds the issuer verdicts a policy remembers. Issuers
// are the few CAs the edge trusts, so a handful of entries serve every
// request; the bound keeps a stream of odd issuers from growing memory.
const issuerCacheSize = 256

// issuerCache remembers whether an issuer DN string is allowed, so the hot
// path parses each distinct issuer once per policy rather than per request.
type issuerCache struct {
	m sync.Map // string -> error (nil: allowed)
	n atomic.Int32
}

func (c *issuerCache) lookup(issuer string, check func(string) error) error {
	if v, ok := c.m.Load(issuer); ok {
		err, _ := v.(error)
		return err
	}
	err := check(issuer)
	if c.n.Load() < issuerCacheSize {
		if _, loaded := c.m.LoadOrStore(issuer, err); !loaded {
			c.n.Add(1)
		}
	}
	return err
}
