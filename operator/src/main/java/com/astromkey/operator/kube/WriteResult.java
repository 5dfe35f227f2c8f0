package com.astromkey.operator.kube;

/** What a create-or-update did; maps to the Created/Updated/UpToDate condition reasons. */
public enum WriteResult {
  CREATED, UPDATED, UP_TO_DATE, DELETED, ABSENT;

  public boolean wrote() {
    return this == CREATED || this == UPDATED || this == DELETED;
  }
}
