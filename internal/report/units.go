package report

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/schemagate/schemagate/internal/check"
	"github.com/schemagate/schemagate/internal/classify"
)

// DefaultUnit is how the outputs name the one unit the inputs describe
// (no config file, or one without a units: key).
const DefaultUnit = "default"

// unitOutput is one entry of the units output.
type unitOutput struct {
	Name string        `json:"name"`
	Kind classify.Kind `json:"change-kind"`
}

func unitName(u check.UnitResult) string {
	if u.Name == "" {
		return DefaultUnit
	}
	return u.Name
}

// UnitsOutput writes the units output: one {name, change-kind} per deploy
// unit, in the config file's order.
func UnitsOutput(s *Sink, r *check.Result) error {
	out := make([]unitOutput, 0, len(r.Units))
	for _, u := range r.Units {
		out = append(out, unitOutput{Name: unitName(u), Kind: u.Kind})
	}
	b, err := json.Marshal(out)
	if err != nil {
		return fmt.Errorf("encode output units: %w", err)
	}
	return s.SetOutput("units", string(b))
}

// named reports whether the deploy units come from a config file's units:
// key (rather than being the one unit of the inputs).
func named(r *check.Result) bool {
	return len(r.Units) > 1 || (len(r.Units) == 1 && r.Units[0].Name != "")
}

// UnitsSummary is the job summary's table of deploy units, one row per
// unit; "" when the inputs describe the only unit (the summary above says
// everything then).
func UnitsSummary(r *check.Result) string {
	if !named(r) {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "### Deploy units (%s, read at %s)\n\n", code(r.ConfigFile), controls(r.ConfigAt, false))
	b.WriteString("A change set is mixed only when one unit has both schema and code.\n\n")
	b.WriteString("| Unit | Kind | Schema files | Code files | Findings |\n|---|---|---|---|---|\n")
	for _, u := range r.Units {
		kind := string(u.Kind)
		if u.Kind == classify.KindMixed {
			kind = "**mixed**"
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d |\n", code(u.Name), kind, len(u.Schema), len(u.Code), u.Findings)
	}
	b.WriteString("\n")
	return b.String()
}

// MixedUnits names the units that are mixed, for the log line that fails
// the check ("" when the units do not come from a config file).
func MixedUnits(r *check.Result) string {
	if !named(r) {
		return ""
	}
	var names []string
	for _, u := range r.Units {
		if u.Kind == classify.KindMixed {
			names = append(names, termLine(u.Name))
		}
	}
	if len(names) == 0 {
		return ""
	}
	return fmt.Sprintf(" Mixed deploy unit(s): %s.", strings.Join(names, ", "))
}
