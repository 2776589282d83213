package dev.gatehouse.api;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * What an operator needs to read in the log when an AWS call fails: the service's error code and
 * status, and for a refusal of access or credentials the service's own words (they name the
 * action, the role and the resource, never a key). Other service messages can quote request
 * values (ids), so they are left out.
 */
public final class AwsFailures {
  private AwsFailures() {}

  public static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
        String code = String.valueOf(aws.awsErrorDetails().errorCode());
        String what = aws.awsErrorDetails().serviceName() + " " + code + " (HTTP " + aws.statusCode() + ")";
        return refusesAccess(code) ? what + ": " + aws.awsErrorDetails().errorMessage() : what;
      }
      if (t instanceof SdkClientException client) {
        // Client-side: no credentials, no connection, a timeout. The SDK's text names the cause.
        return "client " + client.getClass().getSimpleName() + ": " + client.getMessage();
      }
    }
    return failure == null ? "no cause" : failure.getClass().getSimpleName();
  }

  private static boolean refusesAccess(String code) {
    return code.contains("AccessDenied") || code.equals("UnrecognizedClientException")
        || code.equals("InvalidClientTokenId") || code.equals("ExpiredTokenException")
        || code.equals("UnauthorizedException") || code.equals("InvalidSignatureException");
  }
}
