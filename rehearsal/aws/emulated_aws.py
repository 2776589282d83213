"""AWS on loopback for `./gatehouse rehearse`: moto in server mode with IAM enforced, the stack of
template.yaml created on it, and the credentials endpoint Lambda gives a SnapStart function.

    python3 emulated_aws.py --template template.yaml --state STATE.json

Prints one line, `ready`, once STATE.json is written, then serves until its standard input
closes or it is terminated (the harness stops it by its pid). No request leaves 127.0.0.1.
"""

import argparse
import hmac
import json
import logging
import os
import secrets
import sys
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# IAM is enforced from the fourth request on: the first three create the administrator that
# plays CloudFormation. These are read when moto is imported.
os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = "3"
os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"  # SAM attaches AWSLambdaBasicExecutionRole

import boto3  # noqa: E402
from moto.server import ThreadedMotoServer  # noqa: E402

import moto_iam  # noqa: E402
from stack import ACCOUNT, Stack, transform  # noqa: E402

REGION = "us-east-1"
ALLOW_ALL = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
ASSUME_ANY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]})


def client(service, endpoint, key):
    return boto3.client(service, endpoint_url=endpoint, region_name=REGION,
                        aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])


def user_with_key(iam, name, policy):
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    iam.put_user_policy(UserName=name, PolicyName="rehearsal", PolicyDocument=policy)
    return key


class CredentialsEndpoint:
    """Lambda's container credentials endpoint: one path and one token per function, the role's
    credentials by STS AssumeRole as the Lambda service would get them."""

    def __init__(self, sts, functions):
        self.sts = sts
        self.functions = {f["logicalId"]: dict(f, token=secrets.token_urlsafe(24), fetches=0) for f in functions.values()}
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                endpoint.serve(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def uri(self, logical_id):
        return f"http://127.0.0.1:{self.server.server_address[1]}/2021-04-23/credentials/{logical_id}"

    def serve(self, request):
        function = self.functions.get(request.path.rsplit("/", 1)[-1])
        given = request.headers.get("Authorization", "")
        if function is None or not hmac.compare_digest(given, function["token"]):
            self.reply(request, 403, {"message": "wrong path or authorization token"})
            return
        credentials = self.sts.assume_role(RoleArn=function["roleArn"], RoleSessionName=function["functionName"][:64],
                                           DurationSeconds=3600)["Credentials"]
        function["fetches"] += 1
        expiration = credentials["Expiration"]
        if isinstance(expiration, datetime):
            expiration = expiration.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.reply(request, 200, {"AccessKeyId": credentials["AccessKeyId"], "SecretAccessKey": credentials["SecretAccessKey"],
                                  "Token": credentials["SessionToken"], "Expiration": expiration})

    @staticmethod
    def reply(request, status, body):
        data = json.dumps(body).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--template", required=True)
    parser.add_argument("--state", required=True)
    parser.add_argument("--stack-name", default="gatehouse-rehearsal")
    parser.add_argument("--parameter", action="append", default=[], help="NAME=VALUE, a stack parameter override")
    args = parser.parse_args()

    moto_iam.install()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    endpoint = "http://127.0.0.1:%d" % server.get_host_and_port()[1]

    bootstrap = boto3.client("iam", endpoint_url=endpoint, region_name=REGION, aws_access_key_id="bootstrap",
                             aws_secret_access_key="bootstrap")
    admin = user_with_key(bootstrap, "cloudformation", ALLOW_ALL)  # the three unauthenticated requests
    iam = client("iam", endpoint, admin)
    lambda_service = user_with_key(iam, "lambda.amazonaws.com", ASSUME_ANY)

    cfn, code_uris = transform(args.template, REGION)
    clients = {s: client(s, endpoint, admin) for s in ("dynamodb", "sqs", "secretsmanager", "events", "iam", "logs", "sns", "cloudwatch")}
    parameters = dict(p.split("=", 1) for p in args.parameter)
    stack = Stack(cfn, code_uris, clients, REGION, args.stack_name, parameters)
    stack.create_all()

    credentials = CredentialsEndpoint(client("sts", endpoint, lambda_service), stack.functions)
    state = stack.state()
    state.update({"endpoint": endpoint, "region": REGION, "accountId": ACCOUNT, "stackName": args.stack_name,
                  "admin": {"accessKeyId": admin["AccessKeyId"], "secretAccessKey": admin["SecretAccessKey"]}})
    for logical, function in state["functions"].items():
        function["credentials"] = {"fullUri": credentials.uri(logical), "token": credentials.functions[logical]["token"]}
    with open(args.state, "w") as out:
        json.dump(state, out, indent=1, default=str)
    print("ready", flush=True)
    sys.stdin.read()  # until the harness closes our input or ends us
    server.stop()


if __name__ == "__main__":
    main()
