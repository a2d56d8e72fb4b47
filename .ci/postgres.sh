#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on 127.0.0.1 for the project-store tests.
#
# Run as root on Debian/Ubuntu. Installs the `postgresql` package when missing,
# starts (or creates) a cluster listening on loopback only, creates the role
# `rk` (password `rk`, allowed to create databases) and prints the URL that the
# test suite reads from RESEARCHKIT_TEST_PG_URL:
#
#   export RESEARCHKIT_TEST_PG_URL="$(.ci/postgres.sh | tail -n 1)"
#
# The tests create and drop their own uniquely named database; this script never
# touches existing databases. Environment: PGPORT (default 5432).
set -euo pipefail

PORT="${PGPORT:-5432}"
ROLE=rk
PASSWORD=rk

log() { echo "postgres.sh: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
    log "run me as root (I install packages and start the server as user postgres)"
    exit 1
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
    log "installing the postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
fi

VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
CLUSTER=main
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VERSION $CLUSTER"; then
    log "creating cluster $VERSION/$CLUSTER"
    pg_createcluster "$VERSION" "$CLUSTER" -p "$PORT" >&2
fi

CONF_DIR="/etc/postgresql/$VERSION/$CLUSTER"
# loopback only, our port (a drop-in file: postgresql.conf itself is left alone)
mkdir -p "$CONF_DIR/conf.d"
cat > "$CONF_DIR/conf.d/researchkit-tests.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
CONF
# password auth for the test role over TCP on loopback (idempotent)
HBA="$CONF_DIR/pg_hba.conf"
LINE="host    all    $ROLE    127.0.0.1/32    scram-sha-256"
if ! grep -qF "$LINE" "$HBA"; then
    # our line must come before the generic host rules
    sed -i "1i $LINE" "$HBA"
fi

STATUS="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}')"
if [ "$STATUS" = "online" ]; then
    pg_ctlcluster "$VERSION" "$CLUSTER" reload >&2
else
    log "starting cluster $VERSION/$CLUSTER on 127.0.0.1:$PORT"
    pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi

# wait until it accepts connections
for _ in $(seq 1 50); do
    if su postgres -c "pg_isready -q -h 127.0.0.1 -p $PORT"; then break; fi
    sleep 0.2
done
su postgres -c "pg_isready -h 127.0.0.1 -p $PORT" >&2

su postgres -c "psql -q -p $PORT -v ON_ERROR_STOP=1" >&2 <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
  ELSE
    ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
  END IF;
END
\$\$;
SQL

echo "postgresql+psycopg://$ROLE:$PASSWORD@127.0.0.1:$PORT/postgres"
