package workflow

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

var (
	errStale      = errors.New("state version changed")
	errNotPending = errors.New("task is not pending")
	errNotFound   = errors.New("not found")
)

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func parseTS(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "null"
	}
	return string(b)
}

// createRun inserts a new run with its node states and tasks.
func (s *Store) createRun(ctx context.Context, st *runState) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO workflow_runs
			(id, workflow, status, state_version, inputs, variables, error, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			st.ID, st.Workflow, st.Status, st.Version, mustJSON(st.Inputs),
			mustJSON(st.Vars), st.Error, ts(st.CreatedAt), ts(st.UpdatedAt))
		if err != nil {
			return err
		}
		return s.writeChildren(ctx, tx, st)
	})
}

// saveRun writes st if its stored version is still st.Version, then bumps
// the version. A concurrent writer makes it fail with errStale.
func (s *Store) saveRun(ctx context.Context, st *runState) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE workflow_runs
			SET status = ?, state_version = ?, variables = ?, error = ?, updated_at = ?
			WHERE id = ? AND state_version = ?`),
			st.Status, st.Version+1, mustJSON(st.Vars), st.Error, ts(st.UpdatedAt),
			st.ID, st.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errStale
		}
		return s.writeChildren(ctx, tx, st)
	})
	if err == nil {
		st.Version++
	}
	return err
}

// writeChildren upserts node states and inserts the step's new tasks.
func (s *Store) writeChildren(ctx context.Context, tx *sql.Tx, st *runState) error {
	for id, ns := range st.Nodes {
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO workflow_node_states
			(run_id, node_id, status, output, error, runs, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (run_id, node_id) DO UPDATE SET status = excluded.status,
			output = excluded.output, error = excluded.error, runs = excluded.runs,
			updated_at = excluded.updated_at`),
			st.ID, id, ns.Status, mustJSON(ns.Output), ns.Error, ns.Runs, ts(ns.UpdatedAt))
		if err != nil {
			return fmt.Errorf("node %s: %w", id, err)
		}
	}
	for _, t := range st.newTasks {
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO workflow_tasks
			(id, run_id, node_id, task_type, status, spec, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`),
			t.ID, t.RunID, t.NodeID, t.Type, t.Status, mustJSON(t.Spec), ts(t.CreatedAt))
		if err != nil {
			return fmt.Errorf("task %s: %w", t.ID, err)
		}
	}
	st.newTasks = nil
	return nil
}

func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("workflow: beginning transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("workflow: committing: %w", err)
	}
	return nil
}

// loadRun reads a run and its node states.
func (s *Store) loadRun(ctx context.Context, id string) (*runState, error) {
	st := &runState{ID: id, Nodes: map[string]*nodeState{}}
	var inputs, vars, created, updated string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT workflow, status, state_version,
		inputs, variables, error, created_at, updated_at FROM workflow_runs WHERE id = ?`), id).
		Scan(&st.Workflow, &st.Status, &st.Version, &inputs, &vars, &st.Error, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("workflow: loading run: %w", err)
	}
	st.CreatedAt, st.UpdatedAt = parseTS(created), parseTS(updated)
	if err := json.Unmarshal([]byte(inputs), &st.Inputs); err != nil {
		return nil, fmt.Errorf("workflow: decoding run inputs: %w", err)
	}
	if err := json.Unmarshal([]byte(vars), &st.Vars); err != nil {
		return nil, fmt.Errorf("workflow: decoding run variables: %w", err)
	}
	return st, s.loadNodes(ctx, st)
}

func (s *Store) loadNodes(ctx context.Context, st *runState) error {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT node_id, status, output, error, runs,
		updated_at FROM workflow_node_states WHERE run_id = ?`), st.ID)
	if err != nil {
		return fmt.Errorf("workflow: loading node states: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, output, updated string
		ns := &nodeState{}
		if err := rows.Scan(&id, &ns.Status, &output, &ns.Error, &ns.Runs, &updated); err != nil {
			return fmt.Errorf("workflow: loading node states: %w", err)
		}
		if err := json.Unmarshal([]byte(output), &ns.Output); err != nil {
			return fmt.Errorf("workflow: decoding node %s output: %w", id, err)
		}
		ns.UpdatedAt = parseTS(updated)
		st.Nodes[id] = ns
	}
	return rows.Err()
}
