package report

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"

	"github.com/schemagate/schemagate/internal/finding"
)

// The subset of SARIF 2.1.0 that schemagate writes. It is small enough to
// declare here, and the test validates it against the OASIS JSON schema.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool    sarifTool     `json:"tool"`
		Results []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string       `json:"id"`
		ShortDescription     sarifMessage `json:"shortDescription"`
		Help                 sarifHelp    `json:"help"`
		HelpURI              string       `json:"helpUri,omitempty"`
		DefaultConfiguration sarifConfig  `json:"defaultConfiguration"`
	}
	sarifHelp struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifConfig struct {
		Level string `json:"level"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID    string          `json:"ruleId"`
		RuleIndex int             `json:"ruleIndex"`
		Level     string          `json:"level"`
		Message   sarifMessage    `json:"message"`
		Locations []sarifLocation `json:"locations"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           sarifRegion   `json:"region"`
	}
	sarifArtifact struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId"`
	}
	sarifRegion struct {
		StartLine int `json:"startLine"`
	}
)

const sarifSchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

// SARIF renders every finding as a SARIF 2.1.0 log: one driver rule per rule
// id that occurs (its summary from describe, its help URI the rule's
// documentation anchor) and one result per finding. File paths become
// relative URI references under %SRCROOT%, percent-encoded.
func SARIF(fs []finding.Finding, version string, describe func(id string) string) ([]byte, error) {
	var ids []string
	sev := map[string]finding.Severity{}
	for _, f := range fs {
		if _, ok := sev[f.Rule]; !ok {
			ids = append(ids, f.Rule)
		}
		// A rule's default level is its severity; require-down and the
		// config file can raise one, and the result's own level wins.
		if sev[f.Rule] != finding.Error {
			sev[f.Rule] = f.Severity
		}
	}
	slices.Sort(ids)
	index := map[string]int{}
	rules := make([]sarifRule, 0, len(ids))
	for i, id := range ids {
		index[id] = i
		text := ""
		if describe != nil {
			text = describe(id)
		}
		if text == "" {
			text = id
		}
		r := sarifRule{
			ID:                   id,
			ShortDescription:     sarifMessage{Text: text},
			Help:                 sarifHelp{Text: text},
			HelpURI:              RuleURL(id),
			DefaultConfiguration: sarifConfig{Level: sarifLevel(sev[id])},
		}
		if r.HelpURI != "" {
			r.Help.Text = fmt.Sprintf("%s. What it breaks and how to fix it: %s", text, r.HelpURI)
			r.Help.Markdown = fmt.Sprintf("%s. [What it breaks and how to fix it](%s).", mdText(text), r.HelpURI)
		}
		rules = append(rules, r)
	}
	results := make([]sarifResult, 0, len(fs))
	for _, f := range fs {
		results = append(results, sarifResult{
			RuleID:    f.Rule,
			RuleIndex: index[f.Rule],
			Level:     sarifLevel(f.Severity),
			Message:   sarifMessage{Text: f.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: sarifURI(f.File), URIBaseID: "%SRCROOT%"},
				// A finding about the whole file points at its first line:
				// code scanning shows a result only with a region.
				Region: sarifRegion{StartLine: max(f.Line, 1)},
			}}},
		})
	}
	log := sarifLog{
		Schema:  sarifSchemaURI,
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{
				Name: "schemagate", Version: version,
				InformationURI: "https://github.com/schemagate/schemagate",
				Rules:          rules,
			}},
			Results: results,
		}},
	}
	return json.MarshalIndent(log, "", "  ")
}

func sarifLevel(s finding.Severity) string {
	if s == finding.Error {
		return "error"
	}
	return "warning"
}

// sarifURI turns a repository-relative path into a relative URI reference:
// percent-encoded, and never read as a scheme ("c:x" becomes "./c:x").
func sarifURI(p string) string {
	return (&url.URL{Path: filepath.ToSlash(p)}).String()
}

// WriteSARIF writes the SARIF log to path, creating its directory. The file
// is written whole or not at all (a temporary file renamed into place).
func WriteSARIF(path string, fs []finding.Finding, version string, describe func(id string) string) error {
	b, err := SARIF(fs, version, describe)
	if err != nil {
		return fmt.Errorf("sarif-file: encode: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("sarif-file %s: %w: give a path the job can write to", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".schemagate-*.sarif")
	if err != nil {
		return fmt.Errorf("sarif-file %s: %w: give a path the job can write to", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("sarif-file %s: write: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("sarif-file %s: write: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("sarif-file %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("sarif-file %s: %w: give a file path, not a directory", path, err)
	}
	return nil
}
