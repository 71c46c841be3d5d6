package app

import "github.com/schemagate/schemagate/internal/check"

// sqlLinter is the SQL safety rules' entry point (nil until they are wired).
var sqlLinter check.SQLLinter
