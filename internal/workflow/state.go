package workflow

import (
	"slices"
	"time"
)

// Run statuses.
const (
	StatusRunning   = "running"
	StatusWaiting   = "waiting"
	StatusCompleted = "completed"
	StatusFailed    = "failed"
)

// Node and task statuses.
const (
	nodeReady     = "ready"
	nodeCompleted = "completed"
	nodeFailed    = "failed"
	nodeWaiting   = "waiting"

	taskPending   = "pending"
	taskCompleted = "completed"
	taskCancelled = "cancelled"
)

// runState is a run as the engine works on it and the store keeps it.
type runState struct {
	ID        string
	Workflow  string
	Status    string
	Version   int64
	Inputs    map[string]any
	Vars      map[string]any
	Nodes     map[string]*nodeState
	Error     string
	CreatedAt time.Time
	UpdatedAt time.Time

	// newTasks are created by the current step and inserted when it is saved.
	newTasks []*task
	// stuck are nodes that completed in this process with no edge true.
	stuck []string
}

// nodeState is what a run knows about one node.
type nodeState struct {
	Status    string `json:"status"`
	Output    any    `json:"output,omitempty"`
	Error     string `json:"error,omitempty"`
	Runs      int    `json:"runs"`
	UpdatedAt time.Time
}

// task is a pending or finished human interaction.
type task struct {
	ID          string
	RunID       string
	NodeID      string
	Type        string
	Status      string
	Spec        *Interaction
	Decision    string
	Data        map[string]any
	CreatedAt   time.Time
	CompletedAt time.Time
}

// node returns the state of id, creating it.
func (st *runState) node(id string) *nodeState {
	ns, ok := st.Nodes[id]
	if !ok {
		ns = &nodeState{}
		st.Nodes[id] = ns
	}
	return ns
}

// env is what expressions evaluated now see.
func (st *runState) env() evalEnv {
	nodes := make(map[string]any, len(st.Nodes))
	for id, ns := range st.Nodes {
		if ns.Status == nodeCompleted {
			nodes[id] = ns.Output
		}
	}
	decision, _ := st.Vars["decision"].(string)
	data, _ := st.Vars["data"].(map[string]any)
	return evalEnv{
		"inputs": st.Inputs, "vars": st.Vars, "nodes": nodes,
		"decision": decision, "data": data,
	}
}

// ready lists the ready nodes in id order.
func (st *runState) ready() []string {
	var ids []string
	for id, ns := range st.Nodes {
		if ns.Status == nodeReady {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// steps counts the node runs so far.
func (st *runState) steps() int {
	n := 0
	for _, ns := range st.Nodes {
		n += ns.Runs
	}
	return n
}
