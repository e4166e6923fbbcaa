-- Workflow state. The SQL is portable between SQLite and PostgreSQL: JSON
-- documents and timestamps (RFC 3339, UTC) are stored as TEXT.

-- +goose Up
CREATE TABLE workflow_runs (
    id            TEXT PRIMARY KEY,
    workflow      TEXT NOT NULL,
    status        TEXT NOT NULL,
    state_version BIGINT NOT NULL,
    inputs        TEXT NOT NULL,
    variables     TEXT NOT NULL,
    error         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE workflow_node_states (
    run_id     TEXT NOT NULL REFERENCES workflow_runs (id),
    node_id    TEXT NOT NULL,
    status     TEXT NOT NULL,
    output     TEXT NOT NULL,
    error      TEXT NOT NULL DEFAULT '',
    runs       INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (run_id, node_id)
);

CREATE TABLE workflow_tasks (
    id           TEXT PRIMARY KEY,
    run_id       TEXT NOT NULL REFERENCES workflow_runs (id),
    node_id      TEXT NOT NULL,
    task_type    TEXT NOT NULL,
    status       TEXT NOT NULL,
    spec         TEXT NOT NULL,
    decision     TEXT NOT NULL DEFAULT '',
    data         TEXT NOT NULL DEFAULT '{}',
    created_at   TEXT NOT NULL,
    completed_at TEXT NOT NULL DEFAULT ''
);

CREATE INDEX workflow_tasks_by_run ON workflow_tasks (run_id, status);

CREATE TABLE workflow_idempotency (
    idempotency_key TEXT PRIMARY KEY,
    task_id         TEXT NOT NULL,
    response        TEXT,
    created_at      TEXT NOT NULL
);

-- +goose Down
DROP TABLE workflow_idempotency;
DROP INDEX workflow_tasks_by_run;
DROP TABLE workflow_tasks;
DROP TABLE workflow_node_states;
DROP TABLE workflow_runs;
