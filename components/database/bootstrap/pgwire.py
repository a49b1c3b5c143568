"""A small client of PostgreSQL's frontend/backend protocol, version 3.0.

The AWS Lambda Python runtime has no PostgreSQL driver, and the bootstrap
function must deploy without a build step, so it speaks the protocol itself
(https://www.postgresql.org/docs/current/protocol.html). It does only what a
one-shot administration task needs, and does it strictly:

- TLS always: it sends SSLRequest first and gives up when the server
  declines; it never sends anything else in plaintext.
- Authentication by SCRAM-SHA-256 (RFC 5802, RFC 7677), with channel binding
  tls-server-end-point (SCRAM-SHA-256-PLUS, RFC 5929) whenever the server
  offers it; AuthenticationOk (trust) is accepted; MD5 only when the server's
  certificate was verified against a CA bundle; cleartext passwords never.
- The simple query protocol, with ErrorResponse turned into PostgresError.

Why the server is authenticated this way: RDS presents certificates signed by
AWS's own CAs, which are not in the Lambda trust store, and the function
cannot download the RDS CA bundle at run time. Verifying the certificate by
default would make every connection fail; skipping verification silently
would let anyone who can intercept the connection relay the SCRAM exchange to
the real server and read or change the session. Channel binding closes that
gap without a CA: the client mixes a hash of the certificate it was shown
into its SCRAM proof, so the proof is valid only if the server that checks it
presented that same certificate, that is, only if nobody sat in between.
And when the server does not offer SCRAM-SHA-256-PLUS, the client says so in
its SCRAM header ("y"), which a real server that supports channel binding
refuses, so an attacker cannot strip the -PLUS offer either. A CA bundle
(ca_file) adds certificate and host name verification on top.

The password is never logged, never put in an exception and never sent: only
SCRAM proofs derived from it are.
"""

import base64
import hashlib
import hmac
import os
import socket
import ssl
import stringprep
import struct
import unicodedata

PROTOCOL_VERSION = 3 << 16  # 3.0
SSL_REQUEST_CODE = 80877103  # 1234 << 16 | 5679
# A message longer than this is not something an administration task
# expects; refusing it bounds what a misbehaving server can make us buffer.
MAX_MESSAGE_BYTES = 64 << 20

# Authentication request codes (the Int32 after the 'R' message header).
AUTH_OK = 0
AUTH_CLEARTEXT = 3
AUTH_MD5 = 5
AUTH_SASL = 10
AUTH_SASL_CONTINUE = 11
AUTH_SASL_FINAL = 12
_AUTH_NAMES = {2: "Kerberos V5", 6: "SCM credentials", 7: "GSSAPI", 8: "GSSAPI", 9: "SSPI"}

SCRAM = "SCRAM-SHA-256"
SCRAM_PLUS = "SCRAM-SHA-256-PLUS"
CHANNEL_BINDING = "tls-server-end-point"


class ClientError(Exception):
    """The server did something this client refuses or does not understand
    (declined TLS, asked for a cleartext password, failed its SCRAM proof)."""


class PostgresError(Exception):
    """An ErrorResponse from the server.

    sqlstate is the five-character SQLSTATE code (28P01: wrong password,
    42501: insufficient privilege, ...), message the primary message; detail
    and hint are empty when the server sent none. str() is "CODE message".
    """

    def __init__(self, fields):
        self.fields = fields
        self.sqlstate = fields.get("C", "")
        self.severity = fields.get("V") or fields.get("S", "")
        self.message = fields.get("M", "")
        self.detail = fields.get("D", "")
        self.hint = fields.get("H", "")
        super().__init__(("%s %s" % (self.sqlstate, self.message)).strip())


# --- Message framing -------------------------------------------------------


def cstring(text):
    """text as a NUL-terminated UTF-8 string; text must not contain NUL."""
    data = text.encode("utf-8")
    if b"\0" in data:
        raise ValueError("a protocol string cannot contain NUL")
    return data + b"\0"


def message(kind, body=b""):
    """A frontend message: its type byte, then Int32 length (counting itself
    but not the type byte), then body."""
    return kind + struct.pack("!I", len(body) + 4) + body


def ssl_request():
    """The SSLRequest packet: asks the server to switch to TLS."""
    return struct.pack("!II", 8, SSL_REQUEST_CODE)


def startup_message(parameters):
    """The StartupMessage: protocol 3.0 and name/value pairs (user,
    database, ...), without a type byte."""
    body = struct.pack("!I", PROTOCOL_VERSION)
    for name, value in parameters.items():
        body += cstring(name) + cstring(value)
    body += b"\0"
    return struct.pack("!I", len(body) + 4) + body


def query_message(sql):
    """A simple-protocol Query message."""
    return message(b"Q", cstring(sql))


def sasl_initial_response(mechanism, data):
    """SASLInitialResponse: the chosen mechanism and the client-first-message."""
    return message(b"p", cstring(mechanism) + struct.pack("!i", len(data)) + data)


def sasl_response(data):
    """SASLResponse: the client-final-message."""
    return message(b"p", data)


def parse_error_fields(body):
    """The fields of an ErrorResponse or NoticeResponse body, keyed by their
    one-letter codes (S severity, C SQLSTATE, M message, D detail, ...)."""
    fields = {}
    for part in body.split(b"\0"):
        if part:
            fields[part[:1].decode("ascii", "replace")] = part[1:].decode("utf-8", "replace")
    return fields


def parse_data_row(body):
    """The column values of a DataRow body: text, or None for NULL."""
    (count,) = struct.unpack_from("!H", body, 0)
    offset, values = 2, []
    for _ in range(count):
        (length,) = struct.unpack_from("!i", body, offset)
        offset += 4
        if length < 0:
            values.append(None)
        else:
            values.append(body[offset:offset + length].decode("utf-8"))
            offset += length
    return tuple(values)


# --- SASLprep (RFC 4013) -----------------------------------------------------


def saslprep(password):
    """The password as SCRAM hashes it: SASLprep-normalised (RFC 4013), or
    unchanged when SASLprep refuses it. PostgreSQL's server does exactly
    this when it stores a SCRAM secret (src/common/saslprep.c: pure ASCII is
    used as is, and a password with prohibited characters is used raw), so
    the client must do the same to compute the same keys."""
    if password.isascii():
        return password
    mapped = "".join(
        " " if stringprep.in_table_c12(c) else c for c in password if not stringprep.in_table_b1(c))
    normalized = unicodedata.ucd_3_2_0.normalize("NFKC", mapped)
    prohibited = (
        stringprep.in_table_c12, stringprep.in_table_c21, stringprep.in_table_c22,
        stringprep.in_table_c3, stringprep.in_table_c4, stringprep.in_table_c5,
        stringprep.in_table_c6, stringprep.in_table_c7, stringprep.in_table_c8,
        stringprep.in_table_c9, stringprep.in_table_a1,
    )
    if any(check(c) for c in normalized for check in prohibited):
        return password
    if any(stringprep.in_table_d1(c) for c in normalized):  # RFC 3454 section 6, bidi
        if any(stringprep.in_table_d2(c) for c in normalized) or not (
                stringprep.in_table_d1(normalized[0]) and stringprep.in_table_d1(normalized[-1])):
            return password
    return normalized


# --- Channel binding (RFC 5929) ----------------------------------------------

# The hash of tls-server-end-point, by the certificate's signature algorithm
# (RFC 5929 section 4.1: the certificate's own signature hash, except that
# MD5 and SHA-1 are replaced by SHA-256). PostgreSQL's server picks the hash
# the same way (be_tls_get_certificate_hash), so both sides agree.
_SIGNATURE_HASHES = {
    "1.2.840.113549.1.1.4": "sha256",  # md5WithRSAEncryption
    "1.2.840.113549.1.1.5": "sha256",  # sha1WithRSAEncryption
    "1.2.840.113549.1.1.14": "sha224",
    "1.2.840.113549.1.1.11": "sha256",
    "1.2.840.113549.1.1.12": "sha384",
    "1.2.840.113549.1.1.13": "sha512",
    "1.2.840.10045.4.1": "sha256",  # ecdsa-with-SHA1
    "1.2.840.10045.4.3.1": "sha224",
    "1.2.840.10045.4.3.2": "sha256",
    "1.2.840.10045.4.3.3": "sha384",
    "1.2.840.10045.4.3.4": "sha512",
    "1.2.840.10040.4.3": "sha256",  # dsa-with-sha1
    "2.16.840.1.101.3.4.3.1": "sha224",  # dsa-with-sha224
    "2.16.840.1.101.3.4.3.2": "sha256",  # dsa-with-sha256
}


def _der_element(data, offset, tag):
    """The (start, end) of the content of the DER element at offset, which
    must have the given tag."""
    if offset + 2 > len(data) or data[offset] != tag:
        raise ValueError("unexpected DER element")
    length, offset = data[offset + 1], offset + 2
    if length & 0x80:
        size = length & 0x7F
        if not 1 <= size <= 4 or offset + size > len(data):
            raise ValueError("bad DER length")
        length, offset = int.from_bytes(data[offset:offset + size], "big"), offset + size
    if offset + length > len(data):
        raise ValueError("truncated DER element")
    return offset, offset + length


def _oid(content):
    """The dotted form of a DER-encoded OBJECT IDENTIFIER's content."""
    arcs, value = [], 0
    for byte in content:
        value = value << 7 | byte & 0x7F
        if not byte & 0x80:
            arcs.append(value)
            value = 0
    first = min(arcs[0] // 40, 2)
    return ".".join(str(a) for a in [first, arcs[0] - 40 * first] + arcs[1:])


def signature_algorithm(der_certificate):
    """The OID of the signature algorithm of an X.509 certificate in DER:
    Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, ... }."""
    start, _ = _der_element(der_certificate, 0, 0x30)
    _, tbs_end = _der_element(der_certificate, start, 0x30)
    algorithm_start, _ = _der_element(der_certificate, tbs_end, 0x30)
    oid_start, oid_end = _der_element(der_certificate, algorithm_start, 0x06)
    return _oid(der_certificate[oid_start:oid_end])


def tls_server_end_point(der_certificate):
    """The tls-server-end-point channel binding data of the server's
    certificate, or None when its signature algorithm defines none (RSA-PSS,
    Ed25519: PostgreSQL then offers no -PLUS either)."""
    try:
        name = _SIGNATURE_HASHES.get(signature_algorithm(der_certificate))
    except (ValueError, IndexError):
        return None
    return hashlib.new(name, der_certificate).digest() if name else None


# --- SCRAM-SHA-256 (RFC 5802, RFC 7677) ---------------------------------------


def _hmac(key, data):
    return hmac.new(key, data, hashlib.sha256).digest()


class Scram:
    """The client side of one SCRAM-SHA-256 exchange.

    binding is the channel binding data for SCRAM-SHA-256-PLUS, or None for
    plain SCRAM-SHA-256, where flag says what the client tells the server
    about channel binding: "y" (the client supports it but the server did
    not offer it, which a server that does support it refuses, so an attacker
    cannot strip the offer) or "n" (the client does not use it).
    PostgreSQL ignores the SCRAM user name (it uses the startup message's),
    so username stays empty except for the RFC's test vector; so does nonce,
    which is random unless given.
    """

    def __init__(self, password, binding=None, flag="y", nonce=None, username=""):
        self._password = saslprep(password).encode("utf-8")
        self.mechanism = SCRAM_PLUS if binding is not None else SCRAM
        if binding is not None:
            self._gs2_header = ("p=%s,," % CHANNEL_BINDING).encode("ascii")
            self._binding = binding
        else:
            if flag not in ("y", "n"):
                raise ValueError("flag must be y or n")
            self._gs2_header = (flag + ",,").encode("ascii")
            self._binding = b""
        self._nonce = nonce or base64.b64encode(os.urandom(18)).decode("ascii")
        name = username.replace("=", "=3D").replace(",", "=2C")
        self._client_first_bare = "n=%s,r=%s" % (name, self._nonce)
        self._server_signature = None
        # state is "first" until client_final, then "final" until the
        # server's signature is verified, then "done".
        self.state = "first"

    def client_first(self):
        """The client-first-message."""
        return self._gs2_header.decode("ascii") + self._client_first_bare

    def client_final(self, server_first):
        """The client-final-message answering server_first, with the proof."""
        attributes = _scram_attributes(server_first)
        if "m" in attributes:
            raise ClientError("the server asked for a SCRAM extension this client does not know")
        nonce, salt, iterations = attributes.get("r", ""), attributes.get("s"), attributes.get("i", "")
        if not nonce.startswith(self._nonce) or len(nonce) == len(self._nonce):
            raise ClientError("the server's SCRAM nonce does not extend the client's")
        if salt is None or not iterations.isdigit() or int(iterations) < 1:
            raise ClientError("the server's SCRAM message has no valid salt or iteration count")
        try:
            salt = base64.b64decode(salt, validate=True)
        except ValueError:
            raise ClientError("the server's SCRAM salt is not base64") from None

        channel = base64.b64encode(self._gs2_header + self._binding).decode("ascii")
        without_proof = "c=%s,r=%s" % (channel, nonce)
        auth_message = ",".join((self._client_first_bare, server_first, without_proof)).encode("utf-8")
        salted = hashlib.pbkdf2_hmac("sha256", self._password, salt, int(iterations))
        client_key = _hmac(salted, b"Client Key")
        signature = _hmac(hashlib.sha256(client_key).digest(), auth_message)
        proof = bytes(a ^ b for a, b in zip(client_key, signature))
        self._server_signature = _hmac(_hmac(salted, b"Server Key"), auth_message)
        self.state = "final"
        return "%s,p=%s" % (without_proof, base64.b64encode(proof).decode("ascii"))

    def verify_server_final(self, server_final):
        """Check the server-final-message: the server proves it knows the
        password (and, with channel binding, that it presented the
        certificate the client saw)."""
        attributes = _scram_attributes(server_final)
        if "e" in attributes:
            raise ClientError("the server refused the SCRAM exchange: %s" % attributes["e"])
        try:
            signature = base64.b64decode(attributes.get("v", ""), validate=True)
        except ValueError:
            signature = b""
        if self.state != "final" or not hmac.compare_digest(signature, self._server_signature):
            raise ClientError("the server's SCRAM signature is wrong: it does not know the password")
        self.state = "done"


def _scram_attributes(text):
    """The attributes of a SCRAM message ("r=...,s=...,i=...") by letter."""
    attributes = {}
    for part in text.split(","):
        if len(part) >= 2 and part[1] == "=":
            attributes.setdefault(part[0], part[2:])
    return attributes


# --- Connection -------------------------------------------------------------


def tls_context(ca_file=None):
    """The TLS settings: TLS 1.2 or later; with ca_file, the server's
    certificate must chain to one of its CAs and name the host; without it,
    any certificate is accepted and the server is authenticated by SCRAM
    channel binding instead (see the module's doc string)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if ca_file:
        context.load_verify_locations(cafile=ca_file)
    else:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


class Connection:
    """One session with a PostgreSQL server, over TLS.

    After connect(): auth_mechanism says how the session was authenticated
    (SCRAM-SHA-256-PLUS, SCRAM-SHA-256, MD5 or trust), certificate_verified
    whether the server's certificate was checked against a CA bundle, and
    parameters holds the server's ParameterStatus values (server_version...).
    """

    def __init__(self, sock):
        self._sock = sock
        self.auth_mechanism = None
        self.certificate_verified = False
        self.parameters = {}
        self.notices = []

    # Low-level I/O.

    def _send(self, data):
        self._sock.sendall(data)

    def _read_exactly(self, size):
        chunks = []
        while size:
            chunk = self._sock.recv(min(size, 65536))
            if not chunk:
                raise ClientError("the server closed the connection")
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def _read_message(self):
        """The next backend message as (type byte, body); notices and
        parameter changes are recorded on the way."""
        while True:
            kind, length = struct.unpack("!cI", self._read_exactly(5))
            if not 4 <= length <= MAX_MESSAGE_BYTES:
                raise ClientError("the server sent a message of impossible length %d" % length)
            body = self._read_exactly(length - 4)
            if kind == b"N":
                self.notices.append(parse_error_fields(body))
            elif kind == b"S":
                name, value = body.split(b"\0")[:2]
                self.parameters[name.decode("utf-8")] = value.decode("utf-8")
            elif kind == b"A":  # NotificationResponse: no LISTEN here, ignore
                pass
            else:
                return kind, body

    # Start-up and authentication.

    def _start(self, user, password, database, application_name):
        self._send(startup_message({
            "user": user, "database": database,
            "application_name": application_name, "client_encoding": "UTF8",
        }))
        self._authenticate(user, password)
        while True:  # ParameterStatus (recorded), BackendKeyData, then ReadyForQuery
            kind, body = self._read_message()
            if kind == b"E":
                raise PostgresError(parse_error_fields(body))
            if kind == b"Z":
                return
            if kind != b"K":
                raise ClientError("unexpected message %r while starting the session" % kind)

    def _authenticate(self, user, password):
        scram = None
        while True:
            kind, body = self._read_message()
            if kind == b"E":
                raise PostgresError(parse_error_fields(body))
            if kind != b"R" or len(body) < 4:
                raise ClientError("expected an authentication request, got message %r" % kind)
            (code,) = struct.unpack_from("!I", body)
            data = body[4:]
            if code == AUTH_OK:
                if scram is not None and scram.state != "done":
                    raise ClientError("the server ended SCRAM authentication without proving it knows the password")
                if self.auth_mechanism is None:
                    self.auth_mechanism = "trust"
                return
            if code == AUTH_SASL and self.auth_mechanism is None:
                scram = self._choose_scram([m.decode("utf-8") for m in data.split(b"\0") if m], password)
                self.auth_mechanism = scram.mechanism
                self._send(sasl_initial_response(scram.mechanism, scram.client_first().encode("utf-8")))
            elif code == AUTH_SASL_CONTINUE and scram is not None and scram.state == "first":
                self._send(sasl_response(scram.client_final(data.decode("utf-8")).encode("utf-8")))
            elif code == AUTH_SASL_FINAL and scram is not None and scram.state == "final":
                scram.verify_server_final(data.decode("utf-8"))
            elif code == AUTH_MD5 and self.auth_mechanism is None:
                # MD5 proves nothing about the server: without a verified
                # certificate, whoever answered could relay the challenge to
                # the real server and take over the session. Servers store
                # MD5 passwords by default only up to PostgreSQL 13 (from 14
                # on, password_encryption defaults to scram-sha-256).
                if not self.certificate_verified:
                    raise ClientError(
                        "the server asked for MD5 password authentication, which this client accepts only when the "
                        "server's certificate is verified against a CA bundle; give one, or store the password as "
                        "SCRAM-SHA-256 (password_encryption = scram-sha-256, then set the password again)")
                inner = hashlib.md5(password.encode("utf-8") + user.encode("utf-8")).hexdigest()
                outer = hashlib.md5(inner.encode("ascii") + data[:4]).hexdigest()
                self.auth_mechanism = "MD5"
                self._send(message(b"p", cstring("md5" + outer)))
            elif code == AUTH_CLEARTEXT:
                raise ClientError("the server asked for the password in cleartext; this client never sends it")
            elif code in (AUTH_MD5, AUTH_SASL, AUTH_SASL_CONTINUE, AUTH_SASL_FINAL):
                raise ClientError("the server sent authentication request %d out of order" % code)
            else:
                raise ClientError("the server asked for %s authentication (code %d), which this client does not do"
                                  % (_AUTH_NAMES.get(code, "unknown"), code))

    def _choose_scram(self, mechanisms, password):
        """SCRAM-SHA-256-PLUS when the server offers it and the certificate
        has channel binding data; else SCRAM-SHA-256 with flag "y"."""
        binding = tls_server_end_point(self._sock.getpeercert(binary_form=True) or b"")
        if SCRAM_PLUS in mechanisms and binding is not None:
            return Scram(password, binding=binding)
        if SCRAM not in mechanisms:
            raise ClientError("the server offers SASL mechanisms %s, none of which this client supports"
                              % ", ".join(mechanisms))
        if SCRAM_PLUS in mechanisms:
            # The server binds to a certificate whose binding this client
            # cannot compute. Only a verified certificate authenticates the
            # server then; flag "n" tells the server not to expect binding.
            if not self.certificate_verified:
                raise ClientError("the server's certificate has a signature algorithm without channel binding; "
                                  "give a CA bundle to authenticate the server instead")
            return Scram(password, flag="n")
        return Scram(password, flag="y")

    # Queries.

    def query(self, sql):
        """Run sql with the simple query protocol and return the rows of its
        last result, each a tuple of text values (None for NULL). An
        ErrorResponse raises PostgresError once the server is ready again."""
        self._send(query_message(sql))
        rows, error = [], None
        while True:
            kind, body = self._read_message()
            if kind == b"T":
                rows = []
            elif kind == b"D":
                rows.append(parse_data_row(body))
            elif kind == b"E":
                error = PostgresError(parse_error_fields(body))
            elif kind == b"Z":
                break
            elif kind not in (b"C", b"I"):
                raise ClientError("unexpected message %r in the answer to a query" % kind)
        if error is not None:
            raise error
        return rows

    def close(self):
        """Say Terminate and close the socket; never raises."""
        try:
            self._send(message(b"X"))
        except OSError:
            pass
        try:
            self._sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def connect(host, port, user, password, database, ca_file=None, timeout=10.0,
            application_name="millionstack-bootstrap"):
    """Open a TLS session with the server at host:port as user.

    timeout bounds the TCP connection and every later wait for the server.
    Raises OSError (unreachable, TLS failure: ssl.SSLError is an OSError),
    ClientError (the server declined TLS or authenticated in a way this
    client refuses) or PostgresError (the server refused the login).
    """
    sock = socket.create_connection((host, port), timeout=timeout)
    try:
        sock.sendall(ssl_request())
        answer = sock.recv(1)
        if answer != b"S":
            raise ClientError("the server does not accept TLS (it answered %r to SSLRequest); this client never "
                              "connects without TLS" % answer)
        # Reading exactly one byte before the handshake matters: anything the
        # server (or an attacker) sent after "S" would otherwise be taken as
        # if it had come over TLS (CVE-2021-23222); here it breaks the
        # handshake instead.
        tls = tls_context(ca_file).wrap_socket(sock, server_hostname=host)
    except BaseException:
        sock.close()
        raise
    connection = Connection(tls)
    connection.certificate_verified = bool(ca_file)
    try:
        connection._start(user, password, database, application_name)
    except BaseException:
        connection.close()
        raise
    return connection
