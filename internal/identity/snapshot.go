package identity

// Snapshot is a mapping policy and a blocklist in force together. It is
// immutable: a reload builds a new Snapshot, so a request that holds one
// sees a consistent policy however long it runs.
type Snapshot struct {
	policy    *Policy
	blocklist *Blocklist
}

// NewSnapshot pairs a policy with a blocklist. A nil policy is the empty
// policy (default mapping) and a nil blocklist blocks nothing.
func NewSnapshot(p *Policy, b *Blocklist) *Snapshot {
	if p == nil {
		p = &Policy{}
	}
	if b == nil {
		b = &Blocklist{}
	}
	return &Snapshot{policy: p, blocklist: b}
}

// BlocklistEmpty reports whether nothing is blocked, so callers can skip
// work that only serves the blocklist.
func (p *Snapshot) BlocklistEmpty() bool {
	return p.blocklist == nil || p.blocklist.Len() == 0
}

// Blocked reports whether thumbprint (x5t#S256) is on the blocklist.
func (p *Snapshot) Blocked(thumbprint string) bool {
	return p.blocklist.has(thumbprint)
}
