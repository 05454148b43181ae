#!/usr/bin/env bash
# A backup of the portal: the PostgreSQL database (pg_dump, custom format) and the stored
# files (MEDIA_ROOT: attachments, generated PDFs), each with the same UTC time stamp:
#
#   DATABASE_URL=postgres://portal:…@host:5432/portal MEDIA_ROOT=/srv/portal/media \
#     scripts/backup.sh [DIRECTORY]
#
# writes DIRECTORY/portal-20261203T020000Z.dump and DIRECTORY/media-20261203T020000Z.tar.gz
# (DIRECTORY: $BACKUP_DIR, or var/backups). Each file appears only once complete (written
# under a .partial name, then renamed), so a copy to another machine never takes half a
# backup. With KEEP_DAYS set, backups older than that many days are deleted afterwards.
# Restore with scripts/restore.sh. The database dump is taken first: a file written between
# the two steps is then in the archive without its row, which is harmless, rather than a
# row without its file.
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL (postgres://user:password@host:port/name)}"
: "${MEDIA_ROOT:?set MEDIA_ROOT (the folder of the stored files)}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL is not a PostgreSQL URL" >&2; exit 2 ;;
esac

destination="${1:-${BACKUP_DIR:-var/backups}}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$destination"
dump="$destination/portal-$stamp.dump"
media="$destination/media-$stamp.tar.gz"

# --no-owner/--no-privileges: the dump restores into a database owned by any role.
pg_dump --format=custom --no-owner --no-privileges --file "$dump.partial" "$DATABASE_URL"
mv "$dump.partial" "$dump"

mkdir -p "$MEDIA_ROOT"
tar --create --gzip --file "$media.partial" --directory "$MEDIA_ROOT" .
mv "$media.partial" "$media"

if [[ -n "${KEEP_DAYS:-}" ]]; then
  find "$destination" -maxdepth 1 -type f \( -name 'portal-*.dump' -o -name 'media-*.tar.gz' \) \
    -mtime +"$KEEP_DAYS" -delete
fi
echo "$dump"
echo "$media"
