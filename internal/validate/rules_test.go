package validate_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/millionstack/millionstack/internal/validate"
)

// describe runs check on the problems of a component that Describe names,
// and returns the rules recorded and the problems reported.
func describe(t *testing.T, check func(p *validate.Problems)) ([]validate.Rule, []*validate.Problem) {
	t.Helper()
	rules, err := validate.Describe(func(name string) error {
		p := validate.For("test", name)
		check(p)
		return p.Err()
	})
	return rules, problems(err)
}

// problems are the Problems an error joins.
func problems(err error) []*validate.Problem {
	if err == nil {
		return nil
	}
	errs := []error{err}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		errs = joined.Unwrap()
	}
	var out []*validate.Problem
	for _, e := range errs {
		var p *validate.Problem
		if errors.As(e, &p) {
			out = append(out, p)
		}
	}
	return out
}

// Every check records its rule whether the value passes or not, and a
// value it refuses gets a message that ends with that rule's phrase: what
// the component reference shows is what the error says.
func TestChecksRecordTheRuleTheirMessagesSay(t *testing.T) {
	key := "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	checks := []struct {
		name      string
		good, bad func(p *validate.Problems)
	}{
		{"IntRange", func(p *validate.Problems) { p.IntRange("F", 3, 1, 5) }, func(p *validate.Problems) { p.IntRange("F", 6, 1, 5) }},
		{"OneOf", func(p *validate.Problems) { validate.OneOf(p, "F", "a", "a", "b") }, func(p *validate.Problems) { validate.OneOf(p, "F", "c", "a", "b") }},
		{"NotEmpty", func(p *validate.Problems) { p.NotEmpty("F", "x") }, func(p *validate.Problems) { p.NotEmpty("F", " ") }},
		{"Prefix", func(p *validate.Problems) { p.Prefix("F", "ami-1", "ami-", "ami-0") }, func(p *validate.Problems) { p.Prefix("F", "al2023", "ami-", "ami-0") }},
		{"InstanceType", func(p *validate.Problems) { p.InstanceType("F", "db.t3.micro", "db.", "db.t3.micro") }, func(p *validate.Problems) { p.InstanceType("F", "t3.micro", "db.", "db.t3.micro") }},
		{"LogRetention", func(p *validate.Problems) { p.LogRetention("F", 30) }, func(p *validate.Problems) { p.LogRetention("F", 31) }},
		{"DomainName", func(p *validate.Problems) { p.DomainName("F", "example.com") }, func(p *validate.Problems) { p.DomainName("F", "example") }},
		{"Region", func(p *validate.Problems) { p.Region("F", "us-east-1") }, func(p *validate.Problems) { p.Region("F", "east") }},
		{"Email", func(p *validate.Problems) { p.Email("F", "ops@example.com") }, func(p *validate.Problems) { p.Email("F", "ops") }},
		{"BucketName", func(p *validate.Problems) { p.BucketName("F", "logs") }, func(p *validate.Problems) { p.BucketName("F", "a..b") }},
		{"Tags", func(p *validate.Problems) { p.Tags("F", nil) }, func(p *validate.Problems) { p.Tags("F", map[string]string{"aws:x": "y"}) }},
		{"InputTags", func(p *validate.Problems) { p.InputTags("F", nil) }, func(p *validate.Problems) { p.InputTags("F", map[string]pulumi.StringInput{"k": nil}) }},
		{"SecurityGroupID", func(p *validate.Problems) { p.SecurityGroupID("F", nil) }, func(p *validate.Problems) { p.SecurityGroupID("F", pulumi.String("sg")) }},
		{"SubnetIDs", func(p *validate.Problems) { p.SubnetIDs("F", nil) }, func(p *validate.Problems) { p.SubnetIDs("F", pulumi.ToStringArray([]string{"subnet"})) }},
		{"HostedZoneID", func(p *validate.Problems) { p.HostedZoneID("F", nil) }, func(p *validate.Problems) { p.HostedZoneID("F", pulumi.String("example.com")) }},
		{"BucketNameInput", func(p *validate.Problems) { p.BucketNameInput("F", nil) }, func(p *validate.Problems) { p.BucketNameInput("F", pulumi.String("A")) }},
		{"KMSKeyARN", func(p *validate.Problems) { p.KMSKeyARN("F", nil, "") }, func(p *validate.Problems) { p.KMSKeyARN("F", pulumi.String(key), "eu-west-1") }},
		{"KeyARN", func(p *validate.Problems) { p.KeyARN("F", pulumi.String(key), "") }, func(p *validate.Problems) { p.KeyARN("F", pulumi.String("alias/x"), "") }},
		{"Name", func(p *validate.Problems) { p.Name("F", nil, validate.BackupVault) }, func(p *validate.Problems) { p.Name("F", pulumi.String("a"), validate.BackupVault) }},
		{"Required", func(p *validate.Problems) { p.Required("F", true, "why") }, func(p *validate.Problems) { p.Required("F", false, "why") }},
		{"Conflict", func(p *validate.Problems) { p.Conflict("F", "G", false, "why") }, func(p *validate.Problems) { p.Conflict("F", "G", true, "why") }},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			goodRules, goodProblems := describe(t, c.good)
			assert.Empty(t, goodProblems)
			require.NotEmpty(t, goodRules, "a value that passes records the rule")
			badRules, badProblems := describe(t, c.bad)
			require.NotEmpty(t, badProblems)
			for _, problem := range badProblems {
				allowed := problem.Allowed()
				require.NotEmpty(t, allowed, problem.Error())
				var fields []string
				for _, r := range badRules {
					if r.Allowed == allowed {
						fields = append(fields, r.Field)
					}
				}
				assert.NotEmpty(t, fields, "%s: its rule was recorded", problem.Error())
				assert.True(t, strings.HasSuffix(problem.Message, "; allowed: "+allowed) || problem.Message == "is "+allowed,
					"%s: the message ends with the rule", problem.Error())
				assert.True(t, strings.HasPrefix(problem.Field, "F"), "%s is a problem of the field checked", problem.Error())
			}
		})
	}
}

// A KMS key's rule names the region it must be in, or says it must be the
// component's when that is not known.
func TestARNRuleNamesTheRegion(t *testing.T) {
	rules, _ := describe(t, func(p *validate.Problems) { p.KMSKeyARN("K", nil, "") })
	assert.Equal(t, []validate.Rule{{Field: "K", Allowed: `a KMS key in the region the component deploys to, by its ARN such as "` + validate.KMSKey.Example + `"`}}, rules)
	rules, _ = describe(t, func(p *validate.Problems) { p.KMSKeyARN("K", nil, "eu-west-1") })
	assert.Equal(t, `a KMS key in eu-west-1, by its ARN such as "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"`, rules[0].Allowed)
	rules, problems := describe(t, func(p *validate.Problems) {
		p.TopicARN("T", pulumi.String("arn:aws:sns:eu-west-1:123456789012:alarms"), validate.AnyRegion)
	})
	assert.Empty(t, problems, "a topic of any region")
	assert.Contains(t, rules[0].Allowed, "an SNS topic in any region")
}

// A check used in a loop reports each element under its own path, with
// the rule recorded once for the field.
func TestRefuseAtNamesTheElement(t *testing.T) {
	rules, problems := describe(t, func(p *validate.Problems) {
		c := p.Allows("Paths", "absolute paths")
		for i, path := range []string{"/a", "b"} {
			if !strings.HasPrefix(path, "/") {
				c.RefuseAt(fmt.Sprintf("Paths[%d]", i), "%q is relative", path)
			}
		}
	})
	assert.Equal(t, []validate.Rule{{Field: "Paths", Allowed: "absolute paths"}}, rules)
	require.Len(t, problems, 1)
	assert.Equal(t, "Paths[1]", problems[0].Field)
	assert.Equal(t, `"b" is relative; allowed: absolute paths`, problems[0].Message)
}

// A validation run under Within gives its field one rule, what the
// component's args allow (their own rules are that component's), and its
// problems below the field.
func TestWithinNestsRulesAndProblems(t *testing.T) {
	worker := func(name string) error {
		p := validate.For("function", name)
		p.IntRange("TimeoutSeconds", 0, 1, 900)
		return p.Err()
	}
	rules, problems := describe(t, func(p *validate.Problems) {
		p.Within("Worker", "worker", worker)
	})
	assert.Equal(t, []validate.Rule{{Field: "Worker", Allowed: "what the function component's args allow"}}, rules)
	require.Len(t, problems, 1)
	assert.Equal(t, "Worker.TimeoutSeconds", problems[0].Field)
	assert.Equal(t, "1 to 900", problems[0].Allowed())

	p := validate.For("messaging", "flow")
	p.Within("Worker", "flow-worker", worker)
	assert.EqualError(t, p.Err(), `messaging "flow": Worker.TimeoutSeconds: 0 is out of range; allowed: 1 to 900`)
}

// Validations outside Describe record nothing, and validations Describe
// runs at the same time keep their rules apart.
func TestDescribeKeepsEachValidationsRules(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			field := fmt.Sprintf("F%d", i)
			rules, err := validate.Describe(func(name string) error {
				validate.For("other", "not-described").IntRange("G", 0, 1, 2)
				p := validate.For("test", name)
				p.IntRange(field, 1, 1, 2)
				return p.Err()
			})
			assert.NoError(t, err)
			assert.Equal(t, []validate.Rule{{Field: field, Allowed: "1 to 2"}}, rules)
		}()
	}
	wg.Wait()
}
