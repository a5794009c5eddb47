/** A tiny JSON writer for job results. <strong>Internal, no compatibility promise.</strong> */
package io.tern.sdk.internal.json;
