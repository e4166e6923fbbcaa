package connector

import (
	"context"
	"database/sql"
	"fmt"
)

// query runs a statement and collects every row as a map of column name to
// value. Byte slices become strings: SQLite hands TEXT back as []byte and a
// JSON client wants text.
func (s *SQL) query(ctx context.Context, stmt string, args []any) ([]map[string]any, error) {
	rows, err := s.db.QueryContext(ctx, stmt, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()

	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}

	out := []map[string]any{}
	for rows.Next() {
		row, err := scanRow(rows, cols)
		if err != nil {
			return nil, err
		}
		out = append(out, row)
	}
	return out, rows.Err()
}

func scanRow(rows *sql.Rows, cols []string) (map[string]any, error) {
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, fmt.Errorf("scanning row: %w", err)
	}

	row := make(map[string]any, len(cols))
	for i, c := range cols {
		if b, ok := vals[i].([]byte); ok {
			row[c] = string(b)
			continue
		}
		row[c] = vals[i]
	}
	return row, nil
}
