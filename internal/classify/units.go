package classify

import "slices"

// Unit is one deploy unit's globs: what counts as its schema and its code.
type Unit struct {
	Name         string
	Schema, Code *Globs
}

// UnitResult is one unit's share of a change set.
type UnitResult struct {
	Name string
	Result
}

// ClassifyUnits classifies a change set for several deploy units. A path
// that ignore matches is ignored; a path that a unit's schema globs match is
// schema for that unit and code for none (a migration is never another
// unit's code, even under a broad code-paths such as **); any other path is
// code for each unit whose code globs match (shared paths count for every
// unit that lists them), and ignored when none does.
//
// A unit is mixed when it has both schema and code. The overall Kind is
// mixed only when some unit is; otherwise it is schema when any unit has
// schema (its migration must be applied before its code ships), code when
// only code changed, none when nothing did. The overall lists are the
// unions.
func ClassifyUnits(ignore *Globs, units []Unit, paths []string) (Result, []UnitResult) {
	per := make([]UnitResult, len(units))
	for i, u := range units {
		per[i].Name = u.Name
	}
	var all Result
	seen := make(map[string]bool, len(paths))
	for _, p := range paths {
		if p == "" || seen[p] {
			continue
		}
		seen[p] = true
		if ignore.Match(p) {
			all.Ignored = append(all.Ignored, p)
			continue
		}
		schema := false
		for i, u := range units {
			if u.Schema.Match(p) {
				per[i].Schema = append(per[i].Schema, p)
				schema = true
			}
		}
		if schema {
			all.Schema = append(all.Schema, p)
			continue
		}
		code := false
		for i, u := range units {
			if u.Code.Match(p) {
				per[i].Code = append(per[i].Code, p)
				code = true
			}
		}
		if code {
			all.Code = append(all.Code, p)
		} else {
			all.Ignored = append(all.Ignored, p)
		}
	}
	mixed := false
	for i := range per {
		per[i].Kind = kindOf(len(per[i].Schema) > 0, len(per[i].Code) > 0)
		mixed = mixed || per[i].Kind == KindMixed
	}
	slices.Sort(all.Schema)
	slices.Sort(all.Code)
	slices.Sort(all.Ignored)
	switch {
	case mixed:
		all.Kind = KindMixed
	case len(all.Schema) > 0:
		all.Kind = KindSchema
	case len(all.Code) > 0:
		all.Kind = KindCode
	default:
		all.Kind = KindNone
	}
	return all, per
}

func kindOf(schema, code bool) Kind {
	switch {
	case schema && code:
		return KindMixed
	case schema:
		return KindSchema
	case code:
		return KindCode
	}
	return KindNone
}
