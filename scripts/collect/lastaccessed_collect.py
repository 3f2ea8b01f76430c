#!/usr/bin/env python3
"""IAM last-accessed data for every role, user and group of one AWS account,
saved where lastaccessed reads it (choose or drop the folder, or a zip of it):

  OUT/<account-id>/roles/<name>/page-1.json, page-2.json, ...
  OUT/<account-id>/users/<name>/...   OUT/<account-id>/groups/<name>/...
  OUT/<account-id>/authorization-details-page-N.json  (the account's policies)
  OUT/<account-id>/errors.txt                         (principals that failed)

Usage: python3 lastaccessed_collect.py [--service-level] [--only roles,users,groups]
         [--path-prefix /team/] [--name REGEX] [--no-policies] [--out DIR]

- Starts one job per principal (action level unless --service-level), waits
  for each, and follows every Marker until IsTruncated is false.
- Throttling is retried with exponential backoff and full jitter, on top of
  botocore's own retries (adaptive mode).
- A principal that fails is written to errors.txt and the rest go on; run
  the script again to resume: finished principals are skipped.
- Needs boto3 and: iam:ListRoles, iam:ListUsers, iam:ListGroups,
  iam:GenerateServiceLastAccessedDetails, iam:GetServiceLastAccessedDetails,
  iam:GetAccountAuthorizationDetails, sts:GetCallerIdentity.
"""
import argparse
import json
import os
import random
import re
import shutil
import sys
import time

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

THROTTLED = {"Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded"}
BACKOFF = float(os.environ.get("LASTACCESSED_BACKOFF_SECONDS", "1"))
TRIES = int(os.environ.get("LASTACCESSED_TRIES", "8"))
POLL = float(os.environ.get("LASTACCESSED_POLL_SECONDS", "3"))
KINDS = {
    "roles": ("list_roles", "Roles", "RoleName"),
    "users": ("list_users", "Users", "UserName"),
    "groups": ("list_groups", "Groups", "GroupName"),
}


def call(fn, **kwargs):
    """fn(**kwargs), retried while it is throttled (full jitter, at most 60 s)."""
    for attempt in range(TRIES + 1):
        try:
            return fn(**kwargs)
        except ClientError as e:
            if e.response.get("Error", {}).get("Code") not in THROTTLED or attempt == TRIES:
                raise
            time.sleep(random.uniform(0, min(60.0, BACKOFF * 2**attempt)))


def pages(fn, **kwargs):
    """Every page of fn(**kwargs), following Marker until IsTruncated is
    false (IAM has no paginator for last-accessed details), without the
    response metadata."""
    more = {}
    while True:
        page = call(fn, **kwargs, **more)
        page.pop("ResponseMetadata", None)
        yield page
        if not page.get("IsTruncated"):
            return
        more = {"Marker": page["Marker"]}


def save(path, obj):
    with open(path + ".part", "w") as f:
        json.dump(obj, f, default=str, indent=2)
    os.replace(path + ".part", path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--service-level", action="store_true", help="service-level jobs (default: action level)")
    ap.add_argument("--only", default="roles,users,groups", help="comma-separated: roles, users, groups")
    ap.add_argument("--path-prefix", default="/", help="only principals under this IAM path")
    ap.add_argument("--name", default="", help="only principals whose name matches this regular expression")
    ap.add_argument("--no-policies", action="store_true", help="skip the account authorization details")
    ap.add_argument("--out", default=".", help="folder to write into (default: here)")
    args = ap.parse_args()
    kinds = [k for k in args.only.split(",") if k]
    for k in kinds:
        if k not in KINDS:
            ap.error(f"--only: {k} is not roles, users or groups")
    granularity = "SERVICE_LEVEL" if args.service_level else "ACTION_LEVEL"
    config = Config(retries={"mode": "adaptive", "max_attempts": 10})
    iam = boto3.client("iam", config=config)
    account = call(boto3.client("sts", config=config).get_caller_identity)["Account"]
    base = os.path.join(args.out, account)
    os.makedirs(base, exist_ok=True)
    errors = open(os.path.join(base, "errors.txt"), "w")
    failed = 0

    def fail(kind, name, arn, message):
        nonlocal failed
        failed += 1
        errors.write(f"{kind}/{name}\t{arn}\t{message}\n")
        errors.flush()
        print(f"  {kind}/{name} failed: {message}", file=sys.stderr)

    if not args.no_policies:
        print("authorization details…", file=sys.stderr)
        try:
            for n, page in enumerate(pages(iam.get_account_authorization_details), 1):
                save(os.path.join(base, f"authorization-details-page-{n}.json"), page)
        except ClientError as e:
            fail("account", "policies", "-", f"get_account_authorization_details: {e}")

    name_re = re.compile(args.name) if args.name else None
    for kind in kinds:
        method, key, name_key = KINDS[kind]
        try:
            principals = [
                (p[name_key], p["Arn"])
                for page in pages(getattr(iam, method), PathPrefix=args.path_prefix)
                for p in page[key]
            ]
        except ClientError as e:
            fail(kind, "-", "-", f"{method}: {e}")
            continue
        todo = [(n, a) for n, a in principals if not name_re or name_re.search(n)]
        total = len(todo)
        jobs = {}
        # 1. Start a job for every principal not finished in an earlier run.
        for name, arn in todo:
            d = os.path.join(base, kind, name)
            if os.path.exists(os.path.join(d, ".complete")):
                continue
            shutil.rmtree(d, ignore_errors=True)
            os.makedirs(d)
            try:
                jobs[name] = call(iam.generate_service_last_accessed_details, Arn=arn, Granularity=granularity)["JobId"]
            except ClientError as e:
                fail(kind, name, arn, f"generate_service_last_accessed_details: {e}")
        # 2. Wait for each job and save every page.
        for i, (name, arn) in enumerate(todo, 1):
            d = os.path.join(base, kind, name)
            if os.path.exists(os.path.join(d, ".complete")):
                print(f"{i}/{total} {kind}: {name} (done before)", file=sys.stderr)
                continue
            if name not in jobs:
                continue
            job = jobs[name]
            try:
                while True:
                    head = call(iam.get_service_last_accessed_details, JobId=job, MaxItems=1)
                    if head["JobStatus"] != "IN_PROGRESS":
                        break
                    time.sleep(POLL)
                if head["JobStatus"] != "COMPLETED":
                    fail(kind, name, arn, f"job {job}: {head['JobStatus']} {head.get('Error', {}).get('Message', '')}".strip())
                    continue
                n = 0
                for n, page in enumerate(pages(iam.get_service_last_accessed_details, JobId=job), 1):
                    save(os.path.join(d, f"page-{n}.json"), page)
                open(os.path.join(d, ".complete"), "w").close()
                print(f"{i}/{total} {kind}: {name} ({n} page(s))", file=sys.stderr)
            except ClientError as e:
                fail(kind, name, arn, f"get_service_last_accessed_details: {e}")
    errors.close()
    if failed:
        print(f"Done, {failed} failed (see {base}/errors.txt; run again to retry them). Load {base} in lastaccessed.", file=sys.stderr)
        return 1
    print(f"Done. Load {base} in lastaccessed (choose the folder, or drop a zip of it).", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
