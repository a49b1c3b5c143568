"""Tests of the database bootstrap function, run by ../bootstrap_test.go from
this directory with python3 -m unittest.

Two layers. The unit layer needs no server: SCRAM against RFC 7677's test
vector, message framing, error parsing, channel binding, the authentication
methods the client refuses, name and event validation, and the errors for a
missing secret or an unreachable server, and the SQL sent to a server of
PostgreSQL 15 and of 16 (a fake session). The integration layer (class
Integration) runs the handler, and the README's SQL for moving the app's
tables to its user, against the real PostgreSQL server named by
MILLIONSTACK_TEST_PG_DSN (postgresql://<master>:<password>@<host>:<port>/<db>;
.ci/run starts one set up like RDS). Without it the layer is skipped, unless
MILLIONSTACK_REQUIRE_PG=1, which makes a missing or unreachable server fail.
Secrets Manager is always a fake (bootstrap._secrets).
"""

import base64
import json
import logging
import os
import re
import socket
import ssl
import struct
import sys
import tempfile
import threading
import types
import unittest
import uuid
from unittest import mock
from urllib.parse import unquote, urlsplit

import bootstrap
import pgwire

SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-master-AbCdEf"

# Two self-signed certificates made with openssl for these tests: ECDSA
# P-256 signed with SHA-384, and Ed25519, whose signature has no hash.
ECDSA_SHA384_CERTIFICATE = """-----BEGIN CERTIFICATE-----
MIIBhjCCASugAwIBAgIURln/j5nv7bzgJ2xDgqcP5xYyjc4wCgYIKoZIzj0EAwMw
FzEVMBMGA1UEAwwMZXhhbXBsZS50ZXN0MCAXDTI2MTIwMTIyMTAxMVoYDzIxMjYx
MTA3MjIxMDExWjAXMRUwEwYDVQQDDAxleGFtcGxlLnRlc3QwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAASl5QYuZMuURzIMZ0sBzIJYJGRbSP/0CL+I1gD1AfVHC9G1
Mg8jxS58bfAqO3MEQtnXqFx0WrGjvWDq5R8LMy3io1MwUTAdBgNVHQ4EFgQUTc/7
lVb6v2RzzNF2azywMCzWKEkwHwYDVR0jBBgwFoAUTc/7lVb6v2RzzNF2azywMCzW
KEkwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAwNJADBGAiEAjKXdal7H15HJ
btpY5ji5zA+1U3oNSjS8nAYKTP1lE3YCIQCq1C5zZyVoYd8sL+3HP26m2Ixa44mB
6EsIiW/0dMVYxw==
-----END CERTIFICATE-----
"""
# sha384 of its DER form, computed with `openssl x509 -outform der | sha384sum`.
ECDSA_SHA384_DIGEST = ("1e8da19451699a93ffe7777394605b8366dd13d48ee5e7c149bb9acbc857bce7"
                       "40c86ad5baf41512b27afae7912c4502")
ED25519_CERTIFICATE = """-----BEGIN CERTIFICATE-----
MIIBRDCB96ADAgECAhQIMqgoZ6/nuQFq9mseMUSwnMK+DDAFBgMrZXAwFzEVMBMG
A1UEAwwMZXhhbXBsZS50ZXN0MCAXDTI2MTIwMTIyMTAxMVoYDzIxMjYxMTA3MjIx
MDExWjAXMRUwEwYDVQQDDAxleGFtcGxlLnRlc3QwKjAFBgMrZXADIQDGwABeB3m4
5RaRv1JfTQSsxhZlmtE/pNC1n0n28XhqhqNTMFEwHQYDVR0OBBYEFA4t6boVe7dj
5ch/+c6aaKUbaBJCMB8GA1UdIwQYMBaAFA4t6boVe7dj5ch/+c6aaKUbaBJCMA8G
A1UdEwEB/wQFMAMBAf8wBQYDK2VwA0EA3J4xDeSpWgo+Mgz5dKKYiZcHZwPGx7iU
U5ibv0EocqU8strFQ9GuZ4Ub4ezEY4cF0403n+Qlh3pt4T2Q7Z7kCw==
-----END CERTIFICATE-----
"""


def der(pem):
    return ssl.PEM_cert_to_DER_cert(pem)


def backend(kind, body=b""):
    """A backend message as the server frames it."""
    return kind + struct.pack("!I", len(body) + 4) + body


def auth_request(code, data=b""):
    return backend(b"R", struct.pack("!I", code) + data)


class FakeSocket:
    """Plays back the server's bytes and records what the client sends."""

    def __init__(self, *messages, certificate=b""):
        self.incoming, self.sent, self.certificate = b"".join(messages), b"", certificate

    def recv(self, size):
        chunk, self.incoming = self.incoming[:size], self.incoming[size:]
        return chunk

    def sendall(self, data):
        self.sent += data

    def getpeercert(self, binary_form=False):
        return self.certificate

    def close(self):
        pass


class FakeSecrets:
    """A Secrets Manager client holding one secret, or failing with error."""

    def __init__(self, username="app_admin", password="sekret", document=None, error=None):
        self.document = document if document is not None else json.dumps(
            {"username": username, "password": password, "engine": "postgres"})
        self.error, self.calls = error, []

    def get_secret_value(self, SecretId):
        self.calls.append(SecretId)
        if self.error is not None:
            raise self.error
        return {"ARN": SecretId, "SecretString": self.document}


class AWSError(Exception):
    """What botocore raises when the service answers with an error."""

    def __init__(self, code, text):
        super().__init__("An error occurred (%s) when calling the GetSecretValue operation: %s" % (code, text))
        self.response = {"Error": {"Code": code, "Message": text}}


def event(**overrides):
    base = {"host": "db.example", "port": 5432, "database": "app", "secretArn": SECRET_ARN, "user": "app_user"}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def closed_port():
    """A port of 127.0.0.1 that nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- Unit layer -------------------------------------------------------------


class ScramTest(unittest.TestCase):
    # RFC 7677 section 3: user "user", password "pencil".
    NONCE = "rOprNGfwEbeRWgbNEkqO"
    SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
    CLIENT_FINAL = ("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                    "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
    SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="

    def rfc_client(self):
        return pgwire.Scram("pencil", flag="n", nonce=self.NONCE, username="user")

    def test_rfc7677_vector(self):
        scram = self.rfc_client()
        self.assertEqual(scram.client_first(), "n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
        self.assertEqual(scram.client_final(self.SERVER_FIRST), self.CLIENT_FINAL)
        scram.verify_server_final(self.SERVER_FINAL)
        self.assertEqual(scram.state, "done")

    def test_refuses_a_wrong_server_signature(self):
        scram = self.rfc_client()
        scram.client_final(self.SERVER_FIRST)
        with self.assertRaisesRegex(pgwire.ClientError, "does not know the password"):
            scram.verify_server_final("v=" + base64.b64encode(b"\0" * 32).decode())
        with self.assertRaisesRegex(pgwire.ClientError, "refused the SCRAM exchange: invalid-proof"):
            scram.verify_server_final("e=invalid-proof")

    def test_refuses_a_server_signature_before_the_proof(self):
        with self.assertRaises(pgwire.ClientError):
            self.rfc_client().verify_server_final(self.SERVER_FINAL)

    def test_refuses_a_nonce_that_does_not_extend_the_client_s(self):
        for nonce in ("other", self.NONCE):
            with self.assertRaisesRegex(pgwire.ClientError, "nonce"):
                self.rfc_client().client_final("r=%s,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096" % nonce)
        with self.assertRaisesRegex(pgwire.ClientError, "iteration"):
            self.rfc_client().client_final("r=%sxyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0" % self.NONCE)

    def test_channel_binding_header(self):
        binding = bytes(range(32))
        scram = pgwire.Scram("pencil", binding=binding, nonce=self.NONCE)
        self.assertEqual(scram.mechanism, "SCRAM-SHA-256-PLUS")
        self.assertEqual(scram.client_first(), "p=tls-server-end-point,,n=,r=" + self.NONCE)
        final = scram.client_final(self.SERVER_FIRST)
        channel = final.split(",")[0]
        self.assertEqual(base64.b64decode(channel[2:]), b"p=tls-server-end-point,," + binding)
        # The proof covers the binding: another certificate, another proof.
        other = pgwire.Scram("pencil", binding=bytes(32), nonce=self.NONCE).client_final(self.SERVER_FIRST)
        self.assertNotEqual(final.split(",p=")[1], other.split(",p=")[1])

    def test_without_channel_binding_says_y(self):
        scram = pgwire.Scram("pencil", nonce=self.NONCE)
        self.assertEqual((scram.mechanism, scram.client_first()), ("SCRAM-SHA-256", "y,,n=,r=" + self.NONCE))
        self.assertTrue(scram.client_final(self.SERVER_FIRST).startswith("c=eSws,"))  # base64("y,,")


class SASLprepTest(unittest.TestCase):
    def test_rfc4013_examples(self):
        # RFC 4013 section 3; the last two are prohibited, and PostgreSQL
        # then uses the password as it is.
        cases = {"I\u00adX": "IX", "user": "user", "USER": "USER", "\u00aa": "a", "\u2168": "IX",
                 "\u0007": "\u0007", "\u0627\u0031": "\u0627\u0031", "a\u00a0b": "a b"}
        for given, want in cases.items():
            self.assertEqual(pgwire.saslprep(given), want, repr(given))


class FramingTest(unittest.TestCase):
    def test_ssl_request(self):
        self.assertEqual(pgwire.ssl_request(), b"\x00\x00\x00\x08\x04\xd2\x16\x2f")

    def test_startup_message(self):
        self.assertEqual(pgwire.startup_message({"user": "u", "database": "d"}),
                         b"\x00\x00\x00\x1b\x00\x03\x00\x00user\x00u\x00database\x00d\x00\x00")

    def test_query_and_terminate(self):
        self.assertEqual(pgwire.query_message("SELECT 1"), b"Q\x00\x00\x00\x0dSELECT 1\x00")
        self.assertEqual(pgwire.message(b"X"), b"X\x00\x00\x00\x04")
        with self.assertRaises(ValueError):
            pgwire.query_message("SELECT '\0'")

    def test_sasl_initial_response(self):
        self.assertEqual(pgwire.sasl_initial_response("SCRAM-SHA-256", b"abc"),
                         b"p\x00\x00\x00\x19SCRAM-SHA-256\x00\x00\x00\x00\x03abc")

    def test_data_row(self):
        body = b"\x00\x03" + b"\x00\x00\x00\x02hi" + b"\xff\xff\xff\xff" + b"\x00\x00\x00\x00"
        self.assertEqual(pgwire.parse_data_row(body), ("hi", None, ""))

    def test_query_reads_rows_and_raises_errors_after_ready(self):
        rows = backend(b"T", b"...") + backend(b"D", b"\x00\x01\x00\x00\x00\x01t") + backend(b"C", b"SELECT 1\0")
        sock = FakeSocket(rows + backend(b"Z", b"I"))
        self.assertEqual(pgwire.Connection(sock).query("SELECT true"), [("t",)])
        error = backend(b"E", b"SERROR\0VERROR\0C42501\0Mpermission denied to create role\0\0")
        sock = FakeSocket(error + backend(b"Z", b"I") + rows + backend(b"Z", b"I"))
        connection = pgwire.Connection(sock)
        with self.assertRaises(pgwire.PostgresError) as raised:
            connection.query("CREATE ROLE x")
        self.assertEqual(raised.exception.sqlstate, "42501")
        # The error was read up to ReadyForQuery: the next query reads its own answer.
        self.assertEqual(connection.query("SELECT true"), [("t",)])


class ErrorResponseTest(unittest.TestCase):
    def test_fields(self):
        body = (b"SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user \"app_admin\"\0"
                b"Fauth.c\0L326\0Rauth_failed\0\0")
        error = pgwire.PostgresError(pgwire.parse_error_fields(body))
        self.assertEqual((error.severity, error.sqlstate), ("FATAL", "28P01"))
        self.assertEqual(error.message, 'password authentication failed for user "app_admin"')
        self.assertEqual(str(error), '28P01 password authentication failed for user "app_admin"')
        self.assertEqual((error.detail, error.hint), ("", ""))


class ChannelBindingTest(unittest.TestCase):
    def test_hash_follows_the_signature_algorithm(self):
        certificate = der(ECDSA_SHA384_CERTIFICATE)
        self.assertEqual(pgwire.signature_algorithm(certificate), "1.2.840.10045.4.3.3")
        self.assertEqual(pgwire.tls_server_end_point(certificate).hex(), ECDSA_SHA384_DIGEST)

    def test_no_binding_without_a_signature_hash(self):
        self.assertEqual(pgwire.signature_algorithm(der(ED25519_CERTIFICATE)), "1.3.101.112")
        self.assertIsNone(pgwire.tls_server_end_point(der(ED25519_CERTIFICATE)))
        self.assertIsNone(pgwire.tls_server_end_point(b"not a certificate"))
        self.assertIsNone(pgwire.tls_server_end_point(b""))


class AuthenticationTest(unittest.TestCase):
    """The client's choices, against a scripted server."""

    def authenticate(self, *messages, certificate=b"", verified=False, password="sekret"):
        sock = FakeSocket(*messages, certificate=certificate)
        connection = pgwire.Connection(sock)
        connection.certificate_verified = verified
        try:
            connection._authenticate("app_admin", password)
        finally:
            self.assertNotIn(password.encode(), sock.sent, "the password itself must never be sent")
        return connection, sock.sent

    def test_refuses_cleartext(self):
        for verified in (False, True):
            with self.assertRaisesRegex(pgwire.ClientError, "cleartext"):
                self.authenticate(auth_request(pgwire.AUTH_CLEARTEXT), verified=verified)

    def test_md5_only_with_a_verified_certificate(self):
        md5 = auth_request(pgwire.AUTH_MD5, b"\x01\x02\x03\x04")
        with self.assertRaisesRegex(pgwire.ClientError, "MD5 .* CA bundle"):
            self.authenticate(md5)
        connection, sent = self.authenticate(md5, auth_request(pgwire.AUTH_OK), verified=True)
        # md5(md5(password + user) + salt), computed with openssl's md5.
        self.assertEqual(sent, b"p\x00\x00\x00\x28md59e796aa117ffbb7f1221b46aaddf2f5e\x00")
        self.assertEqual(connection.auth_mechanism, "MD5")

    def test_accepts_trust(self):
        connection, sent = self.authenticate(auth_request(pgwire.AUTH_OK))
        self.assertEqual((connection.auth_mechanism, sent), ("trust", b""))

    def test_refuses_ok_before_the_server_proves_itself(self):
        with self.assertRaisesRegex(pgwire.ClientError, "without proving"):
            self.authenticate(auth_request(pgwire.AUTH_SASL, b"SCRAM-SHA-256\0\0"), auth_request(pgwire.AUTH_OK))

    def test_refuses_other_methods(self):
        with self.assertRaisesRegex(pgwire.ClientError, "GSSAPI"):
            self.authenticate(auth_request(7))
        with self.assertRaisesRegex(pgwire.ClientError, "none of which"):
            self.authenticate(auth_request(pgwire.AUTH_SASL, b"OAUTHBEARER\0\0"))

    def first_message(self, mechanisms, certificate, verified=False):
        offer = auth_request(pgwire.AUTH_SASL, b"".join(m.encode() + b"\0" for m in mechanisms) + b"\0")
        with self.assertRaisesRegex(pgwire.ClientError, "closed"):  # the script ends after the offer
            self.authenticate(offer, certificate=certificate, verified=verified)
        return self.last_sent

    def setUp(self):
        original = pgwire.Connection._send

        def record(connection, data):
            self.last_sent = data
            original(connection, data)

        patcher = mock.patch.object(pgwire.Connection, "_send", record)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_chooses_channel_binding_when_offered(self):
        both = ["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"]
        sent = self.first_message(both, der(ECDSA_SHA384_CERTIFICATE))
        self.assertTrue(sent.startswith(b"p"))
        self.assertIn(b"SCRAM-SHA-256-PLUS\0", sent)
        self.assertIn(b"p=tls-server-end-point,,n=,r=", sent)
        sent = self.first_message(["SCRAM-SHA-256"], der(ECDSA_SHA384_CERTIFICATE))
        self.assertIn(b"SCRAM-SHA-256\0", sent)
        self.assertIn(b"y,,n=,r=", sent)

    def test_binding_it_cannot_compute_needs_a_verified_certificate(self):
        both = ["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"]
        with self.assertRaisesRegex(pgwire.ClientError, "CA bundle"):
            self.authenticate(auth_request(pgwire.AUTH_SASL, b"SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0\0"),
                              certificate=der(ED25519_CERTIFICATE))
        sent = self.first_message(both, der(ED25519_CERTIFICATE), verified=True)
        self.assertIn(b"n,,n=,r=", sent)


class TLSTest(unittest.TestCase):
    def serve_once(self, answer):
        """A server that answers SSLRequest with answer, then records what
        else it receives until the client hangs up."""
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        received = []

        def serve():
            connection, _ = listener.accept()
            with connection:
                connection.settimeout(5)
                received.append(connection.recv(8))
                connection.sendall(answer)
                while True:
                    try:
                        data = connection.recv(4096)
                    except OSError:
                        break
                    if not data:
                        break
                    received.append(data)
            listener.close()

        thread = threading.Thread(target=serve)
        thread.start()
        return listener.getsockname()[1], received, thread

    def test_never_falls_back_to_plaintext(self):
        port, received, thread = self.serve_once(b"N")
        with self.assertRaisesRegex(pgwire.ClientError, "does not accept TLS"):
            pgwire.connect("127.0.0.1", port, "app_admin", "sekret", "app", timeout=5)
        thread.join()
        self.assertEqual(received, [pgwire.ssl_request()], "nothing but SSLRequest may go out in plaintext")

    def test_bytes_sent_before_the_handshake_break_it(self):
        # An attacker injecting a response after "S" (CVE-2021-23222) must
        # not have it read as if it came over TLS.
        port, _, thread = self.serve_once(b"S" + backend(b"R", struct.pack("!I", 0)))
        with self.assertRaises(ssl.SSLError):
            pgwire.connect("127.0.0.1", port, "app_admin", "sekret", "app", timeout=5)
        thread.join()


# The example names the database component's Go validation judges too
# (names_test.go reads the same file), and the phrase of each rule.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata", "names.json")) as _names:
    NAMES = json.load(_names)
RULE_PHRASES = {
    "syntax": "must start with a letter and hold only letters, digits and underscores",
    "length": "PostgreSQL keeps at most 63",
    "pg_prefix": "starts with pg_",
    "keyword": "reserved SQL key word",
    "reserved": {"user": "reserved by PostgreSQL or RDS", "schema": "PostgreSQL creates itself"},
}


class NamesTest(unittest.TestCase):
    def test_shared_examples(self):
        for kind in ("user", "schema"):
            for name in NAMES[kind]["accept"]:
                self.assertEqual(bootstrap.name_problems(kind, name), [], (kind, name))
            for name, rule in NAMES[kind]["refuse"].items():
                problems = bootstrap.name_problems(kind, name)
                self.assertEqual(len(problems), 1, (kind, name, problems))
                phrase = RULE_PHRASES[rule]
                self.assertIn(phrase[kind] if isinstance(phrase, dict) else phrase, problems[0], (kind, name))

    def test_missing(self):
        for name in ("", None):
            self.assertIn("missing", bootstrap.name_problems("user", name)[0])

    def test_quoting(self):
        self.assertEqual(bootstrap.quote_ident('My"Role'), '"My""Role"')
        self.assertEqual(bootstrap.quote_literal("it's"), "'it''s'")


class FakeSession:
    """A session that answers the bootstrap's catalog look-ups as a server
    of version_num would for a database where nothing exists yet, and
    records every statement sent. can_act is pg_has_role's answer: whether
    the master may already act as the user."""

    def __init__(self, version_num, can_act=False):
        self.version_num, self.can_act, self.sent = version_num, can_act, []

    def query(self, sql):
        self.sent.append(sql)
        if sql == "SHOW server_version_num":
            return [(str(self.version_num),)]
        if sql.startswith("SELECT pg_has_role("):
            return [("t" if self.can_act else "f",)]
        if sql == "SELECT (SELECT oid FROM pg_roles WHERE rolname = 'rds_iam') IS NOT NULL":
            return [("t",)]
        if sql.startswith("SELECT EXISTS"):
            return [("f",)]
        return []  # no role, no schema; statements answer no rows


class ServerVersionTest(unittest.TestCase):
    """The SQL the bootstrap sends, by server version: from PostgreSQL 16
    making another role a schema's owner takes SET on that role, up to 15
    membership (see _Bootstrap.owned_schema). CI's server is Debian's
    PostgreSQL 15, so the 16 branch is proved here, on the wire."""

    def statements(self, version_num, can_act=False):
        session = FakeSession(version_num, can_act)
        request = bootstrap.Request(event())
        self.assertEqual(len(bootstrap._Bootstrap(session, request, "app_admin").apply()), 5)
        return session.sent

    def expected(self, privilege, grant):
        members = ("SELECT EXISTS (SELECT 1 FROM pg_auth_members WHERE roleid = (SELECT oid FROM pg_roles WHERE "
                   "rolname = 'rds_iam') AND member = (SELECT oid FROM pg_roles WHERE rolname = 'app_user'))")
        connect = ("SELECT EXISTS (SELECT 1 FROM pg_database d, aclexplode(d.datacl) a WHERE d.datname = 'app' AND "
                   "a.grantee = (SELECT oid FROM pg_roles WHERE rolname = 'app_user') AND a.privilege_type = 'CONNECT')")
        search_path = ("SELECT EXISTS (SELECT 1 FROM pg_db_role_setting WHERE setrole = (SELECT oid FROM pg_roles WHERE "
                       "rolname = 'app_user') AND setdatabase = (SELECT oid FROM pg_database WHERE datname = 'app') AND "
                       "'search_path=' || quote_ident('app_user') = ANY (setconfig))")
        schema = ['CREATE SCHEMA "app_user" AUTHORIZATION "app_user"']
        if grant:
            schema = ['GRANT "app_user" TO "app_admin"'] + schema + ['REVOKE "app_user" FROM "app_admin"']
        return [
            "SHOW server_version_num",
            "BEGIN",
            "SELECT pg_advisory_xact_lock(%d)" % bootstrap.LOCK_KEY,
            "SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls FROM pg_roles "
            "WHERE rolname = 'app_user'",
            'CREATE ROLE "app_user" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS',
            "SELECT (SELECT oid FROM pg_roles WHERE rolname = 'rds_iam') IS NOT NULL",
            members,
            'GRANT rds_iam TO "app_user"',
            connect,
            'GRANT CONNECT ON DATABASE "app" TO "app_user"',
            "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'app_user'",
            "SELECT pg_has_role('app_user', '%s')" % privilege,
        ] + schema + [
            search_path,
            'ALTER ROLE "app_user" IN DATABASE "app" SET search_path TO "app_user"',
            "COMMIT",
        ]

    def test_postgresql_16_asks_for_set_and_grants_it_for_the_transaction(self):
        for version_num in (160000, 170004):
            self.assertEqual(self.statements(version_num), self.expected("SET", grant=True), version_num)

    def test_postgresql_15_asks_for_membership_and_grants_it_for_the_transaction(self):
        for version_num in (150000, 140011):
            self.assertEqual(self.statements(version_num), self.expected("MEMBER", grant=True), version_num)

    def test_no_temporary_grant_when_the_master_may_act_as_the_user(self):
        self.assertEqual(self.statements(160000, can_act=True), self.expected("SET", grant=False))
        self.assertEqual(self.statements(150000, can_act=True), self.expected("MEMBER", grant=False))


class HandlerTest(unittest.TestCase):
    """The handler's refusals and errors that need no database server."""

    def run_handler(self, evt, secrets=None):
        secrets = secrets or FakeSecrets()
        with mock.patch.object(bootstrap, "_secrets", secrets):
            return bootstrap.handler(evt, None), secrets

    def error(self, evt, secrets=None):
        with self.assertRaises(bootstrap.BootstrapError) as raised:
            self.run_handler(evt, secrets)
        return str(raised.exception)

    def test_bad_input_is_refused_before_anything_is_read(self):
        secrets = FakeSecrets()
        message = self.error(event(host="", port=70000, user="pg_app", schema="public"), secrets)
        self.assertEqual(message, "bootstrap of database app: bad input: host is missing; port 70000 is not a TCP "
                                  "port (1 to 65535); user 'pg_app' starts with pg_, which PostgreSQL reserves for "
                                  "itself; schema 'public' is one PostgreSQL creates itself; choose the "
                                  "application's own")
        self.assertEqual(secrets.calls, [])
        self.assertIn("secretArn is missing", self.error(event(secretArn=None)))
        self.assertIn("user is missing", self.error(event(user=None)))
        self.assertIn("CA bundle /nowhere.pem does not exist", self.error(event(caBundlePath="/nowhere.pem")))

    def test_port_may_be_a_string(self):
        request = bootstrap.Request(event(port="6432"))
        self.assertEqual((request.problems(), request.port), ([], 6432))
        self.assertEqual(bootstrap.Request(event(schema=None)).schema, "app_user", "schema defaults to the user")

    def test_delete_changes_nothing(self):
        result, secrets = self.run_handler(dict(event(), tf={"action": "delete", "prev_input": event()}))
        self.assertEqual(result["changes"], [])
        self.assertEqual(secrets.calls, [], "a deleted invocation must not even read the secret")

    def test_missing_secret(self):
        error = AWSError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
        self.assertEqual(
            self.error(event(), FakeSecrets(error=error)),
            "bootstrap of database app at db.example:5432: could not read the master secret %s (An error occurred "
            "(ResourceNotFoundException) when calling the GetSecretValue operation: Secrets Manager can't find the "
            "specified secret.)" % SECRET_ARN)

    def test_no_route_to_secrets_manager(self):
        error = OSError('Connect timeout on endpoint URL: "https://secretsmanager.us-east-1.amazonaws.com/"')
        message = self.error(event(), FakeSecrets(error=error))
        self.assertIn("could not reach Secrets Manager to read the master secret " + SECRET_ARN, message)
        self.assertIn("VPC endpoint or a NAT gateway", message)

    def test_secret_without_credentials(self):
        message = self.error(event(), FakeSecrets(document="password=hunter2"))
        self.assertIn("the master secret %s does not hold a JSON object" % SECRET_ARN, message)
        self.assertNotIn("hunter2", message)
        message = self.error(event(), FakeSecrets(document=json.dumps({"username": "app_admin"})))
        self.assertIn('has no "username" and "password"', message)

    def test_master_cannot_be_the_application_user(self):
        self.assertIn("'app_admin' is the master user", self.error(event(user="app_admin")))

    def test_unreachable_server(self):
        port = closed_port()
        self.assertEqual(self.error(event(host="127.0.0.1", port=port)),
                         "bootstrap of database app at 127.0.0.1:%d: the connection was refused: nothing listens "
                         "on port %d" % (port, port))

    def test_silent_server(self):
        with socket.socket() as listener, mock.patch.object(bootstrap, "TIMEOUT_SECONDS", 0.2):
            listener.bind(("127.0.0.1", 0))
            listener.listen(1)  # accepts the connection, never answers
            message = self.error(event(host="127.0.0.1", port=listener.getsockname()[1]))
        self.assertIn("the server did not answer within 0.2 seconds: the function must run in the database's VPC",
                      message)

    def test_unknown_host(self):
        self.assertIn("the host name does not resolve", self.error(event(host="db.invalid")))

    def test_creates_its_client_with_short_timeouts(self):
        created = []
        boto3 = types.ModuleType("boto3")
        boto3.client = lambda service, config=None: created.append((service, config)) or FakeSecrets()
        botocore, botocore_config = types.ModuleType("botocore"), types.ModuleType("botocore.config")
        botocore_config.Config = lambda **settings: settings
        modules = {"boto3": boto3, "botocore": botocore, "botocore.config": botocore_config}
        with mock.patch.dict(sys.modules, modules), mock.patch.object(bootstrap, "_secrets", None):
            self.assertIs(bootstrap._secrets_client(), bootstrap._secrets_client())
        self.assertEqual(created, [("secretsmanager", {
            "connect_timeout": 5, "read_timeout": 10, "retries": {"max_attempts": 3, "mode": "standard"}})])


# --- Integration layer --------------------------------------------------------

# The repository's README, whose upgrade table tells operators the SQL that
# moves the app's tables to its user after the bootstrap; the integration
# layer runs that SQL as written.
README = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "README.md")


def readme_table_move():
    """The README's statements that move a table t of schema public to the
    app user: the one code span of the README that moves public.t."""
    with open(README, encoding="utf-8") as f:
        spans = [span for line in f for span in re.findall(r"`([^`]+)`", line) if "ALTER TABLE public.t SET SCHEMA" in span]
    if len(spans) != 1:
        raise AssertionError("the README should hold one code span moving public.t, not %d" % len(spans))
    return spans[0]


DSN = os.environ.get("MILLIONSTACK_TEST_PG_DSN", "")
REQUIRED = os.environ.get("MILLIONSTACK_REQUIRE_PG") == "1"
HOW_TO_RUN = ("set MILLIONSTACK_TEST_PG_DSN=postgresql://<master>:<password>@<host>:<port>/<database>, a TLS "
              "server with a role rds_iam whose master user is not a superuser (as on RDS), or run bash .ci/run, "
              "which starts one")


class Integration(unittest.TestCase):
    """The handler against a real PostgreSQL server."""

    @classmethod
    def setUpClass(cls):
        if not DSN:
            if REQUIRED:
                raise AssertionError("MILLIONSTACK_REQUIRE_PG=1 but MILLIONSTACK_TEST_PG_DSN is not set")
            raise unittest.SkipTest("no PostgreSQL server: " + HOW_TO_RUN)
        url = urlsplit(DSN)
        cls.host, cls.port, cls.database = url.hostname, url.port or 5432, url.path.lstrip("/")
        cls.master, cls.password = unquote(url.username or ""), unquote(url.password or "")
        try:
            cls.admin = cls.session()
        except Exception as error:
            if REQUIRED:
                raise AssertionError("the PostgreSQL server %s:%d is required and unreachable (%s)"
                                     % (cls.host, cls.port, error))
            raise unittest.SkipTest("the PostgreSQL server %s:%d is unreachable (%s)" % (cls.host, cls.port, error))
        cls.version = int(cls.admin.query("SHOW server_version_num")[0][0])
        if cls.admin.query("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")[0][0] != "f":
            cls.admin.close()
            raise AssertionError("the master user %s is a superuser; the tests need RDS's model: " % cls.master
                                 + HOW_TO_RUN)

    @classmethod
    def tearDownClass(cls):
        cls.admin.close()

    @classmethod
    def session(cls, **options):
        return pgwire.connect(cls.host, cls.port, cls.master, cls.password, cls.database, timeout=10, **options)

    def setUp(self):
        self.user = "it_" + uuid.uuid4().hex[:10]
        self.addCleanup(self.drop_role, self.user)

    def drop_role(self, name):
        """Remove a role and what it owns, as the master can (it must be able
        to act as the role to drop what it owns)."""
        if self.value("SELECT count(*) FROM pg_roles WHERE rolname = '%s'" % name) == "0":
            return
        self.admin.query('GRANT "%s" TO "%s"' % (name, self.master))
        self.admin.query('DROP OWNED BY "%s" CASCADE' % name)
        self.admin.query('DROP ROLE "%s"' % name)

    def value(self, sql):
        return self.admin.query(sql)[0][0]

    def bootstrap(self, password=None, **overrides):
        evt = event(host=self.host, port=self.port, database=self.database, user=self.user, **overrides)
        secrets = FakeSecrets(self.master, self.password if password is None else password)
        with mock.patch.object(bootstrap, "_secrets", secrets):
            return bootstrap.handler(evt, None)

    def state(self, schema=None):
        """What the bootstrap is responsible for, read from the catalogs."""
        schema = schema or self.user
        oid = "(SELECT oid FROM pg_roles WHERE rolname = '%s')" % self.user
        return {
            "attributes": self.admin.query(
                "SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls "
                "FROM pg_roles WHERE rolname = '%s'" % self.user),
            "member of": self.admin.query(
                "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
                "WHERE m.member = %s ORDER BY 1" % oid),
            "connect": self.admin.query(
                "SELECT a.privilege_type FROM pg_database d, aclexplode(d.datacl) a "
                "WHERE d.datname = current_database() AND a.grantee = %s" % oid),
            "schema owner": self.admin.query(
                "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = '%s'" % schema),
            "settings": self.admin.query(
                "SELECT setconfig FROM pg_db_role_setting WHERE setrole = %s AND setdatabase = "
                "(SELECT oid FROM pg_database WHERE datname = current_database())" % oid),
            "master may act as user": self.value(
                "SELECT pg_has_role('%s', '%s')" % (self.user, "SET" if self.version >= 160000 else "MEMBER")),
        }

    def expected_state(self, schema=None):
        return {
            "attributes": [("t", "f", "f", "f", "f", "f")],
            "member of": [("rds_iam",)],
            "connect": [("CONNECT",)],
            "schema owner": [(self.user,)],
            "settings": [("{search_path=%s}" % (schema or self.user),)],
            "master may act as user": "f",
        }

    def test_creates_the_user(self):
        with self.assertLogs("bootstrap", logging.INFO) as logs:
            result = self.bootstrap()
        u, db = self.user, self.database
        self.assertEqual(result, {"database": db, "user": u, "schema": u, "changes": [
            "created role %s (LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS)" % u,
            "granted rds_iam to %s" % u,
            "granted CONNECT on database %s to %s" % (db, u),
            "created schema %s owned by %s" % (u, u),
            "set search_path of %s in database %s to %s" % (u, db, u),
        ]})
        self.assertEqual(self.state(), self.expected_state())
        self.assertEqual(len(logs.records), 5)
        self.assertNotIn(self.password, "\n".join(logs.output))
        json.dumps(result)  # Lambda must be able to return it

    def test_a_second_run_changes_nothing(self):
        self.bootstrap(schema=self.user + "_data")
        before = self.state(self.user + "_data")
        self.assertEqual(before, self.expected_state(self.user + "_data"))
        self.assertEqual(self.bootstrap(schema=self.user + "_data")["changes"], [])
        self.assertEqual(self.state(self.user + "_data"), before)

    def test_wrong_master_password(self):
        with self.assertRaises(bootstrap.BootstrapError) as raised:
            self.bootstrap(password="not-the-password")
        self.assertEqual(str(raised.exception),
                         'bootstrap of database %s at %s:%d: the master password in secret %s was refused (28P01 '
                         'password authentication failed for user "%s")'
                         % (self.database, self.host, self.port, SECRET_ARN, self.master))
        self.assertEqual(self.value("SELECT count(*) FROM pg_roles WHERE rolname = '%s'" % self.user), "0")

    def test_existing_objects_survive(self):
        other = self.user + "_other"
        self.addCleanup(self.drop_role, other)
        self.admin.query('CREATE ROLE "%s" NOLOGIN' % other)
        self.admin.query('CREATE SCHEMA "%s"' % self.user)  # owned by the master
        self.admin.query('CREATE TABLE "%s".notes (body text)' % self.user)
        self.admin.query("INSERT INTO \"%s\".notes VALUES ('keep me')" % self.user)
        public = self.admin.query("SELECT pg_get_userbyid(nspowner), nspacl FROM pg_namespace WHERE nspname = 'public'")

        changes = self.bootstrap()["changes"]
        self.assertIn("made %s the owner of schema %s (was %s)" % (self.user, self.user, self.master), changes)
        self.assertEqual(self.state(), self.expected_state())
        self.assertEqual(self.value("SELECT count(*) FROM pg_roles WHERE rolname = '%s'" % other), "1")
        self.assertEqual(self.admin.query("SELECT pg_get_userbyid(nspowner), nspacl FROM pg_namespace "
                                          "WHERE nspname = 'public'"), public)
        # The table is still the master's, in the schema that is now the
        # user's; reading it takes the user's USAGE on the schema.
        self.admin.query('GRANT "%s" TO "%s"' % (self.user, self.master))
        self.assertEqual(self.admin.query('SELECT body FROM "%s".notes' % self.user), [("keep me",)])

    def test_corrects_attributes(self):
        self.admin.query('CREATE ROLE "%s" NOLOGIN CREATEDB' % self.user)
        changes = self.bootstrap()["changes"]
        self.assertEqual(changes[0], "set LOGIN NOCREATEDB on role %s" % self.user)
        self.assertEqual(self.state(), self.expected_state())
        self.assertEqual(self.bootstrap()["changes"], [])

    def test_failure_changes_nothing(self):
        # A schema owned by a role the master cannot act as cannot be handed
        # over: the run fails, and the role it created first is rolled back.
        owner = self.user + "_owner"
        self.addCleanup(self.drop_role, owner)
        self.admin.query('CREATE ROLE "%s" NOLOGIN' % owner)
        self.admin.query('GRANT "%s" TO "%s"' % (owner, self.master))
        self.admin.query('CREATE SCHEMA "%s" AUTHORIZATION "%s"' % (self.user, owner))
        self.admin.query('REVOKE "%s" FROM "%s"' % (owner, self.master))
        with self.assertRaises(bootstrap.BootstrapError) as raised:
            self.bootstrap()
        self.assertIn("could not make %s the owner of schema %s (42501 must be owner of schema %s)"
                      % (self.user, self.user, self.user), str(raised.exception))
        self.assertEqual(self.value("SELECT count(*) FROM pg_roles WHERE rolname = '%s'" % self.user), "0")

    def test_readme_moves_the_apps_tables_to_its_user(self):
        # The upgrade table's statements, for this test's user and a table
        # of its own, run as the master after a bootstrap: the master may
        # not move the table without the grant the statements start with,
        # and keeps no membership after them.
        self.bootstrap()
        table = self.user + "_t"
        self.addCleanup(self.admin.query, 'DROP TABLE IF EXISTS public."%s"' % table)
        self.admin.query('CREATE TABLE public."%s" (id serial PRIMARY KEY, body text)' % table)
        self.admin.query("INSERT INTO public.\"%s\" (body) VALUES ('keep me')" % table)
        with self.assertRaises(pgwire.PostgresError) as raised:
            self.admin.query('ALTER TABLE public."%s" SET SCHEMA "%s"' % (table, self.user))
        self.assertEqual(raised.exception.sqlstate, "42501", "without the grant the master may not create in the schema")

        sql = re.sub(r"\b(public|app_user)\.t\b", lambda m: '%s."%s"' % (m.group(1), table), readme_table_move())
        sql = re.sub(r"\bapp_user\b", '"%s"' % self.user, sql).replace("<master>", '"%s"' % self.master)
        for statement in sql.split(";"):
            if statement.strip():
                self.admin.query(statement)

        self.assertEqual(self.admin.query(
            "SELECT n.nspname, pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relname IN ('%s', '%s_id_seq') ORDER BY c.relname" % (table, table)),
            [(self.user, self.user), (self.user, self.user)], "the table and its sequence moved to the user")
        self.assertEqual(self.state(), self.expected_state(), "the master keeps no membership in the user")
        self.admin.query('GRANT "%s" TO "%s"' % (self.user, self.master))  # to read it back, as drop_role does
        self.assertEqual(self.admin.query('SELECT body FROM "%s"."%s"' % (self.user, table)), [("keep me",)])

    def test_tls_and_channel_binding(self):
        with self.session() as session:
            self.assertEqual(session.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"), [("t",)])
            self.assertEqual(session.auth_mechanism, "SCRAM-SHA-256-PLUS")
            self.assertFalse(session.certificate_verified)
        # The server checks the binding: a proof bound to another
        # certificate, as a relay would present, is refused.
        with mock.patch.object(pgwire, "tls_server_end_point", lambda certificate: bytes(32)):
            with self.assertRaises(pgwire.PostgresError) as raised:
                self.session()
        self.assertEqual(str(raised.exception), "28000 SCRAM channel binding check failed")

    def test_ca_bundle(self):
        with tempfile.NamedTemporaryFile("w", suffix=".pem") as wrong:
            wrong.write(ECDSA_SHA384_CERTIFICATE)
            wrong.flush()
            with self.assertRaises(bootstrap.BootstrapError) as raised:
                self.bootstrap(caBundlePath=wrong.name)
        self.assertIn("the server's certificate does not verify against the CA bundle %s" % wrong.name,
                      str(raised.exception))
        ca = os.environ.get("MILLIONSTACK_TEST_PG_CA")
        if not ca:
            self.skipTest("MILLIONSTACK_TEST_PG_CA names no CA bundle for the server")
        with self.session(ca_file=ca) as session:
            self.assertTrue(session.certificate_verified)
            self.assertEqual(session.auth_mechanism, "SCRAM-SHA-256-PLUS")
        self.assertEqual(len(self.bootstrap(caBundlePath=ca)["changes"]), 5)


if __name__ == "__main__":
    unittest.main()
