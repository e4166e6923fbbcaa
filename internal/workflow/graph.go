package workflow

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// checkGraph verifies the shape of a definition: one START, at least one
// END, every node reachable from START, and every node able to reach an END.
// A cycle is allowed only when an END is reachable from it, so a run can
// always leave it.
func checkGraph(def *Definition) []error {
	var errs []error
	if def.Start == "" {
		errs = append(errs, errors.New("missing START node"))
	}
	var ends []string
	for id, n := range def.Nodes {
		if n.Type == NodeEnd {
			ends = append(ends, id)
		}
	}
	if len(ends) == 0 {
		errs = append(errs, errors.New("missing END node"))
	}
	if len(errs) > 0 {
		return errs
	}

	forward := map[string][]string{}
	reverse := map[string][]string{}
	for from, edges := range def.outgoing {
		for _, e := range edges {
			forward[from] = append(forward[from], e.To)
			reverse[e.To] = append(reverse[e.To], from)
		}
	}
	fromStart := reach(forward, def.Start)
	toEnd := reach(reverse, ends...)

	for _, id := range sortedIDs(def) {
		switch {
		case !fromStart[id]:
			errs = append(errs, fmt.Errorf("node %q: not reachable from START", id))
		case toEnd[id]:
		case onCycle(forward, id):
			cycle := cycleMembers(forward, id)
			errs = append(errs, fmt.Errorf("node %q: cycle through %s has no path to END",
				id, strings.Join(cycle, ", ")))
		default:
			errs = append(errs, fmt.Errorf("node %q: no path to END", id))
		}
	}
	return errs
}

// reach returns the nodes reachable from the roots along adj.
func reach(adj map[string][]string, roots ...string) map[string]bool {
	seen := map[string]bool{}
	stack := slices.Clone(roots)
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[id] {
			continue
		}
		seen[id] = true
		stack = append(stack, adj[id]...)
	}
	return seen
}

// onCycle reports whether id can reach itself.
func onCycle(adj map[string][]string, id string) bool {
	for _, next := range adj[id] {
		if reach(adj, next)[id] {
			return true
		}
	}
	return false
}

// cycleMembers lists, sorted, the nodes on a cycle with id.
func cycleMembers(adj map[string][]string, id string) []string {
	from := reach(adj, id)
	var out []string
	for other := range from {
		if reach(adj, other)[id] {
			out = append(out, other)
		}
	}
	slices.Sort(out)
	return out
}

func sortedIDs(def *Definition) []string {
	ids := make([]string, 0, len(def.Nodes))
	for id := range def.Nodes {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
