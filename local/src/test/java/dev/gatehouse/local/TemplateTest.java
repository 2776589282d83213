package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.store.dynamodb.GatehouseTable;
import java.nio.file.Files;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/** template.yaml agrees with the code: the table, the handlers, the jars. */
class TemplateTest {
  private final SamTemplate template = Repo.template();

  @Test
  void theTableInTheTemplateIsTheTableTheCodeCreates() {
    assertSameTable(template.table());
  }

  @Test
  void theTableForSamLocalIsTheTableTheCodeCreates() throws Exception {
    JsonNode table = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(Repo.root().resolve("events/env/dynamodb-table.json").toFile());
    assertEquals("gatehouse", table.path("TableName").asText(), "the GATEHOUSE_TABLE of events/env/sam-local.json");
    assertSameTable(table);
  }

  /**
   * sam local gives a function only the variables the template declares for it, so a variable of
   * events/env/sam-local.json that a function does not declare never reaches it.
   */
  @Test
  void everyVariableOfSamLocalIsDeclaredForEveryFunction() throws Exception {
    JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
        .readTree(Repo.root().resolve("template.yaml").toFile());
    JsonNode samLocal = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(Repo.root().resolve("events/env/sam-local.json").toFile()).path("Parameters");
    assertFalse(samLocal.isEmpty());
    Set<String> global = new HashSet<>();
    root.path("Globals").path("Function").path("Environment").path("Variables").fieldNames().forEachRemaining(global::add);
    int functions = 0;
    for (Map.Entry<String, JsonNode> resource : root.path("Resources").properties()) {
      if (!resource.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
        continue;
      }
      functions++;
      Set<String> declared = new HashSet<>(global);
      resource.getValue().path("Properties").path("Environment").path("Variables").fieldNames().forEachRemaining(declared::add);
      samLocal.fieldNames().forEachRemaining(name ->
          assertTrue(declared.contains(name), resource.getKey() + " declares " + name + " (events/env/sam-local.json sets it)"));
    }
    assertTrue(functions > 20);
  }

  private static void assertSameTable(JsonNode yaml) {
    CreateTableRequest code = GatehouseTable.definition("t");
    Map<String, String> yamlAttributes = new TreeMap<>();
    yaml.path("AttributeDefinitions").forEach(a -> yamlAttributes.put(a.path("AttributeName").asText(), a.path("AttributeType").asText()));
    Map<String, String> codeAttributes = new TreeMap<>();
    code.attributeDefinitions().forEach(a -> codeAttributes.put(a.attributeName(), a.attributeTypeAsString()));
    assertEquals(codeAttributes, yamlAttributes);

    assertEquals(keys(code.keySchema()), keysOf(yaml.path("KeySchema")));
    Map<String, String> yamlIndexes = new TreeMap<>();
    yaml.path("GlobalSecondaryIndexes").forEach(i -> yamlIndexes.put(i.path("IndexName").asText(),
        keysOf(i.path("KeySchema")) + "/" + i.path("Projection").path("ProjectionType").asText()));
    Map<String, String> codeIndexes = new TreeMap<>();
    code.globalSecondaryIndexes().forEach(i -> codeIndexes.put(i.indexName(),
        keys(i.keySchema()) + "/" + i.projection().projectionTypeAsString()));
    assertEquals(codeIndexes, yamlIndexes);
  }

  @Test
  void everyFunctionHasALoadableHandlerAndItsOwnJar() throws Exception {
    assertFalse(template.functions().isEmpty());
    Set<String> routes = new HashSet<>();
    for (SamTemplate.Function f : template.functions().values()) {
      Class<?> handler = Class.forName(f.handlerClass());
      handler.getConstructor();
      handler.getConstructor(Gatehouse.class);
      for (SamTemplate.Route r : f.routes()) {
        assertTrue(routes.add(r.routeKey()), "route served twice: " + r.routeKey());
      }
    }
  }

  @Test
  void everyJavaFunctionRunsTheOneArtifactWhichHoldsEveryHandler() throws Exception {
    JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
        .readTree(Repo.root().resolve("template.yaml").toFile());
    String bundle = "functions/bundle/target/gatehouse-functions.jar";
    assertEquals(bundle, root.path("Globals").path("Function").path("CodeUri").asText());
    java.nio.file.Path jar = Repo.root().resolve(bundle);
    assertTrue(Files.isRegularFile(jar), bundle + " is built before this test (the bundle module comes first)");
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
      for (SamTemplate.Function f : template.functions().values()) {
        JsonNode resource = root.path("Resources").path(f.logicalId());
        assertTrue(resource.path("Properties").path("CodeUri").isMissingNode(), f.logicalId() + " has no CodeUri of its own");
        // sam build would run its Maven workflow on the jar otherwise, and fail.
        assertTrue(resource.path("Metadata").path("SkipBuild").asBoolean(), f.logicalId() + " has Metadata SkipBuild");
        assertEquals(bundle, f.codeUri());
        String entry = f.handlerClass().replace('.', '/') + ".class";
        assertTrue(zip.getEntry(entry) != null, bundle + " holds " + entry);
      }
    }
  }

  /**
   * The client functions may count against a tenant's quota (an UpdateItem) only in the counters'
   * partition, {@code RATE#<tenant>}: never a room, a user or a membership. (moto does not
   * evaluate this condition, so the rehearsal cannot; this holds the policy to it.)
   */
  @Test
  void theQuotaCountersAreTheOnlyItemsAClientFunctionMayUpdate() throws Exception {
    JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
        .readTree(Repo.root().resolve("template.yaml").toFile());
    int grants = 0;
    for (var resource : root.path("Resources").properties()) {
      for (JsonNode policy : resource.getValue().path("Properties").path("Policies")) {
        for (JsonNode statement : policy.path("Statement")) {
          if (statement.path("Action").toString().contains("dynamodb:UpdateItem")) {
            boolean clientFunction = List.of("ClientQueryRoomsFunction", "ClientQueryUsersFunction", "ClientCreateRoomFunction")
                .contains(resource.getKey());
            if (clientFunction) {
              grants++;
              assertEquals("[\"RATE#*\"]", statement.path("Condition").path("ForAllValues:StringLike").path("dynamodb:LeadingKeys").toString(),
                  resource.getKey() + " may update only the quota counters");
              assertEquals("\"dynamodb:UpdateItem\"", statement.path("Action").toString(), resource.getKey());
            }
          }
        }
      }
    }
    assertEquals(3, grants, "the three client functions that count");
  }

  /** Every function is watched (its errors and throttles alarmed), traced, and logs JSON lines with a retention. */
  @Test
  void everyFunctionIsAlarmedTracedAndLogsJson() throws Exception {
    JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
        .readTree(Repo.root().resolve("template.yaml").toFile());
    JsonNode globals = root.path("Globals").path("Function");
    assertEquals("Active", globals.path("Tracing").asText());
    assertEquals("JSON", globals.path("LoggingConfig").path("LogFormat").asText());
    assertEquals("LogLevel", globals.path("LoggingConfig").path("ApplicationLogLevel").asText(), "the level is a stack parameter");
    assertEquals("FunctionLogs", globals.path("LoggingConfig").path("LogGroup").asText());
    assertEquals("LogRetentionInDays", root.path("Resources").path("FunctionLogs").path("Properties").path("RetentionInDays").asText());
    for (SamTemplate.Function f : template.functions().values()) {
      for (String metric : List.of("Errors", "Throttles")) {
        JsonNode alarm = root.path("Resources").path(f.logicalId() + metric + "Alarm");
        assertEquals("AWS::CloudWatch::Alarm", alarm.path("Type").asText(), f.logicalId() + " has a " + metric + " alarm");
        assertEquals(metric, alarm.path("Properties").path("MetricName").asText());
        assertEquals(f.logicalId(), alarm.path("Properties").path("Dimensions").path(0).path("Value").asText());
        assertEquals("AlarmTopic", alarm.path("Properties").path("AlarmActions").path(0).asText());
      }
    }
    for (String alarm : List.of("ApiServerErrorRateAlarm", "SigningKeyAgeAlarm", "ProvisioningDeadLetterQueueAlarm",
        "ProvisioningBusDeadLetterQueueAlarm", "AsyncFailureQueueAlarm")) {
      assertEquals("AWS::CloudWatch::Alarm", root.path("Resources").path(alarm).path("Type").asText(), alarm);
    }
  }

  /**
   * A person signing up must never choose their team (the post-confirmation trigger turns the
   * attribute into membership): every app client lists its WriteAttributes, without the team.
   */
  @Test
  void noAppClientLetsAPersonSigningUpWriteTheirTeam() throws Exception {
    JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
        .readTree(Repo.root().resolve("template.yaml").toFile());
    String team = root.path("Parameters").path("CognitoTeamAttribute").path("Default").asText();
    int pools = 0;
    int clients = 0;
    for (var resource : root.path("Resources").properties()) {
      String type = resource.getValue().path("Type").asText();
      pools += type.equals("AWS::Cognito::UserPool") ? 1 : 0;
      if (type.equals("AWS::Cognito::UserPoolClient")) {
        clients++;
        JsonNode write = resource.getValue().path("Properties").path("WriteAttributes");
        assertTrue(write.isArray() && !write.isEmpty(), resource.getKey() + " lists its WriteAttributes (none means all)");
        write.forEach(a -> assertTrue(!a.asText().equals(team) && !a.asText().startsWith("custom:"),
            resource.getKey() + " may not write " + a.asText()));
      }
    }
    assertTrue(pools == 0 || clients > 0, "a user pool comes with the app client it is meant to be used through");
  }

  private static String keys(java.util.List<software.amazon.awssdk.services.dynamodb.model.KeySchemaElement> schema) {
    StringBuilder out = new StringBuilder();
    schema.forEach(k -> out.append(k.attributeName()).append(':').append(k.keyTypeAsString()).append(' '));
    return out.toString().trim();
  }

  private static String keysOf(JsonNode schema) {
    StringBuilder out = new StringBuilder();
    schema.forEach(k -> out.append(k.path("AttributeName").asText()).append(':').append(k.path("KeyType").asText()).append(' '));
    return out.toString().trim();
  }
}
