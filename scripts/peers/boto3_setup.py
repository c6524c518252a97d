#!/usr/bin/env python3
"""The two-Region Zoom CMK setup as an administrator would script it with boto3.

Used by scripts/bench.sh as a peer to measure zcmk-tui against. One Python
process, the same calls as scripts/peers/aws-cli.sh in the same order, one
after another: same policy, alias in both Regions, rotation, read-back. No
deliberate slowness: the only wait is the poll for the replica to be Enabled.

Usage: boto3_setup.py [--region R] [--replica-region R2] [--alias alias/NAME]
Environment: AWS_ENDPOINT_URL (an emulator), ZOOM_ACCOUNT_ID (default 409910850980).
Prints one JSON object on stdout: account, key ID and the two key ARNs.
"""

import argparse
import json
import os
import sys
import time

import boto3

DESCRIPTION = "Zoom Customer Managed Key (Zoom CMK): encrypts this Zoom account's data at rest"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--region", default="us-east-1")
    ap.add_argument("--replica-region", default="us-west-2")
    ap.add_argument("--alias", default="alias/zoom-cmk")
    args = ap.parse_args()
    zoom_account = os.environ.get("ZOOM_ACCOUNT_ID", "409910850980")
    endpoint = os.environ.get("AWS_ENDPOINT_URL") or None

    session = boto3.session.Session()
    sts = session.client("sts", region_name=args.region, endpoint_url=endpoint)
    kms = session.client("kms", region_name=args.region, endpoint_url=endpoint)
    kms_replica = session.client("kms", region_name=args.replica_region, endpoint_url=endpoint)

    # 1. Who am I: account ID and partition for the key policy.
    ident = sts.get_caller_identity()
    account, partition = ident["Account"], ident["Arn"].split(":")[1]

    # 2. The key policy: the account administers the key, Zoom may use it.
    policy = json.dumps({
        "Version": "2012-10-17",
        "Id": "zoom-cmk-key-policy",
        "Statement": [
            {
                "Sid": "EnableAccountAdministration",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "AllowZoomCMK",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{zoom_account}:root"},
                "Action": ["kms:Decrypt", "kms:Encrypt", "kms:DescribeKey", "kms:GenerateDataKey*"],
                "Resource": "*",
            },
        ],
    }, indent=2)
    tags = [{"TagKey": "zoom-cmk:alias", "TagValue": args.alias},
            {"TagKey": "created-by", "TagValue": "boto3"}]

    # 3. The multi-Region primary key, its alias and rotation.
    key_id = kms.create_key(Policy=policy, Description=DESCRIPTION, MultiRegion=True,
                            Tags=tags)["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName=args.alias, TargetKeyId=key_id)
    kms.enable_key_rotation(KeyId=key_id)

    # 4. The replica, with the policy passed explicitly (else it gets the default).
    kms.replicate_key(KeyId=key_id, ReplicaRegion=args.replica_region, Policy=policy,
                      Description=DESCRIPTION, Tags=tags)

    # 5. Wait until the replica is Enabled (it starts as Creating).
    for attempt in range(60):
        state = kms_replica.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"]
        if state == "Enabled":
            break
        if attempt == 59:
            sys.exit(f"boto3_setup.py: replica in {args.replica_region} still {state} after 60 polls")
        time.sleep(1)

    # 6. The alias in the replica Region (aliases are not replicated). Some KMS
    #    emulators copy the alias with the key; the read-back below checks that
    #    the alias names this key either way.
    try:
        kms_replica.create_alias(AliasName=args.alias, TargetKeyId=key_id)
    except kms_replica.exceptions.AlreadyExistsException:
        pass

    # 7. Read back the policy and the key (through its alias) in both Regions.
    arns = []
    for region, client in ((args.region, kms), (args.replica_region, kms_replica)):
        got = json.loads(client.get_key_policy(KeyId=key_id, PolicyName="default")["Policy"])
        zoom = [s for s in got["Statement"]
                if s.get("Principal", {}).get("AWS") == f"arn:aws:iam::{zoom_account}:root"]
        if not zoom or "kms:GenerateDataKey*" not in zoom[0]["Action"]:
            sys.exit(f"boto3_setup.py: the key policy in {region} does not grant Zoom")
        meta = client.describe_key(KeyId=args.alias)["KeyMetadata"]
        if meta["KeyId"] != key_id or meta["KeyState"] != "Enabled":
            sys.exit(f"boto3_setup.py: {args.alias} in {region} is {meta['KeyId']} "
                     f"({meta['KeyState']}), want {key_id} (Enabled)")
        arns.append(meta["Arn"])

    print(json.dumps({"account_id": account, "key_id": key_id, "arns": arns}))


if __name__ == "__main__":
    main()
