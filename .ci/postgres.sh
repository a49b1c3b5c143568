# shellcheck shell=bash
# A throwaway PostgreSQL server for the database bootstrap function's tests
# (components/database/bootstrap), configured the way RDS is. Sourced by
# .ci/run; usable by hand too:
#
#   . .ci/postgres.sh && start_test_postgres && go test ./components/database/ -run Bootstrap; stop_test_postgres
#
# start_test_postgres installs what is missing of Debian's postgresql,
# openssl and python3 packages (as root; another user without them gets an
# error naming them, so that CI never passes with the integration tests
# skipped, unless MILLIONSTACK_SKIP_PG=1 says to skip them on purpose:
# then it starts nothing and exports nothing), creates a cluster in a new directory
# under /tmp, starts it on a free port of 127.0.0.1 and exports what the
# tests read:
#   MILLIONSTACK_TEST_PG_DSN   postgresql://app_admin:<password>@127.0.0.1:<port>/app
#   MILLIONSTACK_TEST_PG_CA    the server's certificate, a CA bundle that verifies it
#   MILLIONSTACK_REQUIRE_PG=1  an unreachable server fails the tests instead of skipping them
# stop_test_postgres stops the server and removes the directory; it does
# nothing when no server was started, so it is safe in an EXIT trap.
# PG_BINDIR, when set, names another server build to use (a directory
# holding initdb, pg_ctl and postgres), for example a newer major version.

TEST_PG_DIR=
TEST_PG_BINDIR=
TEST_PG_RUN_AS=()

# newest_pg_bindir prints the bin directory of the newest PostgreSQL server
# Debian's packages installed, or nothing.
newest_pg_bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true
}

start_test_postgres() {
  TEST_PG_BINDIR=${PG_BINDIR:-$(newest_pg_bindir)}
  local missing=()
  [ -x "$TEST_PG_BINDIR/initdb" ] || missing+=(postgresql)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v python3 >/dev/null || missing+=(python3)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
      if [ "${MILLIONSTACK_SKIP_PG:-}" = 1 ]; then
        echo "missing ${missing[*]}; MILLIONSTACK_SKIP_PG=1: the bootstrap integration tests will be skipped"
        return 0
      fi
      echo "missing ${missing[*]}, which only root may install: install them (apt-get install ${missing[*]}), run as root, or set MILLIONSTACK_SKIP_PG=1 to skip the bootstrap integration tests" >&2
      return 1
    fi
    echo "installing ${missing[*]} from Debian's packages"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive DEBCONF_NOWARNINGS=yes apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    if [ ! -x "$TEST_PG_BINDIR/initdb" ]; then
      TEST_PG_BINDIR=$(newest_pg_bindir)
      # The package creates, and may start, a cluster "main" of its own;
      # this script uses a private one, so stop that one again.
      pg_ctlcluster "$(basename "$(dirname "$TEST_PG_BINDIR")")" main stop >/dev/null 2>&1 || true
    fi
  fi

  # PostgreSQL refuses to run as root: as root, run it as the postgres user
  # the Debian package creates.
  TEST_PG_RUN_AS=()
  if [ "$(id -u)" = 0 ]; then
    TEST_PG_RUN_AS=(runuser -u postgres --)
  fi
  TEST_PG_DIR=$(mktemp -d /tmp/millionstack-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$TEST_PG_DIR"
  fi
  local dir=$TEST_PG_DIR port password
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  password=$(openssl rand -hex 24)

  # A certificate for localhost and 127.0.0.1, self-signed, so that the
  # tests can also verify it as a CA bundle would.
  "${TEST_PG_RUN_AS[@]}" openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -sha256 -nodes \
    -days 2 -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$dir/server.key" -out "$dir/server.crt" 2>/dev/null
  chmod 600 "$dir/server.key"

  "${TEST_PG_RUN_AS[@]}" "$TEST_PG_BINDIR/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync >/dev/null
  # Like RDS with rds.force_ssl = 1 (the component's default): TLS only,
  # passwords stored and checked as SCRAM-SHA-256. The local socket, in a
  # directory only the server's user can enter, serves the set-up below.
  cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
ssl = on
ssl_cert_file = '$dir/server.crt'
ssl_key_file = '$dir/server.key'
password_encryption = 'scram-sha-256'
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  cat >"$dir/data/pg_hba.conf" <<HBA
# TYPE  DATABASE USER     ADDRESS       METHOD
local   all      postgres               trust
hostssl app      all      127.0.0.1/32  scram-sha-256
HBA
  if ! "${TEST_PG_RUN_AS[@]}" "$TEST_PG_BINDIR/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null; then
    cat "$dir/server.log"
    return 1
  fi

  # RDS's privilege model: the master user is not a superuser. It has
  # CREATEROLE and CREATEDB, is a member of rds_superuser, and owns the
  # database RDS creates (DbName); rds_superuser holds ADMIN OPTION on
  # rds_iam, the role that makes RDS authenticate its members with IAM
  # tokens. Both RDS roles are stand-ins here, without RDS's extra powers.
  local psql=$TEST_PG_BINDIR/psql
  if [ ! -x "$psql" ]; then
    psql=psql # a server build without client programs
  fi
  "${TEST_PG_RUN_AS[@]}" "$psql" -h "$dir" -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 <<SQL
CREATE ROLE rds_iam NOLOGIN;
CREATE ROLE rds_superuser NOLOGIN;
GRANT rds_iam TO rds_superuser WITH ADMIN OPTION;
CREATE ROLE app_admin LOGIN CREATEROLE CREATEDB IN ROLE rds_superuser PASSWORD '$password';
CREATE DATABASE app OWNER app_admin;
SQL

  export MILLIONSTACK_TEST_PG_DSN="postgresql://app_admin:$password@127.0.0.1:$port/app"
  export MILLIONSTACK_TEST_PG_CA="$dir/server.crt"
  export MILLIONSTACK_REQUIRE_PG=1
  echo "$("$TEST_PG_BINDIR/postgres" --version) on 127.0.0.1:$port: TLS and SCRAM-SHA-256 only, master app_admin not a superuser"
}

stop_test_postgres() {
  if [ -z "$TEST_PG_DIR" ]; then
    return 0
  fi
  if [ -f "$TEST_PG_DIR/data/postmaster.pid" ]; then
    "${TEST_PG_RUN_AS[@]}" "$TEST_PG_BINDIR/pg_ctl" -D "$TEST_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$TEST_PG_DIR"
  TEST_PG_DIR=
}
