package container

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// containerDefinition is the part of ECS's ContainerDefinition (API
// reference) the component sets, in its JSON spelling.
type containerDefinition struct {
	Name                   string            `json:"name"`
	Image                  string            `json:"image"`
	Essential              bool              `json:"essential"`
	Command                []string          `json:"command,omitempty"`
	User                   string            `json:"user,omitempty"`
	PortMappings           []portMapping     `json:"portMappings"`
	Environment            []keyValue        `json:"environment"`
	MountPoints            []mountPoint      `json:"mountPoints"`
	ReadonlyRootFilesystem bool              `json:"readonlyRootFilesystem"`
	HealthCheck            *healthCheck      `json:"healthCheck,omitempty"`
	LogConfiguration       *logConfiguration `json:"logConfiguration"`
}

type portMapping struct {
	ContainerPort int    `json:"containerPort"`
	HostPort      int    `json:"hostPort"`
	Protocol      string `json:"protocol"`
}

type keyValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type mountPoint struct {
	SourceVolume  string `json:"sourceVolume"`
	ContainerPath string `json:"containerPath"`
	ReadOnly      bool   `json:"readOnly"`
}

type healthCheck struct {
	Command     []string `json:"command"`
	Interval    int      `json:"interval"`
	Timeout     int      `json:"timeout"`
	Retries     int      `json:"retries"`
	StartPeriod int      `json:"startPeriod"`
}

type logConfiguration struct {
	LogDriver string            `json:"logDriver"`
	Options   map[string]string `json:"options"`
}

// taskDefinition registers the task definition `<name>`: one essential
// container called <name>, on Fargate with awsvpc networking (the only mode
// Fargate has), Linux on Architecture, of the size CPU and MemoryMiB.
//
// The container listens on ContainerPort (in awsvpc mode the host port is
// the container port), runs unprivileged (privileged is never set; Fargate
// does not support it) with a read-only root file system
// and an empty volume for each of WritablePaths, and logs with the awslogs
// driver to the component's log group, in the region of the component's
// provider, in non-blocking mode: when CloudWatch Logs is slow, log lines
// beyond a 25 MB buffer are dropped rather than the app's writes stalling
// (ECS guide, awslogs log driver options, mode and max-buffer-size: the
// choice of availability over completeness).
//
// A change to any of it is a new revision (every argument of a task
// definition forces one, terraform-provider-aws
// internal/service/ecs/task_definition.go); the service then rolls to it.
// Old revisions stay registered (SkipDestroy): ECS cannot move a service to
// a deregistered (INACTIVE) revision (DeregisterTaskDefinition, API
// reference), which is what the deployment circuit breaker's rollback
// does.
func (b *builder) taskDefinition() error {
	volumes := ecs.TaskDefinitionVolumeArray{}
	var mounts []mountPoint
	for i, dir := range b.args.WritablePaths {
		// An empty volume on the task's ephemeral storage (no host path):
		// Fargate bind mounts (ECS guide, Use bind mounts with Amazon ECS).
		volume := "writable-" + strconv.Itoa(i)
		volumes = append(volumes, &ecs.TaskDefinitionVolumeArgs{Name: pulumi.String(volume)})
		mounts = append(mounts, mountPoint{SourceVolume: volume, ContainerPath: dir})
	}
	var err error
	b.taskDef, err = ecs.NewTaskDefinition(b.ctx, b.name, &ecs.TaskDefinitionArgs{
		Family:                  pulumi.String(family(b.ctx.Project(), b.ctx.Stack(), b.name)),
		RequiresCompatibilities: pulumi.StringArray{pulumi.String("FARGATE")},
		NetworkMode:             pulumi.String("awsvpc"),
		Cpu:                     pulumi.String(strconv.Itoa(b.args.CPU)),
		Memory:                  pulumi.String(strconv.Itoa(b.args.MemoryMiB)),
		RuntimePlatform: &ecs.TaskDefinitionRuntimePlatformArgs{
			// Required on Fargate (pulumi-aws go/aws/ecs/pulumiTypes.go,
			// operatingSystemFamily: "If the `requiresCompatibilities` is
			// `FARGATE` this field is required").
			OperatingSystemFamily: pulumi.String("LINUX"),
			CpuArchitecture:       pulumi.String(string(b.args.Architecture)),
		},
		ExecutionRoleArn:     b.executionRoleARN,
		TaskRoleArn:          b.taskRoleARN,
		Volumes:              volumes,
		ContainerDefinitions: b.containerDefinitions(mounts),
		SkipDestroy:          pulumi.Bool(true),
		Tags:                 tagging.Named(b.name, b.args.Tags),
	}, b.parent)
	return err
}

// containerDefinitions renders the one container's definition as the JSON
// array ECS takes, once the log group's name and the environment values are
// known. Environment variables are sorted by name, so that the document is
// the same on every run.
func (b *builder) containerDefinitions(mounts []mountPoint) pulumi.StringOutput {
	keys := validate.Keys(b.args.Environment)
	inputs := []interface{}{b.logs.Name}
	for _, k := range keys {
		inputs = append(inputs, b.args.Environment[k])
	}
	return pulumi.All(inputs...).ApplyT(func(v []interface{}) (string, error) {
		env := []keyValue{}
		for i, k := range keys {
			env = append(env, keyValue{Name: k, Value: v[i+1].(string)})
		}
		def := containerDefinition{
			Name:                   b.name,
			Image:                  b.args.Image,
			Essential:              true,
			Command:                b.args.Command,
			User:                   b.args.User,
			PortMappings:           []portMapping{{ContainerPort: b.args.ContainerPort, HostPort: b.args.ContainerPort, Protocol: "tcp"}},
			Environment:            env,
			MountPoints:            append([]mountPoint{}, mounts...),
			ReadonlyRootFilesystem: *b.args.ReadonlyRootFilesystem,
			LogConfiguration: &logConfiguration{LogDriver: "awslogs", Options: map[string]string{
				"awslogs-group":         v[0].(string),
				"awslogs-region":        b.region,
				"awslogs-stream-prefix": b.name, // required on Fargate: streams are <prefix>/<container>/<task ID>
				"mode":                  "non-blocking",
				"max-buffer-size":       "25m",
			}},
		}
		if hc := b.args.HealthCheck; hc != nil {
			def.HealthCheck = &healthCheck{
				Command: hc.Command, Interval: hc.IntervalSeconds, Timeout: hc.TimeoutSeconds,
				Retries: hc.Retries, StartPeriod: hc.StartPeriodSeconds,
			}
		}
		out, err := json.Marshal([]containerDefinition{def})
		if err != nil {
			return "", fmt.Errorf("container definition: %w", err)
		}
		return string(out), nil
	}).(pulumi.StringOutput)
}
