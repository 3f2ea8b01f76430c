"""A stand-in AWS account for the collection scripts' tests
(tests/collect.rs): three roles, a user and a group. It throttles the first
call of some operations, reports every job IN_PROGRESS once, serves one
role's report in two pages by Marker, and fails one principal. Its state (what
was throttled, which jobs were polled) lives in files under $STANDIN_STATE;
every call is logged there to calls.jsonl, as (operation, parameters).
"""
import datetime
import json
import os

ACCOUNT = "444455556666"
STATE = os.environ.get("STANDIN_STATE", ".")
ROLES = ["data-pipeline", "nightly-etl", "broken"]
USERS = ["bob"]
GROUPS = ["devs"]
UTC = datetime.timezone.utc


class Failure(Exception):
    def __init__(self, code, op, message):
        super().__init__(f"An error occurred ({code}) when calling the {op} operation: {message}")
        self.code, self.op, self.message = code, op, message


def _once(key):
    """True the first time `key` is seen (across processes)."""
    path = os.path.join(STATE, "seen-" + key.replace("/", "_"))
    if os.path.exists(path):
        return False
    open(path, "w").close()
    return True


def _arn(kind, name):
    return f"arn:aws:iam::{ACCOUNT}:{kind}/{name}"


def call(op, **params):
    with open(os.path.join(STATE, "calls.jsonl"), "a") as f:
        f.write(json.dumps([op, params], default=str) + "\n")
    # Throttled once: listing roles, starting bob's job, nightly-etl's page.
    for throttled in ["ListRoles", "GenerateServiceLastAccessedDetails:user/bob", "GetServiceLastAccessedDetails:job-nightly-etl:page"]:
        key = op
        if op == "GenerateServiceLastAccessedDetails":
            key += ":" + params["Arn"].split(":")[-1]
        if op == "GetServiceLastAccessedDetails" and params.get("MaxItems") != 1:
            key += ":" + params["JobId"] + ":page"
        if key == throttled and _once(key):
            raise Failure("Throttling", op, "Rate exceeded")
    if op == "GetCallerIdentity":
        return {"UserId": "AIDAEXAMPLE", "Account": ACCOUNT, "Arn": _arn("user", "auditor")}
    if op in ("ListRoles", "ListUsers", "ListGroups"):
        kind, names = {"ListRoles": ("role", ROLES), "ListUsers": ("user", USERS), "ListGroups": ("group", GROUPS)}[op]
        key = {"role": "Roles", "user": "Users", "group": "Groups"}[kind]
        name_key = kind.capitalize() + "Name"
        return {key: [{name_key: n, "Arn": _arn(kind, n), "Path": "/"} for n in names], "IsTruncated": False}
    if op == "GetAccountAuthorizationDetails":
        return {"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [
            {"RoleName": n, "Arn": _arn("role", n), "Path": "/", "RolePolicyList": [], "AttachedManagedPolicies": []} for n in ROLES
        ], "Policies": [], "IsTruncated": False}
    if op == "GenerateServiceLastAccessedDetails":
        assert params.get("Granularity") in ("ACTION_LEVEL", "SERVICE_LEVEL"), params
        name = params["Arn"].split("/")[-1]
        if name == "broken":
            raise Failure("NoSuchEntity", op, f"The role with name {name} cannot be found.")
        return {"JobId": "job-" + name}
    if op == "GetServiceLastAccessedDetails":
        job = params["JobId"]
        name = job[len("job-"):]
        if params.get("MaxItems") == 1 and _once("polled-" + job):
            return {"JobStatus": "IN_PROGRESS", "JobCreationDate": _created(name), "ServicesLastAccessed": [], "IsTruncated": False}
        kind = "user" if name in USERS else "group" if name in GROUPS else "role"
        entity = _arn("user", "bob") if kind == "group" else _arn(kind, name)
        # IAM returns services by namespace, across pages too.
        pages = [["ec2", "glue"], ["s3"]] if name == "data-pipeline" else [["s3"]]
        n = {None: 0, "m/1+==": 1}[params.get("Marker")]
        page = {
            "JobStatus": "COMPLETED", "JobType": "SERVICE_LEVEL",
            "JobCreationDate": _created(name),
            "ServicesLastAccessed": [
                {"ServiceName": ns.upper(), "ServiceNamespace": ns, "LastAuthenticated": datetime.datetime(2026, 11, 1, 9, 0, tzinfo=UTC),
                 "LastAuthenticatedEntity": entity, "LastAuthenticatedRegion": "eu-west-1", "TotalAuthenticatedEntities": 1}
                for ns in pages[n]
            ],
            "JobCompletionDate": _created(name) + datetime.timedelta(seconds=3),
            "IsTruncated": n + 1 < len(pages),
        }
        if page["IsTruncated"]:
            page["Marker"] = "m/1+=="
        return page
    raise Failure("InvalidAction", op, "not served by the stand-in")


def _created(name):
    # Distinct creation times, as real jobs have.
    i = (ROLES + USERS + GROUPS).index(name)
    return datetime.datetime(2026, 11, 20, 10, 0, i, 123000, tzinfo=UTC)
