#!/usr/bin/env bash
# Restore a backup of scripts/backup.sh into an EMPTY database and an empty media folder:
#
#   DATABASE_URL=postgres://portal:…@host:5432/portal_restored MEDIA_ROOT=/srv/portal/media \
#     scripts/restore.sh var/backups/portal-20261203T020000Z.dump \
#                        var/backups/media-20261203T020000Z.tar.gz
#
# The database must exist and hold no table (createdb portal_restored), and MEDIA_ROOT must
# be missing or empty: restoring over live data would mix two states, so both are refused.
# Stop web, worker and beat first; afterwards run `manage.py migrate` (the code may be newer
# than the dump) and start them again.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 DUMP MEDIA_ARCHIVE" >&2
  exit 2
fi
dump="$1"
media="$2"
: "${DATABASE_URL:?set DATABASE_URL (postgres://user:password@host:port/name)}"
: "${MEDIA_ROOT:?set MEDIA_ROOT (the folder of the stored files)}"
for file in "$dump" "$media"; do
  [[ -f "$file" ]] || { echo "restore.sh: $file not found" >&2; exit 2; }
done

tables="$(psql --no-psqlrc --tuples-only --no-align --dbname "$DATABASE_URL" \
  --command "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")"
if [[ "$tables" != "0" ]]; then
  echo "restore.sh: the database already has $tables tables; restore into an empty one" >&2
  exit 1
fi
if [[ -d "$MEDIA_ROOT" ]] && [[ -n "$(ls -A "$MEDIA_ROOT")" ]]; then
  echo "restore.sh: $MEDIA_ROOT is not empty; restore into an empty folder" >&2
  exit 1
fi

# One transaction: a failure leaves the database empty, not half restored.
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname "$DATABASE_URL" "$dump"

mkdir -p "$MEDIA_ROOT"
tar --extract --gzip --file "$media" --directory "$MEDIA_ROOT" --no-same-owner
echo "restored $dump and $media"
