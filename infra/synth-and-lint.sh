#!/usr/bin/env bash
# Synthesizes the CDK app with the CDK CLI pinned in package.json and lints the template with cfn-lint.
# Runs from a fresh clone after `./mvnw verify` (which builds function/target/function.jar); offline apart from
# the npm registry (npm ci). Usage: bash infra/synth-and-lint.sh   (WORKFLOW_ID=... to synthesize another id)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The CDK library's Node bridge: no end-of-life banner for Node 20, no deprecation chatter.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export JSII_DEPRECATED=quiet
# The CLI must not phone home during a CI synth.
export CDK_DISABLE_CLI_TELEMETRY=true

if [[ ! -f function/target/function.jar ]]; then
  echo "synth-and-lint: function/target/function.jar not found: run ./mvnw -DskipTests package first" >&2
  exit 1
fi

npm ci --no-audit --no-fund --loglevel=error

workflow_id="${WORKFLOW_ID:-1234567}"
template=cdk.out/OmicsDropzone.template.json
rm -rf cdk.out

synth() { # synth OUTDIR [-c key=value ...]
  local outdir="$1"; shift
  local start; start=$(date +%s)
  # --strict: a synth warning (including any cdk-nag finding the App's packs report) fails the build too.
  npx --no-install cdk synth --quiet --strict --no-notices --output "${outdir}" -c "workflowId=${workflow_id}" "$@"
  echo "synth-and-lint: synthesized ${outdir}/OmicsDropzone.template.json in $(( $(date +%s) - start ))s"
}

lint() {
  # CDK's own explicit DependsOn on function roles shows as W3005 warnings; only errors fail.
  cfn-lint --non-zero-exit-code error "$1"
  echo "synth-and-lint: cfn-lint found no errors in $1"
}

# The defaults: what `cdk deploy -c workflowId=...` deploys.
synth cdk.out
lint "${template}"

# Every optional context key (existing buckets, output URI, e-mail, ECR, tuning): the other branches of the stack.
all_options="$(mktemp -d)"
trap 'rm -rf "${all_options}"' EXIT
synth "${all_options}" \
  -c workflowVersionName=v2 -c workflowType=PRIVATE -c runGroupId=5550001 -c storageType=STATIC \
  -c storageCapacity=2400 -c cacheId=8880001 -c cacheBehavior=CACHE_ON_FAILURE -c logLevel=ALL \
  -c retentionMode=REMOVE -c priority=10 -c outputUri=s3://lab-results/omics/out/ \
  -c inputBucketName=lab-dropzone -c uploadPrefix=batches/ -c noncurrentVersionDays=90 \
  -c notificationEmail=omics-team@example.org \
  -c ecrRepositoryArns=arn:aws:ecr:us-east-1:111122223333:repository/bwa \
  -c reconcileMinutes=30 -c reconcileMaxBatches=20 -c logRetentionDays=2557 -c reservedConcurrency=5 \
  -c phiSafe=true -c stuckDropAfter=PT45M -c giveUpAfter=P2D -c reconcileQuietPeriod=PT10M
lint "${all_options}/OmicsDropzone.template.json"

# A bad context value stops the synth with the App's message, before any template is written.
rejected="$(mktemp -d)"
trap 'rm -rf "${all_options}" "${rejected}"' EXIT
if npx --no-install cdk synth --quiet --no-notices --output "${rejected}" -c "workflowId=${workflow_id}" \
    -c stuckDropAfter=PT30M -c giveUpAfter=PT10M >"${rejected}/out.txt" 2>&1; then
  echo "synth-and-lint: giveUpAfter shorter than stuckDropAfter was accepted" >&2
  exit 1
fi
grep -q "must be longer than 'stuckDropAfter'" "${rejected}/out.txt" \
  || { echo "synth-and-lint: unexpected output for a rejected context:" >&2; cat "${rejected}/out.txt" >&2; exit 1; }
echo "synth-and-lint: a giveUpAfter shorter than stuckDropAfter is rejected at synth"
