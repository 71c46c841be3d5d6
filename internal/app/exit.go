// Package app is the program: it reads the inputs, runs one command and hands
// its result to the reporters. It returns an exit code and never exits.
package app

import (
	"errors"

	"github.com/schemagate/schemagate/internal/config"
)

// Exit codes, as documented in the contract.
const (
	// ExitOK: success.
	ExitOK = 0
	// ExitFailed: the check failed (mixed change set, lint error, pending
	// migrations in verify) or a migration failed.
	ExitFailed = 1
	// ExitConfig: bad input or configuration.
	ExitConfig = 2
)

// Version is stamped at build time with -ldflags "-X ...app.Version=v1.2.3".
var Version = "dev"

// exitCode maps an error to the contract's exit code.
func exitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var in *config.InputError
	var us *config.UsageError
	if errors.As(err, &in) || errors.As(err, &us) {
		return ExitConfig
	}
	return ExitFailed
}
