#!/usr/bin/env bash
# Development only, before the first landing: rebuild the migrations from the schema.
# (After migrations land they are never edited: use `pnpm db:generate` for a new one.)
set -euo pipefail
cd "$(dirname "$0")/.."
trigger=$(mktemp)
cp packages/db/drizzle/0001_audit_append_only.sql "$trigger"
rm -rf packages/db/drizzle
pnpm exec drizzle-kit generate --name init >/dev/null
pnpm exec drizzle-kit generate --custom --name audit_append_only >/dev/null
cp "$trigger" packages/db/drizzle/0001_audit_append_only.sql
echo "migrations regenerated"
