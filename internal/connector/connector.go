// Package connector talks to the back-end systems that POST /execute
// drives: SQL databases through database/sql and HTTP APIs through a REST
// client. A connector receives a fully rendered Command (statement and bound
// arguments, or method, endpoint, query, headers and body) and never builds
// statement text from request data.
package connector

import (
	"context"
	"errors"
)

// Connector is one configured back-end system.
type Connector interface {
	// Execute runs one rendered command.
	Execute(ctx context.Context, cmd Command) (*Outcome, error)
	// Ping checks that the system is reachable.
	Ping(ctx context.Context) error
	// Close releases pooled connections.
	Close() error
}

// Result says what shape a SQL command's result takes.
type Result string

// The result shapes of a SQL command.
const (
	// ResultRows returns every row as a list of column maps.
	ResultRows Result = "rows"
	// ResultOne returns the first row as a map; no row is ErrNoRows.
	ResultOne Result = "one"
	// ResultAffected runs the statement as an exec and reports rows affected.
	ResultAffected Result = "affected"
)

// Command is a rendered command. SQL connectors read Statement, Args and
// Result; REST connectors read Method, Endpoint, Query, Headers and Body.
type Command struct {
	Statement string
	Args      []any
	Result    Result

	Method   string
	Endpoint string
	Query    map[string]any
	Headers  map[string]string
	Body     any // nil sends no body; anything else is sent as JSON
}

// Outcome is what a command produced.
type Outcome struct {
	// Data is the rows, the single row, or the decoded response body.
	Data any
	// RowsAffected is set for SQL exec statements.
	RowsAffected *int64
}

// ErrNoRows reports that a ResultOne command matched no row.
var ErrNoRows = errors.New("connector: no row matched")

// ErrTimeout reports that the system did not answer within its timeout.
var ErrTimeout = errors.New("connector: upstream timed out")
