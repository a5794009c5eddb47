/**
 * Implementation of the Tern job runtime. <strong>No compatibility promise:</strong> anything in
 * {@code io.tern.sdk.internal} and its subpackages may change in any release; job authors use only
 * {@code io.tern.sdk} and {@code io.tern.sdk.testkit}. The worker uses {@code internal.host}, and
 * moves in lockstep with the SDK version it ships.
 */
package io.tern.sdk.internal;
