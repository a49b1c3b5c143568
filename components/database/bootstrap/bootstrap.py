"""Creates the application's database user, once per change of the stack.

The database component's lambda.Invocation runs handler(event, context)
inside the VPC with an event like

    {"host": "db-1a2b.c3d4.us-east-1.rds.amazonaws.com", "port": 5432,
     "database": "app", "secretArn": "arn:aws:secretsmanager:...",
     "user": "app_user", "schema": "app_user",
     "caBundlePath": "/var/task/rds-ca.pem"}

(schema defaults to the user's name; caBundlePath, or else the environment
variable PGSSLROOTCERT, is optional: see pgwire on how the server is
authenticated without it). The handler reads the master user's credentials
from the secret (JSON with at least "username" and "password": the secret
RDS manages, or the component's own), connects with TLS and, in one
transaction, changes whatever differs from this:

- role <user> with LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION
  NOBYPASSRLS, created without a password: the application logs in with
  IAM tokens (a password someone gave an existing role is left alone: only
  a superuser can see whether a role has one);
- <user> a member of rds_iam, so that RDS accepts (and requires) IAM
  authentication for it;
- CONNECT on <database> granted to <user>;
- schema <schema> owned by <user>;
- <user>'s search_path in <database> set to <schema>.

It never drops or revokes anything, except role attributes that differ. It
returns {"database", "user", "schema", "changes"}, where changes says in
words what it changed, and is empty when nothing needed to change. Every
failure raises BootstrapError, whose message says in a sentence what
failed; the password is never logged nor put in a message.
"""

import json
import logging
import os
import re
import socket
import ssl

import pgwire

logger = logging.getLogger("bootstrap")
logger.setLevel(logging.INFO)

# How long to wait for the TCP connection and for each answer of the server.
TIMEOUT_SECONDS = 10.0
# The transaction-scoped advisory lock that serialises concurrent runs (two
# stacks updating at once, a retried invocation): any constant will do, it
# only has to be the same for every run.
LOCK_KEY = 0x6D696C6C  # "mill"

# The role attributes of the application user: (pg_roles column, keyword
# when true, keyword when false, wanted value).
ATTRIBUTES = (
    ("rolcanlogin", "LOGIN", "NOLOGIN", True),
    ("rolsuper", "SUPERUSER", "NOSUPERUSER", False),
    ("rolcreatedb", "CREATEDB", "NOCREATEDB", False),
    ("rolcreaterole", "CREATEROLE", "NOCREATEROLE", False),
    ("rolreplication", "REPLICATION", "NOREPLICATION", False),
    ("rolbypassrls", "BYPASSRLS", "NOBYPASSRLS", False),
)


class BootstrapError(Exception):
    """The bootstrap failed; the message says what failed and where."""


# --- Names -------------------------------------------------------------------

# A letter, then letters, digits and underscores. PostgreSQL accepts more
# when quoted, but the user name also appears in the IAM policy's resource
# arn:aws:rds-db:<region>:<account>:dbuser:<DbiResourceId>/<user> (RDS user
# guide, "Creating and using an IAM policy for IAM database access"), where
# "*" and "?" are wildcards and ":" and "/" separators, and IAM matches it
# case-sensitively against the database role ("Creating a database account
# using IAM authentication": the names must match in case). Keeping to these
# characters makes the name the same in SQL, in the ARN and in the token.
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
# PostgreSQL keeps at most NAMEDATALEN - 1 = 63 bytes of an identifier and
# silently truncates longer ones ("Lexical Structure: Identifiers and Key
# Words"); every character here is one byte.
MAX_NAME_BYTES = 63
# The key words PostgreSQL 15 to 17 reserve (Appendix C, "SQL Key Words";
# pg_get_keywords() with catcode 'R'; system_user is new in 16). They cannot
# name a role or schema without quotes, which every later GRANT would need.
RESERVED_KEYWORDS = frozenset("""
    all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create
    current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc
    distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral
    leading limit localtime localtimestamp not null offset on only or order placing primary references returning
    select session_user some symmetric system_user table then to trailing true union unique user using variadic when
    where window with""".split())
# Role names PostgreSQL refuses ("public" means every role, "none" is SET
# ROLE NONE; names starting with pg_ are reserved: "Database Roles"), and
# those of RDS's own accounts and roles (rdsadmin, rds_superuser, rds_iam...)
# and of PostgreSQL's default superuser.
_RESERVED_USERS = frozenset(("public", "none", "postgres", "rdsadmin", "rdsrepladmin", "rdstopmgr"))
# Schemas PostgreSQL creates in every database (pg_catalog, pg_toast... are
# covered by the pg_ prefix, which CREATE SCHEMA refuses).
_RESERVED_SCHEMAS = frozenset(("public", "information_schema"))


def name_problems(kind, name):
    """What is wrong with name as a user, schema or database name (kind):
    a list of sentences, empty when the name is fine."""
    if not isinstance(name, str) or not name:
        return ["%s is missing; allowed: a letter, then letters, digits and underscores" % kind]
    if not _NAME.match(name):
        return ["%s %r is not allowed: it must start with a letter and hold only letters, digits and underscores"
                % (kind, name)]
    problems = []
    if len(name) > MAX_NAME_BYTES:
        problems.append("%s %r is %d characters long; PostgreSQL keeps at most %d"
                        % (kind, name, len(name), MAX_NAME_BYTES))
    lower = name.lower()
    if lower.startswith("pg_"):
        problems.append("%s %r starts with pg_, which PostgreSQL reserves for itself" % (kind, name))
    if lower in RESERVED_KEYWORDS:
        problems.append("%s %r is a reserved SQL key word" % (kind, name))
    if kind == "user" and (lower in _RESERVED_USERS or lower.startswith("rds_")):
        problems.append("%s %r is reserved by PostgreSQL or RDS" % (kind, name))
    if kind == "schema" and lower in _RESERVED_SCHEMAS:
        problems.append("%s %r is one PostgreSQL creates itself; choose the application's own" % (kind, name))
    return problems


def quote_ident(name):
    """name as an SQL identifier, always quoted, so it keeps its case."""
    return '"%s"' % name.replace('"', '""')


def quote_literal(text):
    """text as an SQL string literal (standard_conforming_strings is on by
    default since PostgreSQL 9.1, and validated names hold no backslash)."""
    return "'%s'" % text.replace("'", "''")


def role_oid(name):
    """SQL for the OID of the role called name (NULL when there is none)."""
    return "(SELECT oid FROM pg_roles WHERE rolname = %s)" % quote_literal(name)


# --- The request ---------------------------------------------------------------


class Request:
    """The validated event: where the database is, which secret holds the
    master credentials, and the user and schema to create."""

    def __init__(self, event):
        event = event if isinstance(event, dict) else {}
        self.host = event.get("host")
        self.port = event.get("port", 5432)
        if isinstance(self.port, str) and self.port.isdigit():
            self.port = int(self.port)
        self.database = event.get("database")
        self.secret_arn = event.get("secretArn")
        self.user = event.get("user")
        self.schema = event.get("schema") or self.user
        self.ca_file = event.get("caBundlePath") or os.environ.get("PGSSLROOTCERT") or None

    def describe(self):
        """ "bootstrap of database app at db.example:5432", with what is known."""
        text = "bootstrap of database %s" % (self.database or "(none given)")
        if self.host:
            text += " at %s:%s" % (self.host, self.port)
        return text

    def error(self, sentence):
        """A BootstrapError saying sentence about this request."""
        return BootstrapError("%s: %s" % (self.describe(), sentence))

    def problems(self):
        """Everything wrong with the event, as sentences."""
        problems = []
        if not isinstance(self.host, str) or not self.host.strip():
            problems.append("host is missing")
        if isinstance(self.port, bool) or not isinstance(self.port, int) or not 1 <= self.port <= 65535:
            problems.append("port %r is not a TCP port (1 to 65535)" % (self.port,))
        if not isinstance(self.secret_arn, str) or not self.secret_arn:
            problems.append("secretArn is missing")
        problems += name_problems("database", self.database)
        problems += name_problems("user", self.user)
        problems += name_problems("schema", self.schema)
        if self.ca_file is not None and not os.path.isfile(self.ca_file):
            problems.append("the CA bundle %s does not exist" % self.ca_file)
        return problems


# --- Secrets Manager ------------------------------------------------------------

_secrets = None


def _secrets_client():
    """The Secrets Manager client, created on first use. Its short timeouts
    make a missing route to Secrets Manager (no VPC endpoint, no NAT) fail
    in seconds instead of when the function times out."""
    global _secrets
    if _secrets is None:
        import boto3
        from botocore.config import Config

        _secrets = boto3.client("secretsmanager", config=Config(
            connect_timeout=5, read_timeout=10, retries={"max_attempts": 3, "mode": "standard"}))
    return _secrets


def read_master_credentials(request):
    """The master user's name and password from the secret, as a pair."""
    arn = request.secret_arn
    try:
        response = _secrets_client().get_secret_value(SecretId=arn)
    except Exception as error:  # botocore's errors, whatever their class
        if getattr(error, "response", None) is None:  # no answer from the service at all
            raise request.error(
                "could not reach Secrets Manager to read the master secret %s (%s); the function needs a route to "
                "it: a Secrets Manager VPC endpoint or a NAT gateway" % (arn, error)) from error
        raise request.error("could not read the master secret %s (%s)" % (arn, error)) from error
    try:
        document = json.loads(response.get("SecretString") or "")
    except ValueError:
        document = None  # the parse error is left out: it may quote the secret
    if not isinstance(document, dict):
        raise request.error("the master secret %s does not hold a JSON object" % arn)
    username, password = document.get("username"), document.get("password")
    if not isinstance(username, str) or not username or not isinstance(password, str) or not password:
        raise request.error('the master secret %s has no "username" and "password"' % arn)
    return username, password


# --- Connecting -----------------------------------------------------------------


def connect(request, master, password):
    """A TLS session with the database as the master user."""
    try:
        return pgwire.connect(request.host, request.port, master, password, request.database,
                              ca_file=request.ca_file, timeout=TIMEOUT_SECONDS)
    except pgwire.PostgresError as error:
        if error.sqlstate == "28P01":
            sentence = "the master password in secret %s was refused (%s)" % (request.secret_arn, error)
        elif error.sqlstate == "3D000":
            sentence = "the database does not exist (%s)" % error
        else:
            sentence = "the server refused the master user %s (%s)" % (master, error)
    except pgwire.ClientError as error:
        sentence = "could not connect securely: %s" % error
    except ssl.SSLCertVerificationError as error:
        sentence = "the server's certificate does not verify against the CA bundle %s (%s)" % (
            request.ca_file, error.verify_message or error)
    except ssl.SSLError as error:
        sentence = "the TLS handshake failed (%s)" % error
    except (socket.timeout, TimeoutError):
        sentence = ("the server did not answer within %g seconds: the function must run in the database's VPC, in a "
                    "security group the database admits" % TIMEOUT_SECONDS)
    except socket.gaierror as error:
        sentence = "the host name does not resolve (%s)" % error
    except ConnectionRefusedError:
        sentence = "the connection was refused: nothing listens on port %d" % request.port
    except OSError as error:
        sentence = "could not connect (%s)" % error
    raise request.error(sentence)


# --- The changes ------------------------------------------------------------------


class _Step(Exception):
    """A statement failed; the message says what it was doing."""


class _Bootstrap:
    """The changes, made in one session as the master user."""

    def __init__(self, session, request, master):
        self.session, self.request, self.master = session, request, master
        self.user, self.schema = quote_ident(request.user), quote_ident(request.schema)
        self.changes = []

    def run(self, sql, doing):
        try:
            return self.session.query(sql)
        except pgwire.PostgresError as error:
            raise _Step("could not %s (%s)" % (doing, error)) from error

    def true(self, sql, doing):
        return self.run(sql, doing)[0][0] == "t"

    def changed(self, sql, doing, change):
        self.run(sql, doing)
        self.changes.append(change)

    def apply(self):
        version = int(self.run("SHOW server_version_num", "read the server version")[0][0])
        # One transaction: a failure leaves the database as it was, and a
        # temporary membership (below) never outlives it.
        self.run("BEGIN", "start a transaction")
        self.run("SELECT pg_advisory_xact_lock(%d)" % LOCK_KEY, "wait for other bootstrap runs")
        self.role()
        self.rds_iam()
        self.connect_privilege()
        self.owned_schema(version)
        self.search_path()
        self.run("COMMIT", "commit the changes")
        for change in self.changes:  # logged once they are made for good
            logger.info("%s: %s", self.request.describe(), change)
        return self.changes

    def role(self):
        name = self.request.user
        rows = self.run("SELECT %s FROM pg_roles WHERE rolname = %s"
                        % (", ".join(a[0] for a in ATTRIBUTES), quote_literal(name)), "look up role %s" % name)
        if not rows:
            wanted = " ".join(on if want else off for _, on, off, want in ATTRIBUTES)
            self.changed("CREATE ROLE %s %s" % (self.user, wanted), "create role %s" % name,
                         "created role %s (%s)" % (name, wanted))
            return
        # Only the attributes that differ are named: PostgreSQL 15 refuses
        # even a no-op NOREPLICATION or NOBYPASSRLS from a non-superuser.
        fixes = [on if want else off
                 for (_, on, off, want), have in zip(ATTRIBUTES, rows[0]) if (have == "t") != want]
        if fixes:
            self.changed("ALTER ROLE %s %s" % (self.user, " ".join(fixes)), "correct role %s" % name,
                         "set %s on role %s" % (" ".join(fixes), name))

    def rds_iam(self):
        name = self.request.user
        if not self.true("SELECT %s IS NOT NULL" % role_oid("rds_iam"), "look up role rds_iam"):
            raise _Step("the server has no role rds_iam: it is not an RDS database, or IAM authentication is off")
        member = "SELECT EXISTS (SELECT 1 FROM pg_auth_members WHERE roleid = %s AND member = %s)" % (
            role_oid("rds_iam"), role_oid(name))
        if not self.true(member, "look up the members of rds_iam"):
            self.changed("GRANT rds_iam TO %s" % self.user, "grant rds_iam to %s" % name,
                         "granted rds_iam to %s" % name)

    def connect_privilege(self):
        # Every role may connect by default (PUBLIC has CONNECT), so
        # has_database_privilege is always true; the explicit grant is
        # looked for in the database's access list instead.
        name, database = self.request.user, self.request.database
        granted = ("SELECT EXISTS (SELECT 1 FROM pg_database d, aclexplode(d.datacl) a WHERE d.datname = %s "
                   "AND a.grantee = %s AND a.privilege_type = 'CONNECT')" % (quote_literal(database), role_oid(name)))
        if not self.true(granted, "look up the privileges on database %s" % database):
            self.changed("GRANT CONNECT ON DATABASE %s TO %s" % (quote_ident(database), self.user),
                         "grant CONNECT on database %s to %s" % (database, name),
                         "granted CONNECT on database %s to %s" % (database, name))

    def owned_schema(self, version):
        name, schema = self.request.user, self.request.schema
        rows = self.run("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = %s"
                        % quote_literal(schema), "look up schema %s" % schema)
        if rows and rows[0][0] == name:
            return
        # Making another role the owner of a schema (CREATE SCHEMA ...
        # AUTHORIZATION, ALTER SCHEMA ... OWNER TO) requires being able to
        # act as that role: from PostgreSQL 16, to SET ROLE to it
        # (https://www.postgresql.org/docs/16/sql-createschema.html,
        # .../sql-alterschema.html); up to 15, membership in it. The RDS
        # master is no superuser. On 16, CREATEROLE gives it ADMIN OPTION
        # on the roles it creates but neither SET nor INHERIT
        # (.../docs/16/sql-createrole.html; createrole_self_grant, empty by
        # default, would add them: .../docs/16/runtime-config-client.html);
        # on 15, CREATEROLE gives no membership at all, only the right to
        # grant it. So the master grants itself the user for the length of
        # this transaction and revokes that grant before the commit: it
        # never keeps the application's privileges, nor, through the user,
        # membership in rds_iam.
        privilege = "SET" if version >= 160000 else "MEMBER"
        can_act = self.true("SELECT pg_has_role(%s, '%s')" % (quote_literal(name), privilege),
                            "check whether %s may act as %s" % (self.master, name))
        if not can_act:
            self.run("GRANT %s TO %s" % (self.user, quote_ident(self.master)),
                     "grant %s to %s for the length of the transaction" % (name, self.master))
        if not rows:
            self.changed("CREATE SCHEMA %s AUTHORIZATION %s" % (self.schema, self.user),
                         "create schema %s" % schema, "created schema %s owned by %s" % (schema, name))
        else:
            self.changed("ALTER SCHEMA %s OWNER TO %s" % (self.schema, self.user),
                         "make %s the owner of schema %s" % (name, schema),
                         "made %s the owner of schema %s (was %s)" % (name, schema, rows[0][0]))
        if not can_act:
            self.run("REVOKE %s FROM %s" % (self.user, quote_ident(self.master)),
                     "revoke the temporary grant of %s to %s" % (name, self.master))

    def search_path(self):
        name, schema, database = self.request.user, self.request.schema, self.request.database
        # The setting is stored as search_path=<schema quoted by
        # quote_ident>, which the comparison reproduces in SQL.
        current = ("SELECT EXISTS (SELECT 1 FROM pg_db_role_setting WHERE setrole = %s AND setdatabase = "
                   "(SELECT oid FROM pg_database WHERE datname = %s) AND 'search_path=' || quote_ident(%s) = "
                   "ANY (setconfig))" % (role_oid(name), quote_literal(database), quote_literal(schema)))
        if not self.true(current, "look up the settings of %s" % name):
            self.changed("ALTER ROLE %s IN DATABASE %s SET search_path TO %s"
                         % (self.user, quote_ident(database), self.schema),
                         "set the search_path of %s" % name,
                         "set search_path of %s in database %s to %s" % (name, database, schema))


# --- The handler ------------------------------------------------------------------


def handler(event, context):
    """Bring the database's application user to the state the module's doc
    string describes; return what changed."""
    request = Request(event)
    tf = event.get("tf") if isinstance(event, dict) else None
    if isinstance(tf, dict) and tf.get("action") == "delete":
        # A lambda.Invocation with lifecycle scope CRUD calls once more when
        # it is deleted; the bootstrap never drops anything, so it stops here.
        return {"database": request.database, "user": request.user, "schema": request.schema, "changes": []}
    problems = request.problems()
    if problems:
        raise request.error("bad input: " + "; ".join(problems))

    master, password = read_master_credentials(request)
    if master == request.user:
        raise request.error("user %r is the master user; the application needs a user of its own" % request.user)
    session = connect(request, master, password)
    try:
        changes = _Bootstrap(session, request, master).apply()
    except _Step as error:
        raise request.error(str(error)) from error
    except (OSError, pgwire.ClientError) as error:
        raise request.error("lost the connection to the server (%s)" % error) from error
    finally:
        session.close()
    if not changes:
        logger.info("%s: nothing to change", request.describe())
    return {"database": request.database, "user": request.user, "schema": request.schema, "changes": changes}
