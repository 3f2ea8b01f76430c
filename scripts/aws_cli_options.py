#!/usr/bin/env python3
"""Write tests/fixtures/aws-cli-options.json: the options the AWS CLI accepts
for every command the help panel prints, the values its enum options allow,
the output members `--query` may name, and boto3's method parameters.

It reads the CLI's own argument tables (awscli's clidriver) and botocore's
service models, so the fixture is what the installed CLI accepts, not what we
remember. Run it when the CLI changes: `python3 scripts/aws_cli_options.py`.
"""
import json
import pathlib

import awscli
import botocore
import botocore.session
from botocore import xform_name
from awscli.clidriver import create_clidriver

COMMANDS = {
    "iam": [
        "generate-service-last-accessed-details",
        "get-service-last-accessed-details",
        "get-service-last-accessed-details-with-entities",
        "generate-organizations-access-report",
        "get-organizations-access-report",
        "get-role",
        "get-user",
        "get-group",
        "get-account-authorization-details",
        # The rewrite's apply and rollback scripts.
        "put-role-policy",
        "put-user-policy",
        "put-group-policy",
        "delete-role-policy",
        "delete-user-policy",
        "delete-group-policy",
        "create-policy",
        "create-policy-version",
        "delete-policy-version",
        "set-default-policy-version",
        "attach-role-policy",
        "attach-user-policy",
        "attach-group-policy",
        "detach-role-policy",
        "detach-user-policy",
        "detach-group-policy",
        "delete-policy",
        # The collection scripts (scripts/collect/).
        "list-roles",
        "list-users",
        "list-groups",
    ],
    # IAM Access Analyzer's unused-access findings.
    "accessanalyzer": [
        "list-analyzers",
        "list-findings-v2",
        "get-finding-v2",
        "generate-finding-recommendation",
        "get-finding-recommendation",
    ],
    # The Organizations report's SCPs (create, attach, detach FullAWSAccess).
    "organizations": [
        "describe-organization",
        "list-roots",
        "create-policy",
        "attach-policy",
        "detach-policy",
    ],
    # A permission set's change (the rewrite's scripts, as comments).
    "sso-admin": [
        "put-inline-policy-to-permission-set",
        "delete-inline-policy-from-permission-set",
        "attach-managed-policy-to-permission-set",
        "detach-managed-policy-from-permission-set",
        "provision-permission-set",
    ],
    "sts": ["get-caller-identity"],
}

driver = create_clidriver()
table = driver._get_command_table()
session = botocore.session.get_session()
out = {
    "source": f"awscli {awscli.__version__}, botocore {botocore.__version__}",
    "global_options": sorted(driver._get_argument_table().keys()),
    "commands": {},
    "boto3": {},
}
for service, names in COMMANDS.items():
    model = session.get_service_model(service)
    ops = table[service]._get_command_table()
    for name in names:
        cmd = ops[name]
        op = model.operation_model(cmd._operation_model.name)
        enums = {}
        for member, shape in (op.input_shape.members if op.input_shape else {}).items():
            if getattr(shape, "enum", None):
                enums[xform_name(member, "-")] = shape.enum
        out["commands"][f"{service} {name}"] = {
            "options": sorted(cmd.arg_table.keys()),
            "enums": enums,
            "output_members": sorted(op.output_shape.members) if op.output_shape else [],
        }
        out["boto3"][f"{service}.{xform_name(op.name)}"] = sorted(op.input_shape.members) if op.input_shape else []
out["output_formats"] = ["json", "text", "table", "yaml", "yaml-stream"]
path = pathlib.Path(__file__).resolve().parent.parent / "tests/fixtures/aws-cli-options.json"
path.write_text(json.dumps(out, indent=2, sort_keys=True) + "\n")
print(f"wrote {path}")
