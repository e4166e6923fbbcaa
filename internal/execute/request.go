package execute

// Request is one command to run: an action on an object type of a system.
type Request struct {
	System     string         `json:"system"`
	ObjectType string         `json:"object_type"`
	Action     string         `json:"action"`
	Params     map[string]any `json:"params"`
}

// Result is what a command returned.
type Result struct {
	// Data is the rows, the single row, or the upstream's decoded body.
	Data any `json:"data"`
	// Meta describes the execution.
	Meta Meta `json:"meta"`
}

// Meta describes one execution.
type Meta struct {
	System     string  `json:"system"`
	ObjectType string  `json:"object_type"`
	Action     string  `json:"action"`
	DurationMS float64 `json:"duration_ms"`
	// RowsAffected is set for SQL statements run as exec.
	RowsAffected *int64 `json:"rows_affected,omitempty"`
}

// PingAction is the built-in connectivity check every system answers,
// whatever the object type named.
const PingAction = "ping"
