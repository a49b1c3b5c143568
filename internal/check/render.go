package check

import (
	"encoding/json"
	"fmt"
	"github.com/millionstack/millionstack/millionstacktest"
	"io"
	"strings"
)

// HelpURL is the Security Hub controls reference entry of a control.
func HelpURL(id string) string {
	service, _, _ := strings.Cut(id, ".")
	return fmt.Sprintf("https://docs.aws.amazon.com/securityhub/latest/userguide/%s-controls.html#%s",
		strings.ToLower(service), strings.ToLower(strings.ReplaceAll(id, ".", "-")))
}

// WriteText prints the report as a table: control, severity, result,
// resource and a short reason; failures first. verbose adds the passes.
func (r *Report) WriteText(w io.Writer, verbose bool) {
	fmt.Fprintf(w, "%d findings: %d passed, %d failed, %d suppressed, %d accepted by design\n", len(r.Findings), r.Passed, r.Failed, r.Suppressed, r.Accepted)
	fmt.Fprintf(w, "\n%-17s %-8s %-10s %-52s %s\n", "CONTROL", "SEVERITY", "RESULT", "RESOURCE", "REASON")
	hidden := 0
	for _, f := range r.Sorted() {
		if f.Result == Pass && !verbose {
			hidden++
			continue
		}
		reason := f.Reason
		switch f.Result {
		case Suppressed:
			reason = "accepted: " + f.Suppression + " (" + f.Reason + ")"
		case Accepted:
			reason = "by design: " + f.Suppression + " (" + f.Reason + ")"
		}
		fmt.Fprintf(w, "%-17s %-8s %-10s %-52s %s\n", f.Control, f.Severity, strings.ToUpper(string(f.Result)), clip(millionstacktest.ShortType(f.Type)+" "+f.Name, 52), reason)
	}
	if hidden > 0 {
		fmt.Fprintf(w, "... and %d passing findings (--verbose lists them)\n", hidden)
	}
	if len(r.NotApplicable) > 0 {
		fmt.Fprintf(w, "\nNot applicable at stage %s:\n", r.Stage)
		for _, n := range r.NotApplicable {
			fmt.Fprintf(w, "  %-17s from %s: %s\n", n.Control, n.From, n.Why)
		}
	}
	for _, u := range r.Unused {
		fmt.Fprintf(w, "\nwarning: suppression of %s on %q matched no failure (%s)\n", u.Control, u.Resource, u.Reason)
	}
}

// WriteRules lists the rules: ID, severity, from which stage, title.
func WriteRules(w io.Writer, rules []Rule) {
	for _, r := range rules {
		from := ""
		if r.From != "" {
			from = "from " + r.From
		}
		fmt.Fprintf(w, "%-17s %-8s %-9s %s\n", r.ID, r.Severity, from, r.Title)
	}
}

// SARIF renders the report as SARIF 2.1.0, the format code-scanning UIs
// read: one rule per control, one result per failed or suppressed finding,
// located in the stage's stack file (the config that produced it) and
// logically at the resource's URN.
func (r *Report) SARIF(rules []Rule, stackFile string) ([]byte, error) {
	type msg struct {
		Text string `json:"text"`
	}
	type sarifRule struct {
		ID                   string            `json:"id"`
		Name                 string            `json:"name"`
		ShortDescription     msg               `json:"shortDescription"`
		HelpURI              string            `json:"helpUri"`
		DefaultConfiguration map[string]string `json:"defaultConfiguration"`
		Properties           map[string]any    `json:"properties"`
	}
	type result struct {
		RuleID       string              `json:"ruleId"`
		Level        string              `json:"level"`
		Message      msg                 `json:"message"`
		Locations    []any               `json:"locations"`
		Suppressions []map[string]string `json:"suppressions,omitempty"`
	}
	var sr []sarifRule
	for _, rule := range rules {
		tags := []string{"security", rule.Service}
		if rule.CIS != "" {
			tags = append(tags, rule.CIS)
		}
		sr = append(sr, sarifRule{
			ID: rule.ID, Name: strings.ReplaceAll(rule.ID, ".", ""), ShortDescription: msg{rule.Title},
			HelpURI: HelpURL(rule.ID), DefaultConfiguration: map[string]string{"level": level(rule.Severity)},
			Properties: map[string]any{"tags": tags, "security-severity": securitySeverity(rule.Severity)},
		})
	}
	results := []result{}
	for _, f := range r.Sorted() {
		if f.Result == Pass {
			continue
		}
		res := result{
			RuleID: f.Control, Level: level(f.Severity),
			Message: msg{fmt.Sprintf("%s %s: %s", millionstacktest.ShortType(f.Type), f.Name, f.Reason)},
			Locations: []any{map[string]any{
				"physicalLocation": map[string]any{
					"artifactLocation": map[string]string{"uri": stackFile},
					"region":           map[string]int{"startLine": 1},
				},
				"logicalLocations": []map[string]string{{"name": f.Name, "fullyQualifiedName": f.URN, "kind": "resource"}},
			}},
		}
		switch f.Result {
		case Suppressed:
			res.Suppressions = []map[string]string{{"kind": "external", "justification": f.Suppression}}
		case Accepted:
			res.Suppressions = []map[string]string{{"kind": "inSource", "justification": f.Suppression}}
		}
		results = append(results, res)
	}
	doc := map[string]any{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs": []any{map[string]any{
			"tool": map[string]any{"driver": map[string]any{
				"name": "millionstack check", "informationUri": "https://github.com/millionstack/millionstack", "rules": sr,
			}},
			"results": results,
		}},
	}
	return json.MarshalIndent(doc, "", "  ")
}

// level maps a severity onto SARIF's levels.
func level(s Severity) string {
	switch s {
	case Critical, High:
		return "error"
	case Medium:
		return "warning"
	}
	return "note"
}

// securitySeverity is the CVSS-like score GitHub code scanning sorts by.
func securitySeverity(s Severity) string {
	return map[Severity]string{Critical: "9.5", High: "8.0", Medium: "5.5", Low: "3.0"}[s]
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-3] + "..."
}
