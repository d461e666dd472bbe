#!/usr/bin/env bash
# Regenerates src/Microsoft.ML.Recurrent/PublicAPI.Unshipped.txt from the compiler's own view of the public API
# (Microsoft.CodeAnalysis.PublicApiAnalyzers): run it after adding, changing or removing a public member, review the
# diff of the file, and commit it with the change. The IDE's code fix for RS0016 does the same one line at a time.
#
# Lines in PublicAPI.Shipped.txt (what a released version promised) are never touched: a shipped member that no
# longer exists is written to Unshipped as "*REMOVED*<line>", the analyzer's convention for a breaking removal.
# On a release, move the Unshipped lines to Shipped (and drop the *REMOVED* lines together with their originals).
set -euo pipefail
cd "$(dirname "$0")/.."

project=src/Microsoft.ML.Recurrent/Microsoft.ML.Recurrent.csproj
unshipped=src/Microsoft.ML.Recurrent/PublicAPI.Unshipped.txt
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Build against an empty Unshipped file, so that the analyzer reports every public symbol not in Shipped (RS0016)
# and every Shipped line without a symbol (RS0017). --no-incremental: the analyzers must run.
printf '#nullable enable\n' > "$unshipped"
dotnet build "$project" --no-incremental -nologo -v:quiet -clp:NoSummary > "$log" 2>&1 || true

{
  printf '#nullable enable\n'
  {
    sed -n "s/.* RS0016: Symbol '\(.*\)' is not part of the declared public API .*/\1/p" "$log"
    sed -n "s/.* RS0017: Symbol '\(.*\)' is part of the declared API, but is either not public or could not be found.*/*REMOVED*\1/p" "$log"
  } | LC_ALL=C sort -u
} > "$unshipped.new"
mv "$unshipped.new" "$unshipped"

# The file must now satisfy the analyzer; anything else that fails is printed.
if ! dotnet build "$project" -nologo -v:quiet -clp:NoSummary > "$log" 2>&1; then
  grep -E ': (error|warning) ' "$log" | sort -u >&2 || cat "$log" >&2
  echo "update-public-api: the build still fails; see above." >&2
  exit 1
fi
echo "update-public-api: $(($(wc -l < "$unshipped") - 1)) lines in $unshipped"
