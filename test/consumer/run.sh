#!/usr/bin/env bash
# Consumer test: the path every user takes, on this machine, with nothing but what the README says.
#   1. pack Microsoft.ML.Recurrent into a local folder feed (or use a feed already packed: --feed DIR);
#   2. create a brand-new console app (dotnet new console) and add only Microsoft.ML 5.0.1, TorchSharp-cpu 0.107.0
#      and Microsoft.ML.Recurrent from that feed;
#   3. copy test/consumer/app/*.cs into it: `dotnet run -- train DIR` trains every scenario (a multiclass LSTM and a
#      forecaster), evaluates and saves; a second process, `dotnet run -- load DIR`, loads the saved models and checks
#      that they score exactly as saved;
#   4. create another console app whose Program.cs is the README's quickstart code block as written, and run it.
# The last line printed is "consumer test: PASS" or "consumer test: FAIL: <step>"; on failure the exit code is not 0.
#
# Packages restore into an isolated folder, so the package just packed is the one used, never a cached copy of the
# same version (checked byte for byte). Everything else (Microsoft.ML, TorchSharp, over 1 GB of libtorch) is read
# from the machine's NuGet cache, used as a read-only fallback folder that leaves Microsoft.ML.Recurrent out;
# anything missing there is downloaded from the registry named by the machine's own NuGet configuration.
#
# Usage: test/consumer/run.sh [--feed DIR] [--keep]     (--keep leaves the work folder for a look afterwards)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
feed="" keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --feed) feed=$(cd "$2" && pwd); shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--feed DIR] [--keep]" >&2; exit 2 ;;
  esac
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d "${TMPDIR:-/tmp}/recurrent-consumer.XXXXXX")
step="start"
started=$SECONDS
finish() {
  local status=$?
  if [ "$keep" -eq 1 ]; then echo "work folder kept: $work"; else rm -rf "$work"; fi
  if [ "$status" -eq 0 ]; then
    echo "consumer test: PASS ($((SECONDS - started)) s)"
  else
    echo "consumer test: FAIL: $step"
  fi
  exit "$status"
}
trap finish EXIT

# run [--show] STEP COMMAND...: runs a step; its output is printed when it fails (or always, with --show).
run() {
  local show=0
  if [ "$1" = --show ]; then show=1; shift; fi
  step=$1; shift
  local start=$SECONDS
  if ! "$@" > "$work/step.log" 2>&1; then
    sed 's/^/  | /' "$work/step.log" | tail -n 100
    return 1
  fi
  echo "ok  $step ($((SECONDS - start)) s)"
  if [ "$show" -eq 1 ]; then sed 's/^/  | /' "$work/step.log"; fi
}

fail() { step=$1; echo "$2" >&2; exit 1; }

# 1. The package, in a local folder feed. Packed with its own artifacts folder: the work tree is not touched.
if [ -z "$feed" ]; then
  feed=$work/feed
  run "dotnet pack" dotnet pack "$repo/src/Microsoft.ML.Recurrent/Microsoft.ML.Recurrent.csproj" -c Release -o "$feed" \
    --artifacts-path "$work/artifacts" -nologo --disable-build-servers
fi
nupkg=$(find "$feed" -maxdepth 1 -name 'Microsoft.ML.Recurrent.*.nupkg' | head -n 1)
[ -n "$nupkg" ] || fail "find the package" "no Microsoft.ML.Recurrent.*.nupkg in $feed"
version=${nupkg##*/Microsoft.ML.Recurrent.}
version=${version%.nupkg}
echo "package: $nupkg (version $version)"

# 2. The isolated packages folder, the fallback folder and a NuGet.config that adds the feed to the machine's sources.
cache=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')
mkdir -p "$work/packages" "$work/fallback"
for dir in "${cache%/}"/*/; do
  [ -d "$dir" ] || continue
  name=$(basename "$dir")
  [ "$name" = microsoft.ml.recurrent ] || ln -s "${dir%/}" "$work/fallback/$name"
done
cat > "$work/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<!-- Adds the local feed to the package sources of the machine's NuGet configuration (not cleared, so they stay). -->
<configuration>
  <packageSources>
    <add key="recurrent-local" value="$feed" />
  </packageSources>
  <config>
    <add key="globalPackagesFolder" value="$work/packages" />
  </config>
  <fallbackPackageFolders>
    <clear />
    <add key="machine-cache-without-recurrent" value="$work/fallback" />
  </fallbackPackageFolders>
</configuration>
XML
export NUGET_PACKAGES=$work/packages

app=$work/ConsumerApp
run "dotnet new console" dotnet new console -o "$app" -n ConsumerApp --no-restore --no-update-check
run "add Microsoft.ML 5.0.1" dotnet add "$app/ConsumerApp.csproj" package Microsoft.ML --version 5.0.1
run "add TorchSharp-cpu 0.107.0" dotnet add "$app/ConsumerApp.csproj" package TorchSharp-cpu --version 0.107.0
run "add Microsoft.ML.Recurrent $version" dotnet add "$app/ConsumerApp.csproj" package Microsoft.ML.Recurrent --version "$version"
restored=$work/packages/microsoft.ml.recurrent/$version/microsoft.ml.recurrent.$version.nupkg
cmp -s "$nupkg" "$restored" || fail "use the package just packed" "$restored is not the package just packed ($nupkg)"
echo "ok  the restored Microsoft.ML.Recurrent is the package just packed"

# 3. Train, evaluate, save; then load and score in a second process.
rm -f "$app/Program.cs"
cp "$repo"/test/consumer/app/*.cs "$app/"
run "build the consumer app" dotnet build "$app/ConsumerApp.csproj" -c Release --no-restore -nologo --disable-build-servers
warnings=$(grep -Eo 'warning [A-Z]+[0-9]+:[^[]*' "$work/step.log" | sort -u || true)
if [ -n "$warnings" ]; then echo "    the consumer build warned (shown, not failed):"; echo "$warnings" | sed 's/^/    /'; fi
run --show "dotnet run -- train" dotnet run --project "$app/ConsumerApp.csproj" -c Release --no-build -- train "$work/models"
run --show "dotnet run -- load (a new process)" dotnet run --project "$app/ConsumerApp.csproj" -c Release --no-build -- load "$work/models"

# 4. The README's quickstart, exactly as written, in a fresh console app with the same three packages.
quickstart=$work/Quickstart
run "dotnet new console (quickstart)" dotnet new console -o "$quickstart" -n Quickstart --no-restore --no-update-check
cp "$app/ConsumerApp.csproj" "$quickstart/Quickstart.csproj"
awk '/^## Quickstart/ { section = 1 } section && /^```csharp/ { code = 1; next } code && /^```/ { exit } code' \
  "$repo/README.md" > "$quickstart/Program.cs"
[ -s "$quickstart/Program.cs" ] || fail "extract the README quickstart" "README.md has no \`\`\`csharp block under '## Quickstart'"
echo "ok  extracted the README quickstart ($(wc -l < "$quickstart/Program.cs") lines)"
run "build the quickstart" dotnet build "$quickstart/Quickstart.csproj" -c Release -nologo --disable-build-servers
run --show "run the README quickstart" bash -c 'cd "$1" && dotnet run -c Release --no-build' quickstart "$quickstart"
accuracy=$(grep -v '^\s*$' "$work/step.log" | tail -n 1)
awk -v a="$accuracy" 'BEGIN { exit !(a ~ /^[0-9.]+$/ && a >= 0 && a <= 1) }' \
  || fail "check the quickstart's output" "the quickstart's last line should be its accuracy, got: $accuracy"
[ -s "$quickstart/model.zip" ] || fail "check the quickstart's model.zip" "the quickstart saved no model.zip"
