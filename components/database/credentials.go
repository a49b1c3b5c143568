package database

import (
	"encoding/json"
	"errors"
	"github.com/millionstack/millionstack/internal/validate"

	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/secretsmanager"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// credentials is the JSON document the component's master secret holds, in
// the shape of the secrets RDS itself writes for an instance (plus engine,
// port and database), so that clients read either the same way. Its
// connection version adds host and dbInstanceIdentifier (dbClusterIdentifier
// for a Cluster), as CloudFormation's SecretTargetAttachment does for an RDS
// instance (and cluster): what the rotation function needs besides the
// credentials (engine, host, username, password; port and dbname optional).
type credentials struct {
	Username             string `json:"username"`
	Password             string `json:"password"`
	Engine               string `json:"engine"`
	Host                 string `json:"host,omitempty"`
	Port                 int    `json:"port"`
	DBName               string `json:"dbname"`
	DBInstanceIdentifier string `json:"dbInstanceIdentifier,omitempty"`
	DBClusterIdentifier  string `json:"dbClusterIdentifier,omitempty"`
}

// document returns the credentials of who with password, for the secret.
func (who login) document(password string) credentials {
	return credentials{Username: who.username, Password: password, Engine: string(who.engine), Port: who.port, DBName: who.database}
}

// storedMaster is the master password the component keeps (MasterPassword
// "stored"): the secret holding it, its first version and the first
// password, a Pulumi secret.
type storedMaster struct {
	secret   *secretsmanager.Secret
	first    *secretsmanager.SecretVersion
	password pulumi.StringOutput
}

// newStoredMaster creates the secret `<name>-master` and its version holding
// the master user's credentials, with a password of 32 letters and digits
// from secretsmanager.GetRandomPassword (no punctuation, which RDS partly
// refuses and connection strings mangle).
//
// The invoke answers a new password on every run, so the version ignores
// changes to its secretString: the value written on the first run stays, and
// the password handed to the primary is read back from the version's state,
// never from this run's invoke. The secret is auto-named (`<name>-master-`
// and a random suffix), so stacks sharing an account never collide and a
// deleted secret waiting out its recovery window never blocks a new one.
func newStoredMaster(ctx *pulumi.Context, name string, who login, tags map[string]string, parent pulumi.ResourceOrInvokeOption) (*storedMaster, error) {
	generated, err := secretsmanager.GetRandomPassword(ctx, &secretsmanager.GetRandomPasswordArgs{
		PasswordLength:     pulumi.IntRef(32),
		ExcludePunctuation: pulumi.BoolRef(true),
	}, parent)
	if err != nil {
		return nil, err
	}
	document, err := json.Marshal(who.document(generated.RandomPassword))
	if err != nil {
		return nil, err
	}

	secretName := name + "-master"
	secret, err := secretsmanager.NewSecret(ctx, secretName, &secretsmanager.SecretArgs{
		Description: pulumi.String("Master user credentials (username, password, engine, port, dbname) of database " +
			name + ", generated once by the component"),
		RecoveryWindowInDays: pulumi.Int(7),
		Tags:                 tagging.Named(secretName, tags),
	}, parent)
	if err != nil {
		return nil, err
	}
	version, err := secretsmanager.NewSecretVersion(ctx, secretName, &secretsmanager.SecretVersionArgs{
		SecretId:     secret.ID(),
		SecretString: pulumi.ToSecret(pulumi.String(document)).(pulumi.StringOutput),
	}, parent, pulumi.IgnoreChanges([]string{"secretString"}))
	if err != nil {
		return nil, err
	}

	password := version.SecretString.ApplyT(func(document *string) (string, error) {
		if document == nil {
			return "", errors.New(validate.Scope("database", name) + ": secret " + secretName + " holds no secretString")
		}
		var c credentials
		if err := json.Unmarshal([]byte(*document), &c); err != nil {
			// err is left out: it may quote characters of the secret.
			return "", errors.New(validate.Scope("database", name) + ": secret " + secretName + " does not hold credentials JSON")
		}
		if c.Password == "" {
			return "", errors.New(validate.Scope("database", name) + ": secret " + secretName + " holds no password")
		}
		return c.Password, nil
	}).(pulumi.StringOutput)
	return &storedMaster{secret: secret, first: version, password: pulumi.ToSecret(password).(pulumi.StringOutput)}, nil
}

// newConnectionVersion writes the secret's version `<name>-master-connection`:
// the first version's credentials plus the writer's host and identifier
// (at), which only exist once the writer does, while the writer's password
// comes from the first version. Writing it moves AWSCURRENT to it (and
// AWSPREVIOUS to the first version): the version the rotation function
// starts from. Its input is the same on every run (the first version's
// password, as in state, and the primary's address), so it needs no
// IgnoreChanges; it would be written anew, becoming AWSCURRENT again, only
// if the primary's address or the first version changed.
//
// What happens to Pulumi's copy of the password once rotation runs:
//
//   - Secrets Manager rotates by adding versions (AWSPENDING, then
//     AWSCURRENT), never by changing one: a version's value is immutable.
//     The component's two versions keep the first password, in AWS and in
//     Pulumi state, and go on being read back unchanged; the provider reads
//     a version by its ID (terraform-provider-aws
//     internal/service/secretsmanager/secret_version.go), and
//     version_stages, which rotation changes, is Optional+Computed, so the
//     label moves show no diff. The primary's password input stays the
//     first password too: RDS never reports a password, so Pulumi never
//     sees the one rotation set, and nothing needs ignoring (IgnoreChanges
//     on the primary's password would also stop the one-time switch from
//     "rds-managed" to "stored", whose ModifyDBInstance needs the
//     password). So after the first rotation the password in Pulumi state
//     is stale by design: the current one is the secret's AWSCURRENT
//     version (aws secretsmanager get-secret-value).
//   - A version without staging labels is deprecated, and Secrets Manager
//     may delete it (UpdateSecretVersionStage, API reference). The first
//     version loses its last label at the first rotation, the connection
//     version at the second; once Secrets Manager deletes one, `pulumi refresh` drops it from state (not
//     found), and the next `pulumi up` writes it again: the first version
//     with a newly generated password, which the primary's password then
//     follows (an in-place ModifyDBInstance), and the connection version
//     with that password, which becomes AWSCURRENT. The database and the
//     secret agree again, on a password Pulumi chose, and the next rotation
//     replaces it as usual. Nobody but the two functions reads the master
//     password, so nothing else notices. (Were only the connection version
//     written again, AWSCURRENT would hold the first password while the
//     database has a rotated one: the bootstrap would fail until the next
//     rotation, which tries AWSPREVIOUS, the real one, and heals it;
//     `aws secretsmanager rotate-secret` runs it at once.)
func newConnectionVersion(ctx *pulumi.Context, name string, who login, master *storedMaster, at writer, parent pulumi.ResourceOption) (*secretsmanager.SecretVersion, error) {
	document := pulumi.All(master.password, at.host, at.identifier).ApplyT(func(v []interface{}) (string, error) {
		c := who.document(v[0].(string))
		c.Host = v[1].(string)
		if at.cluster {
			c.DBClusterIdentifier = v[2].(string)
		} else {
			c.DBInstanceIdentifier = v[2].(string)
		}
		out, err := json.Marshal(c)
		return string(out), err
	}).(pulumi.StringOutput)
	return secretsmanager.NewSecretVersion(ctx, name+"-master-connection", &secretsmanager.SecretVersionArgs{
		SecretId:     master.secret.ID(),
		SecretString: pulumi.ToSecret(document).(pulumi.StringOutput),
	}, parent, pulumi.DependsOn([]pulumi.Resource{master.first}))
}

// writer is where a database takes writes: the host the connection version,
// the bootstrap and the rotation connect to, and the identifier of the
// instance (or, when cluster is true, of the Aurora cluster) behind it.
type writer struct {
	host, identifier pulumi.StringOutput
	cluster          bool
}

// instanceWriter is a primary RDS instance as a writer.
func instanceWriter(primary *rds.Instance) writer {
	return writer{host: primary.Address, identifier: primary.Identifier}
}
