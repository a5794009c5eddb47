/**
 * Test support for job authors: {@link io.tern.sdk.testkit.JobTestKit} runs a job with and without
 * forced snapshot/restore cycles and checks that both give the same result. JDK-only; usable from
 * any test framework (failures are {@link java.lang.AssertionError}s).
 */
package io.tern.sdk.testkit;
