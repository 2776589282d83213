package dev.gatehouse.permissions;

/** The two kinds of token, named by their {@code k} claim. */
public enum TokenKind {
  /** An ID token: says who the user is; the room's accesses decide at check time. */
  ID("id"),
  /** An access token: carries its permissions as room patterns. */
  ACCESS("acc");

  private final String claim;

  TokenKind(String claim) {
    this.claim = claim;
  }

  /** The value of the {@code k} claim. */
  public String claim() {
    return claim;
  }

  /** The kind for a {@code k} claim, or {@code null} when it is neither. */
  public static TokenKind fromClaim(String claim) {
    for (TokenKind kind : values()) {
      if (kind.claim.equals(claim)) {
        return kind;
      }
    }
    return null;
  }
}
