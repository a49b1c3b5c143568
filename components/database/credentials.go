package database

import (
	"encoding/json"
	"errors"

	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/secretsmanager"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// credentials is the JSON document the component's master secret holds, in
// the shape of the secrets RDS itself writes for an instance (plus engine,
// port and database), so that clients read either the same way.
type credentials struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Engine   string `json:"engine"`
	Port     int    `json:"port"`
	DBName   string `json:"dbname"`
}

// storedMaster is the master password the component keeps (MasterPassword
// "stored"): the secret holding it and the password, a Pulumi secret.
type storedMaster struct {
	secret   *secretsmanager.Secret
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
func newStoredMaster(ctx *pulumi.Context, name string, args DatabaseArgs, parent pulumi.ResourceOrInvokeOption) (*storedMaster, error) {
	generated, err := secretsmanager.GetRandomPassword(ctx, &secretsmanager.GetRandomPasswordArgs{
		PasswordLength:     pulumi.IntRef(32),
		ExcludePunctuation: pulumi.BoolRef(true),
	}, parent)
	if err != nil {
		return nil, err
	}
	document, err := json.Marshal(credentials{
		Username: args.MasterUsername,
		Password: generated.RandomPassword,
		Engine:   args.Engine,
		Port:     engines[args.Engine].port,
		DBName:   args.DatabaseName,
	})
	if err != nil {
		return nil, err
	}

	secretName := name + "-master"
	secret, err := secretsmanager.NewSecret(ctx, secretName, &secretsmanager.SecretArgs{
		Description: pulumi.String("Master user credentials (username, password, engine, port, dbname) of database " +
			name + ", generated once by the component"),
		RecoveryWindowInDays: pulumi.Int(7),
		Tags:                 tagging.Named(secretName, args.Tags),
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
			return "", errors.New("database " + name + ": secret " + secretName + " holds no secretString")
		}
		var c credentials
		if err := json.Unmarshal([]byte(*document), &c); err != nil {
			// err is left out: it may quote characters of the secret.
			return "", errors.New("database " + name + ": secret " + secretName + " does not hold credentials JSON")
		}
		if c.Password == "" {
			return "", errors.New("database " + name + ": secret " + secretName + " holds no password")
		}
		return c.Password, nil
	}).(pulumi.StringOutput)
	return &storedMaster{secret: secret, password: pulumi.ToSecret(password).(pulumi.StringOutput)}, nil
}
