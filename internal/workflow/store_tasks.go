package workflow

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

const taskColumns = `id, run_id, node_id, task_type, status, spec, decision, data,
	created_at, completed_at`

// getTask reads one task.
func (s *Store) getTask(ctx context.Context, id string) (*task, error) {
	row := s.db.QueryRowContext(ctx, s.q(`SELECT `+taskColumns+
		` FROM workflow_tasks WHERE id = ?`), id)
	t, err := scanTask(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound
	}
	return t, err
}

// pendingTasks lists the pending tasks of a run, oldest first.
func (s *Store) pendingTasks(ctx context.Context, runID string) ([]*task, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+taskColumns+` FROM workflow_tasks
		WHERE run_id = ? AND status = ? ORDER BY created_at, id`), runID, taskPending)
	if err != nil {
		return nil, fmt.Errorf("workflow: listing tasks: %w", err)
	}
	defer rows.Close()
	var out []*task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func scanTask(row interface{ Scan(...any) error }) (*task, error) {
	t := &task{}
	var spec, data, created, completed string
	err := row.Scan(&t.ID, &t.RunID, &t.NodeID, &t.Type, &t.Status, &spec, &t.Decision,
		&data, &created, &completed)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(spec), &t.Spec); err != nil {
		return nil, fmt.Errorf("workflow: decoding task spec: %w", err)
	}
	if err := json.Unmarshal([]byte(data), &t.Data); err != nil {
		return nil, fmt.Errorf("workflow: decoding task data: %w", err)
	}
	t.CreatedAt, t.CompletedAt = parseTS(created), parseTS(completed)
	return t, nil
}

// claimTask completes a pending task for one resume. In one transaction it
// bumps the run's version from version (errStale when another writer got
// there first), marks the task completed if still pending (errNotPending),
// and reserves the idempotency key. Of several concurrent claims exactly
// one succeeds.
func (s *Store) claimTask(ctx context.Context, t *task, version int64, key string,
	now time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE workflow_runs
			SET state_version = ?, status = ?, updated_at = ?
			WHERE id = ? AND state_version = ?`),
			version+1, StatusRunning, ts(now), t.RunID, version)
		if err != nil {
			return fmt.Errorf("workflow: claiming run: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errStale
		}

		res, err = tx.ExecContext(ctx, s.q(`UPDATE workflow_tasks
			SET status = ?, decision = ?, data = ?, completed_at = ?
			WHERE id = ? AND status = ?`),
			taskCompleted, t.Decision, mustJSON(t.Data), ts(now), t.ID, taskPending)
		if err != nil {
			return fmt.Errorf("workflow: claiming task: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errNotPending
		}

		if key == "" {
			return nil
		}
		_, err = tx.ExecContext(ctx, s.q(`INSERT INTO workflow_idempotency
			(idempotency_key, task_id, created_at) VALUES (?, ?, ?)`), key, t.ID, ts(now))
		if err != nil {
			return fmt.Errorf("workflow: recording idempotency key: %w", err)
		}
		return nil
	})
}

// cancelTasks marks the run's pending tasks cancelled (the run has ended).
func (s *Store) cancelTasks(ctx context.Context, runID string, now time.Time) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE workflow_tasks SET status = ?, completed_at = ?
		WHERE run_id = ? AND status = ?`), taskCancelled, ts(now), runID, taskPending)
	if err != nil {
		return fmt.Errorf("workflow: cancelling tasks: %w", err)
	}
	return nil
}

// idempotentResponse returns what was recorded for key: the task it was
// used on and the stored response, which is nil while the first request
// is still running.
func (s *Store) idempotentResponse(ctx context.Context, key string) (taskID string,
	response []byte, found bool, err error) {
	var resp sql.NullString
	err = s.db.QueryRowContext(ctx, s.q(`SELECT task_id, response FROM workflow_idempotency
		WHERE idempotency_key = ?`), key).Scan(&taskID, &resp)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, false, nil
	}
	if err != nil {
		return "", nil, false, fmt.Errorf("workflow: reading idempotency key: %w", err)
	}
	if resp.Valid {
		response = []byte(resp.String)
	}
	return taskID, response, true, nil
}

// storeResponse records the answer given for key.
func (s *Store) storeResponse(ctx context.Context, key string, response []byte) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE workflow_idempotency SET response = ?
		WHERE idempotency_key = ?`), string(response), key)
	if err != nil {
		return fmt.Errorf("workflow: storing idempotent response: %w", err)
	}
	return nil
}
