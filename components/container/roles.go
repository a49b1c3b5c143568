package container

import (
	"fmt"
	"github.com/millionstack/millionstack/internal/naming"

	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ecsTasks is the service principal that assumes both roles of a task.
const ecsTasks = "ecs-tasks.amazonaws.com"

// roles creates the two roles a task runs with (Amazon ECS developer guide,
// IAM roles for Amazon ECS):
//
//   - `<name>-execution`, which ECS's Fargate agent uses to start the task:
//     pull the image and create the log stream and write it. Its inline
//     policy `<name>-execution` is the AWS managed
//     AmazonECSTaskExecutionRolePolicy (ecr:GetAuthorizationToken,
//     ecr:BatchCheckLayerAvailability, ecr:GetDownloadUrlForLayer,
//     ecr:BatchGetImage, logs:CreateLogStream, logs:PutLogEvents, all on
//     "*") narrowed to what this task uses: the log actions on its own log
//     group, and the ECR actions on the image's private repository only
//     (none for a public image, which needs no credentials).
//     ecr:GetAuthorizationToken takes no resource but "*" (Service
//     Authorization Reference, Amazon ECR actions).
//   - `<name>-task`, which the app's code runs as: no permissions but the
//     caller's TaskPolicies (`<name>-task-<key>`) and, with ECS Exec, the
//     SSM messages channel it needs (`<name>-task-exec`). Its trust policy
//     admits ECS tasks of this account and region only (aws:SourceAccount
//     and aws:SourceArn, the confused-deputy guard the ECS guide's task IAM
//     role page recommends).
//
// The service waits for every inline policy: one that starts before its
// permissions exist fails ("ECS was unable to assume the role"), and one
// deleted after its policy hangs in DRAINING (pulumi-aws
// go/aws/ecs/service.go, Note).
//
// A role given instead (ExistingExecutionRoleARN, ExistingTaskRoleARN) is
// used as it is: the component creates neither it nor policies on it.
func (b *builder) roles() error {
	if existing := b.args.ExistingExecutionRoleARN; existing != nil {
		b.executionRoleARN = existing.ToStringOutput()
	} else {
		execution, err := b.role("execution", "Starts the tasks of the "+b.name+" ECS service: image pull and logs", policy.AssumeRole(ecsTasks))
		if err != nil {
			return err
		}
		b.executionRole, b.executionRoleARN = execution, execution.Arn
		if err := b.rolePolicy(execution, "execution", b.executionPolicy()); err != nil {
			return err
		}
	}
	if existing := b.args.ExistingTaskRoleARN; existing != nil {
		b.taskRoleARN = existing.ToStringOutput()
		b.taskRoleName = validate.ARNName(b.taskRoleARN)
		return nil
	}

	trust := policy.AssumeRoleFromAccount(ecsTasks, b.account)
	trust.Statement[0].Condition["ArnLike"] = map[string]interface{}{
		"aws:SourceArn": fmt.Sprintf("arn:%s:ecs:%s:%s:*", b.partition, b.region, b.account),
	}
	task, err := b.role("task", "Runs the app of the "+b.name+" ECS service", trust)
	if err != nil {
		return err
	}
	b.taskRole, b.taskRoleARN, b.taskRoleName = task, task.Arn, task.Name
	policies := map[string]pulumi.StringInput{}
	for key, doc := range b.args.TaskPolicies {
		policies[key] = doc
	}
	if b.args.EnableExecuteCommand {
		policies[execPolicy] = pulumi.String(mustJSON(execCommandPolicy))
	}
	for _, key := range validate.Keys(policies) {
		if err := b.rolePolicy(task, "task-"+key, policies[key]); err != nil {
			return err
		}
	}
	return nil
}

// role creates the role `<name>-<role>` that trust admits.
func (b *builder) role(role, description string, trust policy.Document) (*iam.Role, error) {
	doc, err := trust.JSON()
	if err != nil {
		return nil, err
	}
	return iam.NewRole(b.ctx, naming.Child(b.name, role), &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(doc),
		Description:      pulumi.String(description),
		Tags:             tagging.Named(naming.Child(b.name, role), b.args.Tags),
	}, b.parent)
}

// rolePolicy attaches doc to role as the inline policy `<name>-<key>`.
func (b *builder) rolePolicy(role *iam.Role, key string, doc pulumi.StringInput) error {
	p, err := iam.NewRolePolicy(b.ctx, naming.Child(b.name, key), &iam.RolePolicyArgs{
		Role:   role.Name,
		Policy: doc,
	}, b.parent)
	b.rolePolicies = append(b.rolePolicies, p)
	return err
}

// executionPolicy is the execution role's permissions, once the log group's
// ARN is known.
func (b *builder) executionPolicy() pulumi.StringOutput {
	img, _ := parseImage(b.args.Image) // validated
	return b.logs.Arn.ApplyT(func(logGroupARN string) (string, error) {
		statements := []policy.Statement{{
			Sid:      "WriteOwnLogs",
			Effect:   "Allow",
			Action:   []string{"logs:CreateLogStream", "logs:PutLogEvents"},
			Resource: []string{logGroupARN + ":*"},
		}}
		if account, region, repository, private := img.ecrRepository(); private {
			statements = append(statements,
				policy.Statement{Sid: "ECRLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*"},
				policy.Statement{
					Sid:      "PullOwnImage",
					Effect:   "Allow",
					Action:   []string{"ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"},
					Resource: fmt.Sprintf("arn:%s:ecr:%s:%s:repository/%s", b.partition, region, account, repository),
				})
		}
		return policy.Document{Statement: statements}.JSON()
	}).(pulumi.StringOutput)
}

// execCommandPolicy lets the ECS Exec agent in the task open its SSM
// channels (Amazon ECS developer guide, ECS Exec: the task role needs these
// four actions, which take no resource but "*").
var execCommandPolicy = policy.Document{Statement: []policy.Statement{{
	Effect: "Allow",
	Action: []string{
		"ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
		"ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
	},
	Resource: "*",
}}}

func mustJSON(d policy.Document) string {
	s, err := d.JSON()
	if err != nil {
		panic(err)
	}
	return s
}
