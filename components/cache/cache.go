// Package cache provides Cache, the ElastiCache replication group (Redis OSS
// or Valkey) that holds sessions and hot reads from stage 10k on.
//
// What makes it safe to run for real: data is encrypted at rest and in
// transit (TLS required), nodes sit in private subnets behind a security
// group that admits only the groups it is given, replicas fail over
// automatically across Availability Zones, snapshots are taken daily, and the
// slow log goes to CloudWatch Logs. No password exists anywhere: the app
// connects as an IAM-authenticated user, and the built-in "default" user,
// which would otherwise let any client in, is replaced by a disabled one.
//
// What makes it grow in place: the replication group keeps its logical name
// and every input AWS cannot change on a running group (ID, engine, subnet
// group, encryption, port), so more replicas and bigger nodes are online
// modifications, never a new, empty cache.
package cache

import (
	"errors"
	"github.com/millionstack/millionstack/internal/naming"

	"github.com/millionstack/millionstack/components/monitoring"
	"github.com/millionstack/millionstack/internal/admission"
	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/elasticache"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// CacheType is the Cache component's type token.
const CacheType = "millionstack:cache:Cache"

// Cache is an ElastiCache replication group with its subnet group, security
// group, parameter group, slow log and IAM-authenticated users.
//
// Its main children are exported as an escape hatch: read their outputs or
// depend on them. To change an input the component sets, use
// pulumi.Transforms on the component, e.g. to change the snapshot window:
//
//	cache.NewCache(ctx, "cache", args, pulumi.Transforms([]pulumi.XResourceTransform{snapshotAtSix}))
//
// A transform of a replace-triggering input (engine, port, subnet group,
// at-rest encryption, kmsKeyId) replaces the cache and empties it.
type Cache struct {
	pulumi.ResourceState

	// ReplicationGroup is the replication group.
	ReplicationGroup *elasticache.ReplicationGroup
	// SecurityGroup, SubnetGroup and ParameterGroup are the component's,
	// each nil where CacheArgs named one of your own.
	SecurityGroup  *ec2.SecurityGroup
	SubnetGroup    *elasticache.SubnetGroup
	ParameterGroup *elasticache.ParameterGroup
	// SlowLog is the slow log's log group.
	SlowLog *cloudwatch.LogGroup
	// AppUser is the RBAC user the app connects as (AppUserName).
	AppUser *elasticache.User

	// PrimaryEndpoint is the address of the primary node, for writes.
	PrimaryEndpoint pulumi.StringOutput `pulumi:"primaryEndpoint"`
	// ReaderEndpoint is the address that spreads reads over the replicas.
	ReaderEndpoint pulumi.StringOutput `pulumi:"readerEndpoint"`
	// Port is the TCP port both endpoints listen on (with TLS).
	Port int
	// Nodes is the number of nodes: the primary plus Nodes-1 replicas.
	Nodes int
	// ReplicationGroupID is the replication group's ID, which IAM
	// authentication tokens are signed for.
	ReplicationGroupID pulumi.StringOutput `pulumi:"replicationGroupId"`
	// SecurityGroupID is the cache's security group.
	SecurityGroupID pulumi.StringOutput `pulumi:"securityGroupId"`
	// UserGroupID is the RBAC user group holding the app user and the
	// disabled default user.
	UserGroupID pulumi.StringOutput `pulumi:"userGroupId"`
	// AppUserName is the user the app connects as, authenticating with an
	// IAM token (user name and user ID are the same, as IAM requires).
	AppUserName string

	// ARN is the replication group's ARN; AppUserARN the app user's:
	// the two resources of ConnectPolicy.
	ARN        pulumi.StringOutput `pulumi:"arn"`
	AppUserARN pulumi.StringOutput `pulumi:"appUserArn"`

	admission *admission.Group
}

// ConnectPolicy returns an IAM policy document allowing
// elasticache:Connect to this replication group as AppUserName, and
// nothing else: attach it to the app's role. IAM authentication needs both
// resources in one statement (ElastiCache user guide, "Authenticating with
// IAM").
func (c *Cache) ConnectPolicy() pulumi.StringOutput {
	return connectPolicy(c.ARN, c.AppUserARN)
}

// AllowFrom admits the security group securityGroupID, known as name, on
// Port: the ingress rule `<cache>-from-<name>`, a child of the cache, as
// AllowedSecurityGroups' are. For callers made after the cache. Refused
// with ExistingSecurityGroupID (a group of your own is yours to open) and
// for a name already admitted.
func (c *Cache) AllowFrom(name string, securityGroupID pulumi.StringInput) error {
	return c.admission.AllowFrom(name, securityGroupID)
}

// AlarmTarget is what components/monitoring watches of the cache
// (monitoring.MonitoringArgs.Caches): the replication group and its nodes.
func (c *Cache) AlarmTarget() monitoring.CacheTarget {
	return monitoring.CacheTarget{ReplicationGroupID: c.ReplicationGroupID, Nodes: c.Nodes}
}

// NewCache creates a Cache named name. It applies the defaults documented on
// CacheArgs and validates them before it registers anything.
func NewCache(ctx *pulumi.Context, name string, args CacheArgs, opts ...pulumi.ResourceOption) (*Cache, error) {
	args = args.WithDefaults()
	// The region first (a lookup, which registers nothing), when a key of
	// your own must be in it.
	region := ""
	if args.ExistingKMSKeyARN != nil || args.ExistingLogKMSKeyARN != nil {
		var err error
		if region, err = awsprovider.CurrentRegion(ctx, opts...); err != nil {
			return nil, err
		}
	}
	if err := errors.Join(validate.ComponentName("cache", name), args.validate(name, region)); err != nil {
		return nil, err
	}
	cache := &Cache{}
	if err := ctx.RegisterComponentResource(CacheType, name, cache, opts...); err != nil {
		return nil, err
	}
	c := &children{
		ctx:    ctx,
		name:   name,
		args:   args,
		parent: pulumi.Parent(cache),
		idBase: physicalID(ctx.Project(), ctx.Stack(), name),
	}

	subnetGroup, subnetGroupName, err := c.subnetGroup()
	if err != nil {
		return nil, err
	}
	securityGroup, securityGroupID, err := c.securityGroup()
	if err != nil {
		return nil, err
	}
	users, err := c.users()
	if err != nil {
		return nil, err
	}
	group, err := c.replicationGroup(cache, subnetGroupName, securityGroupID, users.group)
	if err != nil {
		return nil, err
	}
	cache.ReplicationGroup, cache.SecurityGroup, cache.SubnetGroup, cache.AppUser = group, securityGroup, subnetGroup, users.app
	cache.admission = &admission.Group{
		Ctx: ctx, Scope: validate.Scope("cache", name), Name: name, Component: cache,
		What: "the cache's security group", Existing: "ExistingSecurityGroupID",
		Port: args.Port, Tags: args.Tags, Taken: map[string]bool{},
	}
	for key := range args.AllowedSecurityGroups {
		cache.admission.Taken[key] = true
	}
	if securityGroup != nil {
		cache.admission.GroupID = securityGroupID
	}

	cache.PrimaryEndpoint = group.PrimaryEndpointAddress
	cache.ReaderEndpoint = group.ReaderEndpointAddress
	cache.Port = args.Port
	cache.Nodes = args.Nodes
	// The provider uses the replication group ID as the resource ID; it is
	// known even when Pulumi chose the ID (autonaming).
	cache.ReplicationGroupID = group.ID().ToStringOutput()
	cache.SecurityGroupID = securityGroupID
	cache.UserGroupID = users.group.UserGroupId
	cache.AppUserName = users.appUserName
	cache.ARN, cache.AppUserARN = group.Arn, users.app.Arn
	return cache, ctx.RegisterResourceOutputs(cache, pulumi.Map{
		"primaryEndpoint":    cache.PrimaryEndpoint,
		"readerEndpoint":     cache.ReaderEndpoint,
		"port":               pulumi.Int(cache.Port),
		"nodes":              pulumi.Int(cache.Nodes),
		"replicationGroupId": cache.ReplicationGroupID,
		"securityGroupId":    cache.SecurityGroupID,
		"userGroupId":        cache.UserGroupID,
		"appUserName":        pulumi.String(cache.AppUserName),
		"connectPolicyJson":  cache.ConnectPolicy(),
	})
}

// children creates the Cache's child resources; it carries what every one of
// them needs: the context, the component's name and args, and the parent option.
type children struct {
	ctx    *pulumi.Context
	name   string
	args   CacheArgs
	parent pulumi.ResourceOrInvokeOption
	// idBase starts the IDs of the RBAC users and user group, which AWS
	// requires us to choose (see physicalID).
	idBase string
}

// notIDChars are the runs of characters an ElastiCache user or user group ID
// cannot hold (it allows lower-case letters, digits and single hyphens).
// physicalID returns the stem of the IDs of the cache's RBAC users and user
// group, which, unlike the replication group's, Pulumi cannot choose for us:
// the component name (already valid for ElastiCache, see
// validate.ComponentName) plus six hex digits of a hash of project, stack and
// name, so that a staging and a production stack in one account and region
// never claim the same user ID. With a name of at most 24 characters the
// longest ID, "<stem>-default", stays within ElastiCache's 40. It depends on
// nothing a growth step changes, so users keep their identity.
func physicalID(project, stack, name string) string {
	return naming.Child(name, naming.Hash(project+"/"+stack+"/"+name, 3))
}
