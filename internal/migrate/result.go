// Package migrate applies golang-migrate migrations for the plan, migrate,
// down, force and verify commands. migrate, down and force open the database
// through golang-migrate's own drivers, bound every wait for the migration
// lock by the lock-timeout input, and run the migrations with golang-migrate's
// Migrate (so the version table and the execution model are exactly
// golang-migrate's). plan and verify only read golang-migrate's version table,
// on a read-only connection, without the lock (readonly*.go). Every command
// returns what happened as a Result. It never prints: per-migration
// progress goes to a Progress the caller passes in. The recovery advice for
// a dirty database is decided once, by advise (advice.go), from what was
// observed (outcome.go); a failed run reads the state back on a fresh
// connection (recovery.go); Options.Abort cancels the statement in flight
// (cancel.go).
package migrate

import (
	"fmt"
	"strconv"
	"time"
)

// Engine is the database family behind a URL scheme.
type Engine string

const (
	Postgres Engine = "postgres"
	MySQL    Engine = "mysql"
	SQLite   Engine = "sqlite"
)

// State is the database's migration state: golang-migrate's version table.
type State struct {
	Version    uint
	HasVersion bool
	Dirty      bool
}

// VersionString is the version as the outputs carry it: empty when none.
func (s State) VersionString() string {
	if !s.HasVersion {
		return ""
	}
	return strconv.FormatUint(uint64(s.Version), 10)
}

// String is the state for people: "3", "3 (dirty)" or "none".
func (s State) String() string {
	v := s.VersionString()
	if v == "" {
		v = "none"
	}
	if s.Dirty {
		v += " (dirty)"
	}
	return v
}

// Direction is up or down.
type Direction string

const (
	DirUp   Direction = "up"
	DirDown Direction = "down"
)

// Step is one migration file run (or to run) against the database.
type Step struct {
	Version   uint
	Direction Direction
	// File is the file's path relative to the workspace
	// ("migrations/3_add_email.up.sql"), or "" when the version has no file
	// in this direction (golang-migrate then only moves the version).
	File string
	// Duration is how long the file took; zero for pending steps.
	Duration time.Duration
}

// Name is the file, or a description when the version has no file.
func (s Step) Name() string {
	if s.File != "" {
		return s.File
	}
	return fmt.Sprintf("version %d (no %s file)", s.Version, s.Direction)
}

// Failure describes a migration that failed part-way.
type Failure struct {
	Step Step
	// Statement is the failing statement (or an excerpt), as the driver
	// reports it; Line is its line in the file, 0 when unknown.
	Statement string
	Line      uint
	// LineUnknown says why the failing statement is not known, when
	// Line is 0.
	LineUnknown string
	// Reason is the database's error message.
	Reason string
	// Outcome is what the engine's answer shows: OutcomeFailed (a statement
	// failed), OutcomeUnknown (no answer: the connection or the server was
	// lost) or OutcomeCompleted (the file ran, clearing the flag failed).
	Outcome Outcome
	// RolledBack is true only when the engine answered with an error and
	// runs the file in one transaction: never assumed from a lost
	// connection.
	RolledBack bool
	// Transaction explains RolledBack for this engine, URL and outcome.
	Transaction string
}

// Result is what a command found and did.
type Result struct {
	Command string
	Engine  Engine
	// MigrationsPath is the migrations directory relative to the workspace.
	MigrationsPath string

	// Connected is true once the version was read: Before and After are
	// then meaningful.
	Connected bool
	Before    State
	After     State
	// Applied are the files run by this command, in order, with durations.
	Applied []Step
	// Pending are the up migrations the database lacks (after the run).
	Pending []Step
	// Latest is the highest version in the migrations directory.
	Latest    uint
	HasLatest bool

	// Ahead is true when the database version is above every file in the
	// directory (a newer commit migrated it: expand/contract as designed).
	Ahead bool
	// Drift is true when the database version has no file in the directory
	// and is not above them all (a deleted or renamed migration, or a
	// database migrated from another branch).
	Drift bool

	// NoChange is true when there was nothing to do.
	NoChange bool
	// Cancelled is true when the run stopped early on a signal, after the
	// migration in flight finished.
	Cancelled bool
	// Failure is set when a migration failed.
	Failure *Failure
	// Recovery is set whenever the database is (or was found) dirty, or its
	// state after a failed run is unknown: the one advice every command
	// prints (see advise).
	Recovery *Advice
	// Unread is set when the state after the run could not be read back (the
	// server died or does not answer): After, Pending, Ahead and Drift then
	// mean nothing, and Unread says why.
	Unread string
	// Interrupted says what a second cancellation signal did to the
	// statement in flight; empty when none came.
	Interrupted string
	// LockWait is how long the command waited to open the database and take
	// the migration lock.
	LockWait time.Duration

	// History is what the history table holds or took (history.go); nil
	// when history-table is none.
	History *History
	// PendingSQL is each pending file's text (plan).
	PendingSQL []PendingSQL
	// LockRetries are the retries after lock timeouts; LockRetryNote says
	// why a lock timeout was not (or no longer) retried.
	LockRetries   []LockRetry
	LockRetryNote string
	// HeldBack is true when migrate or down did not start: outside every
	// migration window.
	HeldBack bool
}
