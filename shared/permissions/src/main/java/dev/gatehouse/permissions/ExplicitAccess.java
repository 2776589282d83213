package dev.gatehouse.permissions;

import java.util.EnumMap;
import java.util.Map;

/**
 * What one permission list (or one merged level) sets explicitly: the base, if any, and the
 * features it names. A comment visibility that is not named takes an explicit {@code comments}
 * scope of the same list, so that a later level's {@code comments:…} overrides an earlier
 * level's visibility scopes too (as Liveblocks resolves them).
 */
final class ExplicitAccess {
  static final ExplicitAccess NOTHING = new ExplicitAccess(null, new EnumMap<>(Resource.class));

  private final AccessLevel base;
  private final EnumMap<Resource, AccessLevel> features;

  ExplicitAccess(AccessLevel base, Map<Resource, AccessLevel> features) {
    this.base = base;
    this.features = features.isEmpty() ? new EnumMap<>(Resource.class) : new EnumMap<>(features);
  }

  /** The base level, or {@code null} when this list sets none. */
  AccessLevel base() {
    return base;
  }

  /** The explicit level of a feature, or {@code null} when the list leaves it to inheritance. */
  AccessLevel feature(Resource feature) {
    AccessLevel own = features.get(feature);
    if (own == null && feature.isCommentVisibility()) {
      return features.get(Resource.COMMENTS);
    }
    return own;
  }

  /** The full matrix this explicit access resolves to on its own. */
  AccessMatrix toMatrix() {
    if (base == null) {
      return AccessMatrix.NONE;
    }
    AccessLevel storage = orElse(features.get(Resource.STORAGE), base);
    AccessLevel comments = orElse(features.get(Resource.COMMENTS), base);
    AccessLevel commentsPublic = orElse(features.get(Resource.COMMENTS_PUBLIC), comments);
    AccessLevel commentsPrivate = orElse(features.get(Resource.COMMENTS_PRIVATE), comments);
    AccessLevel feeds = orElse(features.get(Resource.FEEDS), base);
    return AccessMatrix.of(base, storage, comments, commentsPublic, commentsPrivate, feeds);
  }

  private static AccessLevel orElse(AccessLevel value, AccessLevel fallback) {
    return value != null ? value : fallback;
  }

  /** Builds an explicit access level by level, as later sources override or merge into it. */
  static final class Builder {
    private AccessLevel base;
    private final EnumMap<Resource, AccessLevel> features = new EnumMap<>(Resource.class);

    /** Each later source replaces what it sets explicitly (user over groups over default). */
    Builder override(ExplicitAccess source) {
      if (source.base != null) {
        base = source.base;
      }
      for (Resource feature : Resource.FEATURES) {
        AccessLevel level = source.feature(feature);
        if (level != null) {
          features.put(feature, level);
        }
      }
      return this;
    }

    /** Sources of equal rank merge by taking the strongest of what each sets (groups). */
    Builder strongest(ExplicitAccess source) {
      if (source.base != null) {
        base = base == null ? source.base : AccessLevel.strongest(base, source.base);
      }
      for (Resource feature : Resource.FEATURES) {
        AccessLevel level = source.feature(feature);
        if (level != null) {
          features.merge(feature, level, AccessLevel::strongest);
        }
      }
      return this;
    }

    /** Raises the base to the strongest seen (access-token patterns). */
    Builder strongestBase(AccessLevel level) {
      base = base == null ? level : AccessLevel.strongest(base, level);
      return this;
    }

    /** Sets one feature outright (access-token patterns pick per feature by specificity). */
    Builder feature(Resource feature, AccessLevel level) {
      features.put(feature, level);
      return this;
    }

    ExplicitAccess build() {
      return new ExplicitAccess(base, features);
    }
  }
}
