package sqlstore

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps the prepared statements of a Store's fixed queries, for
// SQLite, whose database/sql drivers parse each query anew otherwise
// (PostgreSQL drivers such as pgx cache statements themselves). Only
// queries whose text does not depend on the data go in, so it stays small.
type stmtCache struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// query runs the fixed query q on the database, through a prepared
// statement on SQLite. It is for reads outside a transaction only: a
// transaction holds a connection, and preparing may need another, which a
// pool of one would never give.
func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := s.prepared(ctx, q)
	if err != nil || st == nil {
		return s.db.QueryContext(ctx, q, args...) // reports a failed prepare again
	}
	return st.QueryContext(ctx, args...)
}

// queryRow is query for one row.
func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := s.prepared(ctx, q)
	if err != nil || st == nil {
		return s.db.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// prepared returns the cached statement of q, preparing it on first use;
// nil when the dialect needs no cache.
func (s *Store) prepared(ctx context.Context, q string) (*sql.Stmt, error) {
	if s.dialect != SQLite {
		return nil, nil
	}
	s.stmts.mu.Lock()
	st, ok := s.stmts.m[q]
	s.stmts.mu.Unlock()
	if ok {
		return st, nil
	}
	st, err := s.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	s.stmts.mu.Lock()
	defer s.stmts.mu.Unlock()
	if prev, ok := s.stmts.m[q]; ok {
		st.Close()
		return prev, nil
	}
	if s.stmts.m == nil {
		s.stmts.m = make(map[string]*sql.Stmt)
	}
	s.stmts.m[q] = st
	return st, nil
}
