package migrate

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// advice gathers what the session knows about a dirty state and asks advise.
// last is this run's own attempt, nil for a command that found the database
// dirty (then Options.LastAttempt may know it).
func (s *session) advice(ctx context.Context, dirty State, last *Attempt) *Advice {
	tx, _ := s.db.transactional()
	in := adviceInput{Dirty: dirty, Unread: s.res.Unread != "", files: s.files, Transactional: tx, TxNote: txNote(s.db), Last: last}
	var notes []string
	lastAttempt := s.o.LastAttempt
	if lastAttempt == nil && s.o.History.Table != "" {
		lastAttempt = s.historyAttempt
	}
	if last == nil && lastAttempt != nil {
		a, err := lastAttempt(context.WithoutCancel(ctx))
		if err != nil {
			notes = append(notes, "The last attempted step could not be read, so it is not used: "+err.Error()+".")
		}
		in.Last = a // advise uses it only where it explains the dirty flag
	}
	a := advise(in)
	switch {
	case a.Known || in.Unread:
	case s.o.MatchSchema == nil:
		a.HowToTell += " " + compareHint
	case s.unreplayable(a.Candidates) != "":
		notes = append(notes, "The schema was not compared: "+s.unreplayable(a.Candidates)+".")
	default:
		m, note := s.matchSchema(context.WithoutCancel(ctx), dirty, a.Candidates)
		if note != "" {
			notes = append(notes, note)
		}
		if m != nil {
			in.Match = m
			a = advise(in)
		}
	}
	a.Facts = append(a.Facts, notes...)
	return a
}

// matchSchema runs Options.MatchSchema, or says why its answer cannot be
// used. migrate, down and a failing run hold the migration lock, so nothing
// else changes the schema meanwhile; plan and verify take none, so they
// first make sure that no run holds it (one in progress, or a server still
// finishing a killed client's file) and that the state is the same after
// the comparison.
func (s *session) matchSchema(ctx context.Context, dirty State, cands []int) (*SchemaMatch, string) {
	readOnly := s.c == nil
	if readOnly {
		held, err := migrationLockHeld(ctx, s.db)
		switch {
		case err != nil:
			return nil, "The schema was not compared: whether a migration run holds the migration lock could not be read (" + strings.TrimSuffix(err.Error(), ".") + "), and a schema that may still change proves nothing."
		case held:
			return nil, "The schema was not compared: a migration run holds the migration lock on the " + s.where() + " right now (a run in progress, or a server still finishing the file of a killed client), so the schema may still change. Run plan again once the run has ended."
		}
	}
	m, err := s.o.MatchSchema(ctx, cands)
	if err != nil {
		return nil, "The schema could not be compared, so the advice rests on the rest: " + strings.TrimSuffix(err.Error(), ".") + "."
	}
	if readOnly && m != nil {
		now, err := readState(ctx, s.db, readBackTimeout)
		if err != nil || now != dirty {
			return nil, "The schema comparison is not used: the migration state changed while it ran (or could not be read again), so a run was active. Run plan again."
		}
	}
	return m, ""
}

// compareHint ends the advice's HowToTell when no comparison was set up.
const compareHint = "Setting `scratch-database-url` to an empty database on the same engine makes schemagate do this comparison itself (`plan`, `verify` and `migrate`)."

// unreplayable says which candidate version has no migration file to
// replay, "" when every one has (or is -1, the empty database).
func (s *session) unreplayable(cands []int) string {
	for _, v := range cands {
		if v >= 0 && s.files.index(uint(v)) < 0 {
			return fmt.Sprintf("version %d has no file in %s, so its schema cannot be replayed", v, s.o.MigrationsPath)
		}
	}
	return ""
}

// markedDirty is the state this run wrote before running step: golang-migrate
// marks an up of N as N dirty and a down of N as the version below N dirty.
func (s *session) markedDirty(st Step) State {
	v := int(st.Version)
	if st.Direction == DirDown {
		v = s.files.previous(st.Version)
	}
	if v < 0 {
		return State{Dirty: true}
	}
	return State{Version: uint(v), HasVersion: true, Dirty: true}
}

// readBack reads the state after a failed run on a fresh read-only
// connection, a few times within about two seconds (a server may take a
// moment to accept connections again). When it cannot, the state is
// unknown, and Result says so instead of guessing.
func (s *session) readBack(ctx context.Context) {
	r := s.res
	ctx = context.WithoutCancel(ctx)
	var err error
	for i := range readBackTries {
		if i > 0 {
			time.Sleep(time.Duration(i) * 300 * time.Millisecond)
		}
		var st State
		if st, err = readState(ctx, s.db, readBackTimeout); err == nil {
			r.After, r.Unread = st, ""
			s.classify()
			return
		}
	}
	r.After, r.Pending, r.Ahead, r.Drift = State{}, nil, false, false
	r.Unread = fmt.Sprintf("the migration state could not be read back from the %s on a fresh connection (%d attempts): %v", s.where(), readBackTries, err)
}

const (
	readBackTries   = 3
	readBackTimeout = 1500 * time.Millisecond
)

// rollbackNote says whether the engine undid a failed file, from what it
// answered: a rollback is claimed only when the engine answered with an
// error inside the file's transaction.
func rollbackNote(db *DB, o Outcome) (bool, string) {
	tx, note := db.transactional()
	switch o {
	case OutcomeUnknown:
		return false, "unknown: the engine never answered (the connection or the server was lost while the file ran), so whether it committed the file is not known"
	case OutcomeCompleted:
		return false, "no: the file ran to its end; only clearing the dirty flag failed"
	}
	return tx, note
}

// txNote says, for a sentence, how the engine runs a migration file.
func txNote(db *DB) string {
	tx, _ := db.transactional()
	switch {
	case db.Engine == Postgres && tx:
		return "PostgreSQL runs the file as one implicit transaction, which an error rolls back"
	case db.Engine == SQLite && tx:
		return "the SQLite driver runs the file in one transaction, which an error rolls back"
	case db.Engine == MySQL:
		return "MySQL and MariaDB commit every DDL statement on its own"
	}
	return "with this URL's options each statement commits on its own"
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// historyAttempt is the last step recorded in the history table as an
// Attempt: a row still "started" is a run that was killed (no answer seen),
// "failed" a file the engine answered with an error, "unknown" a run whose
// state could not be read back. An "ok" row or a force explains no dirty
// flag, so it gives nothing.
func (s *session) historyAttempt(ctx context.Context) (*Attempt, error) {
	row, err := LastAttempt(ctx, s.db, s.o.History.Table)
	if err != nil || row == nil || row.Version < 0 || (row.Direction != DirUp && row.Direction != DirDown) {
		return nil, err
	}
	a := &Attempt{Step: Step{Version: uint(row.Version), Direction: row.Direction, File: row.File}}
	switch row.Outcome {
	case HistoryStarted, HistoryUnknown:
		a.Outcome = OutcomeUnknown
	case HistoryFailed:
		a.Outcome = OutcomeFailed
	default:
		return nil, nil
	}
	return a, nil
}
