package cache

import (
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/elasticache"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// rbacEngine is the engine of the cache's users and user group, whichever
// engine the replication group runs. A "redis" user group serves Valkey
// groups too, and only it may hold a user that needs no password, which the
// disabled default user is; it also lets a cache move from Redis OSS to
// Valkey without touching its users.
const rbacEngine = "redis"

// Access strings (Redis ACL rules) of the two users.
const (
	// appAccess lets the app use every key and command except the
	// dangerous ones (FLUSHALL, KEYS, CONFIG, DEBUG, ...).
	appAccess = "on ~* +@all -@dangerous"
	// defaultAccess switches the default user off and grants it nothing.
	defaultAccess = "off -@all"
)

// users are the RBAC identities of a cache.
type users struct {
	app         *elasticache.User
	appUserName string
	group       *elasticache.UserGroup
}

// users creates the RBAC user group `<name>` with two users:
//
//   - `<name>-app`, the app's user, authenticated by IAM (elasticache:Connect
//     tokens, see connectPolicy), so no password exists in config or state;
//     IAM requires its user name to equal its user ID;
//   - `<name>-default`, which takes the user name "default" that every user
//     group must contain and that clients use when they send no user name.
//     ElastiCache's own default user lets anyone in; this one is switched
//     off, so it needs no password either.
//
// A generated password would be stored in state and, regenerated at each
// run, would rotate the cache's credentials at every deployment.
func (c *children) users() (users, error) {
	appID := c.idBase + "-app"
	app, err := elasticache.NewUser(c.ctx, c.name+"-app", &elasticache.UserArgs{
		UserId:             pulumi.String(appID),
		UserName:           pulumi.String(appID),
		Engine:             pulumi.String(rbacEngine),
		AccessString:       pulumi.String(appAccess),
		AuthenticationMode: &elasticache.UserAuthenticationModeArgs{Type: pulumi.String("iam")},
		Tags:               tagging.Named(c.name+"-app", c.args.Tags),
	}, c.parent)
	if err != nil {
		return users{}, err
	}
	disabledDefault, err := elasticache.NewUser(c.ctx, c.name+"-default", &elasticache.UserArgs{
		UserId:             pulumi.String(c.idBase + "-default"),
		UserName:           pulumi.String("default"),
		Engine:             pulumi.String(rbacEngine),
		AccessString:       pulumi.String(defaultAccess),
		AuthenticationMode: &elasticache.UserAuthenticationModeArgs{Type: pulumi.String("no-password-required")},
		Tags:               tagging.Named(c.name+"-default", c.args.Tags),
	}, c.parent)
	if err != nil {
		return users{}, err
	}
	group, err := elasticache.NewUserGroup(c.ctx, c.name, &elasticache.UserGroupArgs{
		UserGroupId: pulumi.String(c.idBase),
		Engine:      pulumi.String(rbacEngine),
		UserIds:     pulumi.StringArray{disabledDefault.UserId, app.UserId},
		Tags:        tagging.Named(c.name, c.args.Tags),
	}, c.parent)
	if err != nil {
		return users{}, err
	}
	return users{app: app, appUserName: appID, group: group}, nil
}

// connectPolicy returns an IAM policy document that allows
// elasticache:Connect to the replication group as the app user, and nothing
// else: IAM authentication needs both resources in one statement.
func connectPolicy(groupARN, userARN pulumi.StringOutput) pulumi.StringOutput {
	return pulumi.All(groupARN, userARN).ApplyT(func(arns []interface{}) (string, error) {
		return policy.Document{Statement: []policy.Statement{{
			Sid:      "ConnectAsAppUser",
			Effect:   "Allow",
			Action:   "elasticache:Connect",
			Resource: arns,
		}}}.JSON()
	}).(pulumi.StringOutput)
}
