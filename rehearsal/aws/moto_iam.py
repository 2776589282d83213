"""IAM as AWS evaluates it, where moto 5 falls short, for the deploy rehearsal.

moto in server mode enforces IAM (INITIAL_NO_AUTH_ACTION_COUNT), but for two services it checks
the action alone against resource "*", and it cannot evaluate a trust policy whose principal is
a service. Both matter for a SAM stack, whose roles trust lambda.amazonaws.com and whose policies
name one table and one secret. This module closes the gaps without touching moto's engines:

* DynamoDB: each request is authorized per resource it touches (table, or table/index/NAME),
  with the IAM actions AWS checks: TransactWriteItems needs PutItem, UpdateItem, DeleteItem or
  ConditionCheckItem per item, TransactGetItems needs GetItem, batches need their own action on
  every table they name.
* Secrets Manager: the secret's ARN is the resource.
* EventBridge: PutEvents is authorized against each entry's event bus (default: "default").
* Trust policies: a statement whose principal is {"Service": [...]} admits the IAM user of that
  name (the rehearsal plays the Lambda service as the user "lambda.amazonaws.com").
"""

import json

from moto import settings
from moto.core.authorization import ActionAuthenticatorMixin
from moto.dynamodb.responses import DynamoHandler
from moto.events.responses import EventsHandler
from moto.iam.access_control import IAMPolicyStatement, IAMRequest
from moto.secretsmanager.models import secretsmanager_backends
from moto.secretsmanager.responses import SecretsManagerResponse

_TRANSACT_ACTIONS = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem", "ConditionCheck": "ConditionCheckItem"}


def _authorize(handler, pairs):
    """Checks signature and permission once per (action, resource), as AWS does for each."""
    if ActionAuthenticatorMixin.request_count < settings.INITIAL_NO_AUTH_ACTION_COUNT:
        ActionAuthenticatorMixin.request_count += 1
        return
    path = handler.uri.split("://", 1)[-1]
    path = path[path.find("/"):] if "/" in path else "/"
    for action, resource in pairs:
        request = IAMRequest(account_id=handler.current_account, method=handler.method, path=path,
                             data=handler.data, body=handler.raw_body, headers=handler.headers, action=action)
        request.check_signature()
        request.check_action_permitted(resource)


def _body(handler):
    try:
        return json.loads(handler.raw_body or b"{}")
    except ValueError:
        return {}


def _dynamodb_pairs(handler):
    action = handler._get_action()
    body = _body(handler)
    region, account = handler.region, handler.current_account

    def table(name, index=None):
        arn = f"arn:aws:dynamodb:{region}:{account}:table/{name}"
        return arn + f"/index/{index}" if index else arn

    if action in ("BatchGetItem", "BatchWriteItem"):
        return [(action, table(name)) for name in body.get("RequestItems", {})] or [(action, "*")]
    if action == "TransactWriteItems":
        pairs = []
        for item in body.get("TransactItems", []):
            for kind, spec in item.items():
                pairs.append((_TRANSACT_ACTIONS.get(kind, action), table(spec.get("TableName"))))
        return pairs or [(action, "*")]
    if action == "TransactGetItems":
        return [("GetItem", table(i.get("Get", {}).get("TableName"))) for i in body.get("TransactItems", [])] or [(action, "*")]
    if "TableName" in body:
        return [(action, table(body["TableName"], body.get("IndexName")))]
    return [(action, "*")]


def _secret_pairs(handler):
    action = handler._get_action()
    secret_id = _body(handler).get("SecretId")
    if not secret_id:
        return [(action, "*")]
    backend = secretsmanager_backends[handler.current_account][handler.region]
    try:
        return [(action, backend.describe_secret(secret_id).arn)]
    except Exception:  # an unknown secret: AWS authorizes against the name it was given
        return [(action, f"arn:aws:secretsmanager:{handler.region}:{handler.current_account}:secret:{secret_id}")]


def _events_pairs(handler):
    action = handler._get_action()
    if action != "PutEvents":
        return [(action, "*")]
    pairs = []
    for entry in _body(handler).get("Entries", []):
        bus = entry.get("EventBusName") or "default"
        arn = bus if bus.startswith("arn:") else f"arn:aws:events:{handler.region}:{handler.current_account}:event-bus/{bus}"
        if (action, arn) not in pairs:
            pairs.append((action, arn))
    return pairs or [(action, "*")]


_original_check_principal = IAMPolicyStatement._check_principal


def _check_principal(statement, principal):
    expected = statement._statement.get("Principal")
    if isinstance(expected, dict) and "Service" in expected and "AWS" not in expected:
        services = expected["Service"] if isinstance(expected["Service"], list) else [expected["Service"]]
        return any(principal.endswith(":user/" + service) for service in services)
    return _original_check_principal(statement, principal)


def install():
    DynamoHandler._authenticate_and_authorize_normal_action = lambda self, resource="*": _authorize(self, _dynamodb_pairs(self))
    SecretsManagerResponse._authenticate_and_authorize_normal_action = lambda self, resource="*": _authorize(self, _secret_pairs(self))
    EventsHandler._authenticate_and_authorize_normal_action = lambda self, resource="*": _authorize(self, _events_pairs(self))
    IAMPolicyStatement._check_principal = _check_principal
