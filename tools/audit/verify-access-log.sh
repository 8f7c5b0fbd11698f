#!/usr/bin/env bash
# Verifies an exported access-log hash chain with standard tools only (bash, jq, sha256sum), without
# the platform: for each entry in seq order,
#   hash = SHA-256( prevHash ‖ JCS(entry without prevHash and hash) )   (hex)
# where JCS is RFC 8785 canonical JSON. For access-log entries (ASCII keys, integers, strings
# without U+007F) JCS is exactly `jq -cS` output: keys sorted, no whitespace, UTF-8 as is.
#
#   tools/audit/verify-access-log.sh export.json      (an array of entries, or {"items": [...]})
#
# Prints "intact: N entries, last hash H" and exits 0, or names the first broken entry and exits 1.
# A full export starts at seq 1 with prevHash 000…0 (64 zeros); a partial one (a party's own
# entries) checks each entry against its own prevHash.
set -euo pipefail
file="${1:?usage: verify-access-log.sh <export.json>}"
genesis="$(printf '0%.0s' {1..64})"
prev=""
n=0
while IFS= read -r entry; do
  seq="$(jq -r '.seq' <<<"$entry")"
  claimed_prev="$(jq -r '.prevHash' <<<"$entry")"
  claimed="$(jq -r '.hash' <<<"$entry")"
  if [ "$seq" = 1 ] && [ "$claimed_prev" != "$genesis" ]; then
    echo "broken at seq $seq: the first entry must link to the genesis hash"; exit 1
  fi
  # Consecutive entries must link; a gap in seq is a partial export (another party's entries).
  if [ -n "$prev" ] && [ "$seq" = "$((prev_seq + 1))" ] && [ "$claimed_prev" != "$prev" ]; then
    echo "broken at seq $seq: prevHash does not match the previous entry's hash"; exit 1
  fi
  actual="$(printf '%s%s' "$claimed_prev" "$(jq -cS 'del(.prevHash, .hash)' <<<"$entry")" | sha256sum | cut -d' ' -f1)"
  if [ "$actual" != "$claimed" ]; then
    echo "broken at seq $seq: hash does not match the entry content"; exit 1
  fi
  prev="$claimed"; prev_seq="$seq"; n=$((n + 1))
done < <(jq -c 'if type == "array" then .[] else .items[] end' "$file" | jq -sc 'sort_by(.seq)[]')
echo "intact: $n entries, last hash ${prev:-none}"
