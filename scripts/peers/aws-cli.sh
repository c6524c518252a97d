#!/usr/bin/env bash
# The two-Region Zoom CMK setup done the way an administrator does it without
# zcmk-tui: AWS CLI commands typed one after another. Used by scripts/bench.sh
# as a peer to measure zcmk-tui against; it does the same job (same policy,
# alias in both Regions, rotation, read-back) with no deliberate slowness: the
# only wait is the poll for the replica to become Enabled.
#
# Usage: scripts/peers/aws-cli.sh [--region R] [--replica-region R2] [--alias alias/NAME]
# Environment: AWS_CLI (the aws command, default: aws on PATH), AWS_ENDPOINT_URL
# (passed as --endpoint-url, for CLI versions that predate the variable),
# ZOOM_ACCOUNT_ID (default 409910850980).
# Prints one JSON object on stdout: account, key ID and the two key ARNs.
set -euo pipefail

region=us-east-1
replica=us-west-2
alias_name=alias/zoom-cmk
while [ $# -gt 0 ]; do
  case "$1" in
    --region) region=$2; shift 2 ;;
    --replica-region) replica=$2; shift 2 ;;
    --alias) alias_name=$2; shift 2 ;;
    *) echo "aws-cli.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
zoom_account=${ZOOM_ACCOUNT_ID:-409910850980}
description="Zoom Customer Managed Key (Zoom CMK): encrypts this Zoom account's data at rest"

read -r -a awscmd <<<"${AWS_CLI:-aws}"
export AWS_PAGER=""
endpoint=()
if [ -n "${AWS_ENDPOINT_URL:-}" ]; then
  endpoint=(--endpoint-url "$AWS_ENDPOINT_URL")
fi
aws() { "${awscmd[@]}" "${endpoint[@]}" "$@"; }

# 1. Who am I: account ID and partition for the key policy.
read -r account caller_arn < <(aws sts get-caller-identity --region "$region" \
  --query '[Account,Arn]' --output text)
partition=$(cut -d: -f2 <<<"$caller_arn")

# 2. The key policy: the account administers the key, Zoom may use it.
policy=$(cat <<EOF
{
  "Version": "2012-10-17",
  "Id": "zoom-cmk-key-policy",
  "Statement": [
    {
      "Sid": "EnableAccountAdministration",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:${partition}:iam::${account}:root"},
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "AllowZoomCMK",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::${zoom_account}:root"},
      "Action": ["kms:Decrypt", "kms:Encrypt", "kms:DescribeKey", "kms:GenerateDataKey*"],
      "Resource": "*"
    }
  ]
}
EOF
)
tags=("TagKey=zoom-cmk:alias,TagValue=$alias_name" "TagKey=created-by,TagValue=aws-cli")

# 3. The multi-Region primary key, its alias and rotation.
key_id=$(aws kms create-key --region "$region" --multi-region --policy "$policy" \
  --description "$description" --tags "${tags[@]}" --query KeyMetadata.KeyId --output text)
aws kms create-alias --region "$region" --alias-name "$alias_name" --target-key-id "$key_id"
aws kms enable-key-rotation --region "$region" --key-id "$key_id"

# 4. The replica, with the policy passed explicitly (else it gets the default).
aws kms replicate-key --region "$region" --key-id "$key_id" --replica-region "$replica" \
  --policy "$policy" --description "$description" --tags "${tags[@]}" >/dev/null

# 5. Wait until the replica is Enabled (it starts as Creating).
for attempt in $(seq 1 60); do
  state=$(aws kms describe-key --region "$replica" --key-id "$key_id" \
    --query KeyMetadata.KeyState --output text)
  [ "$state" = Enabled ] && break
  if [ "$attempt" = 60 ]; then
    echo "aws-cli.sh: replica in $replica still $state after 60 polls" >&2
    exit 1
  fi
  sleep 1
done

# 6. The alias in the replica Region (aliases are not replicated). Some KMS
#    emulators copy the alias with the key; the read-back below checks that the
#    alias names this key either way.
if ! out=$(aws kms create-alias --region "$replica" --alias-name "$alias_name" \
  --target-key-id "$key_id" 2>&1); then
  if ! grep -q AlreadyExistsException <<<"$out"; then
    echo "$out" >&2
    exit 1
  fi
fi

# 7. Read back the policy and the key (through its alias) in both Regions.
arns=()
for r in "$region" "$replica"; do
  got=$(aws kms get-key-policy --region "$r" --key-id "$key_id" --policy-name default \
    --query Policy --output text)
  if ! grep -q "$zoom_account" <<<"$got" || ! grep -q 'kms:GenerateDataKey\*' <<<"$got"; then
    echo "aws-cli.sh: the key policy in $r does not grant Zoom" >&2
    exit 1
  fi
  read -r id state arn < <(aws kms describe-key --region "$r" --key-id "$alias_name" \
    --query '[KeyMetadata.KeyId,KeyMetadata.KeyState,KeyMetadata.Arn]' --output text)
  if [ "$id" != "$key_id" ] || [ "$state" != Enabled ]; then
    echo "aws-cli.sh: $alias_name in $r is $id ($state), want $key_id (Enabled)" >&2
    exit 1
  fi
  arns+=("$arn")
done

printf '{"account_id":"%s","key_id":"%s","arns":["%s","%s"]}\n' "$account" "$key_id" "${arns[0]}" "${arns[1]}"
