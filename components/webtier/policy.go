package webtier

import "encoding/json"

// statement is one statement of an IAM or bucket policy. Principal, Action
// and Resource take a string or a list, as the policy language does.
type statement struct {
	Sid       string                       `json:"Sid,omitempty"`
	Effect    string                       `json:"Effect"`
	Principal interface{}                  `json:"Principal,omitempty"`
	Action    interface{}                  `json:"Action"`
	Resource  interface{}                  `json:"Resource,omitempty"`
	Condition map[string]map[string]string `json:"Condition,omitempty"`
}

// policyJSON renders statements as a policy document.
func policyJSON(statements []statement) (string, error) {
	doc, err := json.Marshal(struct {
		Version   string      `json:"Version"`
		Statement []statement `json:"Statement"`
	}{"2012-10-17", statements})
	return string(doc), err
}
