"""Creates a SAM stack's resources on moto, from the template as aws-sam-translator transforms it.

A small CloudFormation: intrinsic functions and conditions are resolved as CloudFormation would,
each resource is created on first reference (so dependencies come first), and what moto cannot
run (Lambda functions, API Gateway, Cognito triggers, custom resources) is described in the
stack's state for the rehearsal harness, which plays the Lambda service.
"""

import json
import os
import secrets
import string

from samtranslator.parser import parser
from samtranslator.translator.translator import Translator
from samtranslator.yaml_helper import yaml_parse

ACCOUNT = "123456789012"
NO_VALUE = object()


def transform(template_path, region):
    """template.yaml through aws-sam-translator; CodeUri is kept aside (the translator wants S3)."""
    os.environ["AWS_DEFAULT_REGION"] = region
    sam = yaml_parse(open(template_path).read())
    code_uris = {}
    defaults = sam.get("Globals", {}).get("Function", {})
    default_code_uri = defaults.get("CodeUri")
    if isinstance(default_code_uri, str):
        defaults["CodeUri"] = "s3://rehearsal-artifacts/" + default_code_uri
    for logical_id, resource in sam.get("Resources", {}).items():
        props = resource.get("Properties", {})
        if resource.get("Type") != "AWS::Serverless::Function" or "InlineCode" in props:
            continue
        code_uri = props.get("CodeUri", default_code_uri)
        if isinstance(code_uri, str):
            code_uris[logical_id] = code_uri
            if "CodeUri" in props:
                props["CodeUri"] = "s3://rehearsal-artifacts/" + code_uri
    cfn = Translator(managed_policy_map={}, sam_parser=parser.Parser()).translate(
        sam_template=sam, parameter_values={}, passthrough_metadata=True)
    return cfn, code_uris


class Stack:
    def __init__(self, cfn, code_uris, clients, region, stack_name, parameters=None):
        self.cfn = cfn
        self.code_uris = code_uris
        self.c = clients
        self.region = region
        self.name = stack_name
        self.resources = cfn.get("Resources", {})
        self.parameters = self._parameters(parameters or {})
        self.conditions = {}
        self.physical = {}  # logical id -> {"Ref": ..., attribute: ...}
        self.functions = {}
        self.event_sources = []
        self.invoke_configs = {}
        self.custom_resources = []
        self.routes = {}
        self.jwt_authorizers = []
        self.not_emulated = {}

    # --- intrinsic functions --------------------------------------------------------------------

    def _parameters(self, overrides):
        values = {"AWS::Region": self.region, "AWS::AccountId": ACCOUNT, "AWS::StackName": self.name,
                  "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com",
                  "AWS::StackId": f"arn:aws:cloudformation:{self.region}:{ACCOUNT}:stack/{self.name}/rehearsal"}
        for name, spec in self.cfn.get("Parameters", {}).items():
            value = overrides.get(name, spec.get("Default"))
            if value is None:
                raise SystemExit(f"stack parameter {name} has no default: give it a value")
            if spec.get("Type") == "CommaDelimitedList" and isinstance(value, str):
                value = [v.strip() for v in value.split(",")] if value else []
            values[name] = value
        return values

    def condition(self, name):
        if name not in self.conditions:
            self.conditions[name] = bool(self.resolve(self.cfn["Conditions"][name]))
        return self.conditions[name]

    def resolve(self, value):
        if isinstance(value, list):
            return [v for v in (self.resolve(v) for v in value) if v is not NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            (fn, arg), = value.items()
            if fn == "Ref":
                return self.ref(arg)
            if fn == "Fn::GetAtt":
                logical, attribute = arg if isinstance(arg, list) else arg.split(".", 1)
                return self.get_att(logical, self.resolve(attribute))
            if fn == "Fn::Sub":
                return self.sub(arg)
            if fn == "Fn::Join":
                return self.resolve(arg[0]).join(str(v) for v in self.resolve(arg[1]))
            if fn == "Fn::Select":
                return self.resolve(arg[1])[int(self.resolve(arg[0]))]
            if fn == "Fn::Split":
                return self.resolve(arg[1]).split(self.resolve(arg[0]))
            if fn == "Fn::If":
                return self.resolve(arg[1] if self.condition(arg[0]) else arg[2])
            if fn == "Fn::Equals":
                left, right = self.resolve(arg[0]), self.resolve(arg[1])
                return str(left) == str(right) if not isinstance(left, list) else left == right
            if fn == "Fn::Not":
                return not self.resolve(arg[0])
            if fn == "Fn::And":
                return all(self.resolve(a) for a in arg)
            if fn == "Fn::Or":
                return any(self.resolve(a) for a in arg)
            if fn == "Condition":
                return self.condition(arg)
            if fn == "Fn::ToJsonString":
                return json.dumps(self.resolve(arg))
        resolved = {}
        for k, v in value.items():
            r = self.resolve(v)
            if r is not NO_VALUE:
                resolved[k] = r
        return resolved

    def sub(self, arg):
        text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], self.resolve(arg[1]))
        out, i = [], 0
        while i < len(text):
            start = text.find("${", i)
            if start < 0:
                out.append(text[i:])
                break
            out.append(text[i:start])
            end = text.index("}", start)
            name = text[start + 2:end]
            if name.startswith("!"):
                out.append("${" + name[1:] + "}")
            elif name in variables:
                out.append(str(variables[name]))
            elif "." in name:
                logical, attribute = name.split(".", 1)
                out.append(str(self.get_att(logical, attribute)))
            else:
                out.append(str(self.ref(name)))
            i = end + 1
        return "".join(out)

    def ref(self, name):
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in self.parameters:
            return self.parameters[name]
        return self.create(name)["Ref"]

    def get_att(self, logical, attribute):
        created = self.create(logical)
        if attribute not in created:
            raise SystemExit(f"Fn::GetAtt {logical}.{attribute}: the rehearsal does not know that attribute")
        return created[attribute]

    # --- resources ------------------------------------------------------------------------------

    def create_all(self):
        for logical in self.resources:
            self.create(logical)

    def create(self, logical):
        if logical in self.physical:
            if self.physical[logical] is None:
                raise SystemExit(f"circular reference through {logical}")
            return self.physical[logical]
        if logical not in self.resources:
            raise SystemExit(f"Ref/GetAtt to {logical}, which is not in the template")
        resource = self.resources[logical]
        self.physical[logical] = None
        if "Condition" in resource and not self.condition(resource["Condition"]):
            self.physical[logical] = {"Ref": NO_VALUE}
            return self.physical[logical]
        for dependency in ([resource["DependsOn"]] if isinstance(resource.get("DependsOn"), str) else resource.get("DependsOn", [])):
            self.create(dependency)
        kind = resource["Type"]
        props = self.resolve(resource.get("Properties", {}))
        name = f"{self.name}-{logical}"[:64]
        creator = getattr(self, "_" + kind.replace("::", "_").replace("Custom_", "Custom_"), None)
        if kind.startswith("Custom::"):
            creator = self._custom
        if creator is None:
            self.not_emulated.setdefault(kind, []).append(logical)
            result = {"Ref": name, "Arn": f"arn:aws:rehearsal:{self.region}:{ACCOUNT}:{logical}"}
        else:
            result = creator(logical, name, props, resource)
        self.physical[logical] = result
        return result

    def _AWS_DynamoDB_Table(self, logical, name, p, _):
        name = p.get("TableName", name)
        request = {k: p[k] for k in ("AttributeDefinitions", "KeySchema", "BillingMode", "GlobalSecondaryIndexes",
                                      "LocalSecondaryIndexes", "SSESpecification", "ProvisionedThroughput") if k in p}
        if "SSESpecification" in request:
            request["SSESpecification"] = {"Enabled": request["SSESpecification"].get("SSEEnabled", False)}
        # The table's stream only wakes WebhookDispatchFunction, which the rehearsal invokes itself with
        # events/webhook-dispatch-stream.json, as the event source mapping would. moto's stream
        # emulation is left off: it doubled the cost of every write (a 100-room offboarding batch,
        # 21 s -> 39 s here), enough for calls to run past their timeouts with every function running.
        stream_arn = None
        if "StreamSpecification" in p:
            stream_arn = f"arn:aws:dynamodb:{self.region}:{ACCOUNT}:table/{name}/stream/rehearsal"
        table = self.c["dynamodb"].create_table(TableName=name, **request)["TableDescription"]
        ttl = p.get("TimeToLiveSpecification")
        if ttl:
            self.c["dynamodb"].update_time_to_live(TableName=name, TimeToLiveSpecification=ttl)
        return {"Ref": name, "Arn": table["TableArn"], "StreamArn": stream_arn}

    def _AWS_SQS_Queue(self, logical, name, p, _):
        attributes = {k: (json.dumps(v) if isinstance(v, dict) else str(v).lower() if isinstance(v, bool) else str(v))
                      for k, v in p.items() if k not in ("QueueName", "Tags")}
        url = self.c["sqs"].create_queue(QueueName=p.get("QueueName", name), Attributes=attributes)["QueueUrl"]
        arn = self.c["sqs"].get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return {"Ref": url, "Arn": arn, "QueueName": url.rsplit("/", 1)[-1], "QueueUrl": url}

    def _AWS_SQS_QueuePolicy(self, logical, name, p, _):
        for url in p["Queues"]:
            self.c["sqs"].set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps(p["PolicyDocument"])})
        return {"Ref": name}

    def _AWS_SecretsManager_Secret(self, logical, name, p, _):
        value = p.get("SecretString")
        generate = p.get("GenerateSecretString")
        if generate is not None:
            alphabet = string.ascii_letters + string.digits + ("" if generate.get("ExcludePunctuation") else "!#$%&()*+,-.:;<=>?@[]^_{|}~")
            generated = "".join(secrets.choice(alphabet) for _ in range(int(generate.get("PasswordLength", 32))))
            if "GenerateStringKey" in generate:
                document = json.loads(generate.get("SecretStringTemplate", "{}"))
                document[generate["GenerateStringKey"]] = generated
                value = json.dumps(document)
            else:
                value = generated
        arn = self.c["secretsmanager"].create_secret(Name=p.get("Name", name), Description=p.get("Description", ""),
                                                     SecretString=value or "")["ARN"]
        return {"Ref": arn, "Id": arn}

    def _AWS_Events_EventBus(self, logical, name, p, _):
        arn = self.c["events"].create_event_bus(Name=p["Name"])["EventBusArn"]
        return {"Ref": p["Name"], "Arn": arn, "Name": p["Name"]}

    def _AWS_Events_Rule(self, logical, name, p, _):
        bus = p.get("EventBusName", "default")
        # A rule matches a pattern, or runs on a schedule (on the default bus).
        trigger = {"ScheduleExpression": p["ScheduleExpression"]} if "ScheduleExpression" in p \
            else {"EventPattern": json.dumps(p["EventPattern"])}
        arn = self.c["events"].put_rule(Name=name, EventBusName=bus, State=p.get("State", "ENABLED"), **trigger)["RuleArn"]
        targets = [{k: v for k, v in t.items()} for t in p.get("Targets", [])]
        if targets:
            self.c["events"].put_targets(Rule=name, EventBusName=bus, Targets=targets)
        return {"Ref": name, "Arn": arn}

    def _AWS_IAM_Role(self, logical, name, p, _):
        iam = self.c["iam"]
        role = iam.create_role(RoleName=p.get("RoleName", name), Path=p.get("Path", "/"),
                               AssumeRolePolicyDocument=json.dumps(p["AssumeRolePolicyDocument"]))["Role"]
        for policy in p.get("Policies", []):
            # IAM reads a document without Version as 2008-10-17; moto refuses it. SAM writes none.
            document = dict({"Version": "2012-10-17"}, **policy["PolicyDocument"])
            iam.put_role_policy(RoleName=role["RoleName"], PolicyName=policy["PolicyName"], PolicyDocument=json.dumps(document))
        for arn in p.get("ManagedPolicyArns", []):
            iam.attach_role_policy(RoleName=role["RoleName"], PolicyArn=arn)
        return {"Ref": role["RoleName"], "Arn": role["Arn"], "RoleId": role["RoleId"]}

    def _AWS_Logs_LogGroup(self, logical, name, p, _):
        group = p.get("LogGroupName", f"/rehearsal/{name}")
        self.c["logs"].create_log_group(logGroupName=group)
        if "RetentionInDays" in p:
            self.c["logs"].put_retention_policy(logGroupName=group, retentionInDays=int(p["RetentionInDays"]))
        return {"Ref": group, "Arn": f"arn:aws:logs:{self.region}:{ACCOUNT}:log-group:{group}:*"}

    def _AWS_SNS_Topic(self, logical, name, p, _):
        arn = self.c["sns"].create_topic(Name=p.get("TopicName", name))["TopicArn"]
        return {"Ref": arn, "TopicArn": arn, "TopicName": arn.rsplit(":", 1)[-1]}

    def _AWS_SNS_Subscription(self, logical, name, p, _):
        return {"Ref": self.c["sns"].subscribe(TopicArn=p["TopicArn"], Protocol=p["Protocol"], Endpoint=p["Endpoint"])["SubscriptionArn"]}

    def _AWS_CloudWatch_Alarm(self, logical, name, p, _):
        request = {k: p[k] for k in ("AlarmDescription", "ActionsEnabled", "OKActions", "AlarmActions", "InsufficientDataActions",
                                      "MetricName", "Namespace", "Statistic", "ExtendedStatistic", "Dimensions", "Period", "Unit",
                                      "EvaluationPeriods", "DatapointsToAlarm", "Threshold", "ComparisonOperator",
                                      "TreatMissingData", "Metrics") if k in p}
        for k in ("Period", "EvaluationPeriods", "DatapointsToAlarm"):
            if k in request:
                request[k] = int(request[k])
        if "Threshold" in request:
            request["Threshold"] = float(request["Threshold"])
        alarm = p.get("AlarmName", name)
        self.c["cloudwatch"].put_metric_alarm(AlarmName=alarm, **request)
        return {"Ref": alarm, "Arn": f"arn:aws:cloudwatch:{self.region}:{ACCOUNT}:alarm:{alarm}"}

    # What the harness plays: Lambda, its event sources and destinations, API routes, custom resources.

    def _AWS_Lambda_Function(self, logical, name, p, _):
        arn = f"arn:aws:lambda:{self.region}:{ACCOUNT}:function:{name}"
        self.functions[logical] = {
            "logicalId": logical, "functionName": name, "arn": arn, "runtime": p.get("Runtime"),
            "handler": p.get("Handler"), "codeUri": self.code_uris.get(logical), "inlineCode": "ZipFile" in p.get("Code", {}),
            "roleArn": p["Role"], "timeout": int(p.get("Timeout", 3)), "memorySize": int(p.get("MemorySize", 128)),
            "architectures": p.get("Architectures", ["x86_64"]), "snapStart": p.get("SnapStart", {}).get("ApplyOn", "None"),
            "environment": {k: str(v) for k, v in p.get("Environment", {}).get("Variables", {}).items()},
            "loggingConfig": p.get("LoggingConfig", {}),
        }
        return {"Ref": name, "Arn": arn}

    def _function_of(self, arn):
        for f in self.functions.values():
            if arn == f["arn"] or arn.startswith(f["arn"] + ":") or arn == f["functionName"]:
                return f["logicalId"]
        return None

    def _AWS_Lambda_Version(self, logical, name, p, _):
        return {"Ref": p["FunctionName"] + ":1", "Version": "1"}

    def _AWS_Lambda_Alias(self, logical, name, p, _):
        function = self.create(self._function_of(p["FunctionName"]))
        return {"Ref": f"{function['Arn']}:{p['Name']}"}

    def _AWS_Lambda_EventSourceMapping(self, logical, name, p, _):
        self.event_sources.append({"function": self._function_of(p["FunctionName"]), "eventSourceArn": p["EventSourceArn"],
                                   "batchSize": int(p.get("BatchSize", 10)), "functionResponseTypes": p.get("FunctionResponseTypes", [])})
        return {"Ref": name}

    def _AWS_Lambda_EventInvokeConfig(self, logical, name, p, _):
        self.invoke_configs[self._function_of(p["FunctionName"])] = {
            "maximumRetryAttempts": p.get("MaximumRetryAttempts"),
            "onFailure": p.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination"),
            "onSuccess": p.get("DestinationConfig", {}).get("OnSuccess", {}).get("Destination")}
        return {"Ref": name}

    def _AWS_ApiGatewayV2_Api(self, logical, name, p, _):
        api_id = "".join(c for c in logical.lower() if c.isalnum())[:10]
        for path, methods in p.get("Body", {}).get("paths", {}).items():
            for method, operation in methods.items():
                if not isinstance(operation, dict):
                    continue
                uri = json.dumps(operation.get("x-amazon-apigateway-integration", {}).get("uri", ""))
                target = next((f["logicalId"] for f in self.functions.values() if f["arn"] + "/" in uri or f["arn"] + ":" in uri), None)
                self.routes.setdefault(logical, {})[f"{method.upper().replace('X-AMAZON-APIGATEWAY-ANY-METHOD', 'ANY')} {path}"] = target
        for scheme_name, scheme in p.get("Body", {}).get("components", {}).get("securitySchemes", {}).items():
            authorizer = scheme.get("x-amazon-apigateway-authorizer", {})
            if authorizer.get("type") == "jwt":
                self.jwt_authorizers.append({"api": logical, "name": scheme_name,
                                             "issuer": authorizer["jwtConfiguration"]["issuer"],
                                             "audience": authorizer["jwtConfiguration"].get("audience", [])})
        return {"Ref": api_id, "ApiEndpoint": f"https://{api_id}.execute-api.{self.region}.amazonaws.com"}

    def _custom(self, logical, name, p, resource):
        self.custom_resources.append({"logicalId": logical, "type": resource["Type"],
                                      "function": self._function_of(p["ServiceToken"]), "properties": p})
        return {"Ref": f"{logical}-rehearsal"}

    def state(self):
        return {"functions": self.functions, "eventSources": self.event_sources, "invokeConfigs": self.invoke_configs,
                "customResources": self.custom_resources, "routes": self.routes, "jwtAuthorizers": self.jwt_authorizers,
                "resources": {k: {a: v for a, v in r.items() if v is not NO_VALUE} for k, r in self.physical.items() if r},
                "notEmulated": self.not_emulated}
