"""A stand-in boto3 over tests/standin/fake_iam.py (datetimes in responses,
ClientError on failure, like the real one)."""
import fake_iam
from botocore.exceptions import ClientError


def client(name, config=None):
    assert name in ("iam", "sts"), name
    return _Client()


def _method(op):
    def call(**params):
        try:
            result = fake_iam.call(op, **params)
        except fake_iam.Failure as e:
            raise ClientError({"Error": {"Code": e.code, "Message": e.message}}, e.op)
        result["ResponseMetadata"] = {"RequestId": "r", "HTTPStatusCode": 200}
        return result
    return call


class _Client:
    def __getattr__(self, name):
        return _method("".join(w.capitalize() for w in name.split("_")))
