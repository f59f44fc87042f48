#!/usr/bin/env sh
# Packs the dlnet command from this repository and installs it as a global .NET tool
# (run it again after pulling to update). Needs only the .NET 10 SDK.
# Arguments, if any, are a dlnet command to run once installed: ./install.sh run --preset quick --out runs/quick
set -eu
cd "$(dirname "$0")"

feed=out/package
rm -rf "$feed"
dotnet pack src/Dlnet.Cli -c Release -o "$feed" --nologo -v quiet
# The same version number may have been installed from an earlier pack: replace it.
dotnet tool uninstall --global Dlnet >/dev/null 2>&1 || true
dotnet tool install --global Dlnet --add-source "$feed" --ignore-failed-sources --no-http-cache
echo "package: $(ls "$feed"/*.nupkg) ($(du -k "$feed"/*.nupkg | cut -f1) kB)"
tools="${DOTNET_CLI_HOME:-$HOME}/.dotnet/tools"
case ":$PATH:" in
  *":$tools:"*) ;;
  *) echo "add $tools to PATH to call dlnet by name" ;;
esac
if [ $# -gt 0 ]; then exec "$tools/dlnet" "$@"; fi
