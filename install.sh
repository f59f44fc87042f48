#!/usr/bin/env sh
# Packs the dlnet command from this repository and installs it as a global .NET tool
# (run it again after pulling to update). Needs only the .NET 10 SDK.
set -eu
cd "$(dirname "$0")"

feed=out/package
rm -rf "$feed"
dotnet pack src/Dlnet.Cli -c Release -o "$feed" --nologo -v quiet
# The same version number may have been installed from an earlier pack: replace it.
dotnet tool uninstall --global Dlnet >/dev/null 2>&1 || true
dotnet tool install --global Dlnet --add-source "$feed" --ignore-failed-sources --no-http-cache
echo "package: $(ls "$feed"/*.nupkg) ($(du -k "$feed"/*.nupkg | cut -f1) kB)"
