package monitoring

import (
	"encoding/json"

	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Dashboard layout: the grid is 24 units wide; each tier is a one-unit
// title followed by a row of graphs.
const (
	gridWidth   = 24
	titleHeight = 1
	graphHeight = 6
)

// newDashboard creates the dashboard: per tier, a title and one graph per
// metric its alarms watch, with a line per subject. The body is JSON built
// once every target ID is known.
func (m *Monitoring) newDashboard(ctx *pulumi.Context, name string, tiers []tier, acct awsprovider.Place) (*cloudwatch.Dashboard, error) {
	var dimensions []interface{}
	for _, t := range tiers {
		for _, s := range t.subjects {
			dimensions = append(dimensions, s.dimensions.ToStringMapOutput())
		}
	}
	body := pulumi.All(dimensions...).ApplyT(func(resolved []interface{}) string {
		return dashboardJSON(tiers, resolved, acct.Region)
	}).(pulumi.StringOutput)

	return cloudwatch.NewDashboard(ctx, name, &cloudwatch.DashboardArgs{
		DashboardName: pulumi.String(physicalName(ctx, name, 255)),
		DashboardBody: body,
	}, pulumi.Parent(m))
}

// dashboardJSON renders the dashboard body. resolved holds each subject's
// dimensions, in the order of tiers and their subjects.
func dashboardJSON(tiers []tier, resolved []interface{}, region string) string {
	widgets := []map[string]interface{}{}
	next, y := 0, 0
	for _, t := range tiers {
		var metrics []string                // in order of first appearance
		lines := map[string][]interface{}{} // metric -> one line per subject
		for _, s := range t.subjects {
			dims := resolved[next].(map[string]string)
			next++
			for _, r := range s.rules {
				if _, seen := lines[r.metric]; !seen {
					metrics = append(metrics, r.metric)
				}
				lines[r.metric] = append(lines[r.metric], metricLine(r.namespaceIn(t), r, s.key, dims))
			}
		}

		widgets = append(widgets, map[string]interface{}{
			"type": "text", "x": 0, "y": y, "width": gridWidth, "height": titleHeight,
			"properties": map[string]interface{}{"markdown": "## " + t.title},
		})
		y += titleHeight
		width := gridWidth / len(metrics)
		for i, metric := range metrics {
			widgets = append(widgets, map[string]interface{}{
				"type": "metric", "x": i * width, "y": y, "width": width, "height": graphHeight,
				"properties": map[string]interface{}{
					"title": t.title + ": " + metric, "region": region, "view": "timeSeries", "stacked": false,
					"metrics": lines[metric],
				},
			})
		}
		y += graphHeight
	}
	// Marshal cannot fail: the body holds only strings, numbers, slices and maps.
	b, _ := json.Marshal(map[string]interface{}{"widgets": widgets})
	return string(b)
}

// metricLine is one line of a graph in CloudWatch's array form:
// namespace, metric, dimension name/value pairs, then rendering options.
// It uses the alarm's statistic and period, so the graph shows what the
// alarm evaluates.
func metricLine(namespace string, r rule, label string, dims map[string]string) []interface{} {
	line := []interface{}{namespace, r.metric}
	for _, n := range validate.Keys(dims) {
		line = append(line, n, dims[n])
	}
	return append(line, map[string]interface{}{"stat": r.statistic, "period": r.period, "label": label})
}
