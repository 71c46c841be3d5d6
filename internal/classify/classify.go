package classify

import (
	"slices"
)

// Class is what one path counts as.
type Class int

const (
	ClassIgnored Class = iota
	ClassSchema
	ClassCode
)

// Kind is what a whole change set counts as; the values are the
// change-kind output.
type Kind string

const (
	KindNone   Kind = "none"
	KindSchema Kind = "schema"
	KindCode   Kind = "code"
	KindMixed  Kind = "mixed"
)

// Rules holds the three compiled glob lists, applied in the contract's
// order: ignore, then schema, then code, else ignored.
type Rules struct {
	Ignore, Schema, Code *Globs
}

// Class classifies one path.
func (r *Rules) Class(path string) Class {
	switch {
	case r.Ignore.Match(path):
		return ClassIgnored
	case r.Schema.Match(path):
		return ClassSchema
	case r.Code.Match(path):
		return ClassCode
	}
	return ClassIgnored
}

// Result is a classified change set. The lists are sorted and hold each
// path once.
type Result struct {
	Kind    Kind
	Schema  []string
	Code    []string
	Ignored []string
}

// Classify classifies every path (callers pass both sides of a rename).
func (r *Rules) Classify(paths []string) Result {
	var res Result
	seen := make(map[string]bool, len(paths))
	for _, p := range paths {
		if p == "" || seen[p] {
			continue
		}
		seen[p] = true
		switch r.Class(p) {
		case ClassSchema:
			res.Schema = append(res.Schema, p)
		case ClassCode:
			res.Code = append(res.Code, p)
		default:
			res.Ignored = append(res.Ignored, p)
		}
	}
	slices.Sort(res.Schema)
	slices.Sort(res.Code)
	slices.Sort(res.Ignored)
	res.Kind = kindOf(len(res.Schema) > 0, len(res.Code) > 0)
	return res
}
