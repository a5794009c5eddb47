package io.tern.scheduler.outputs;

import io.tern.scheduler.api.ProblemException;
import io.tern.scheduler.api.ProblemTypes;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** 416 {@code range-not-satisfiable}, with {@code Content-Range: bytes *}{@code /<size>}. */
public final class RangeNotSatisfiableException extends ProblemException {

  public RangeNotSatisfiableException(long size) {
    super(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, ProblemTypes.of("range-not-satisfiable"), "Range not satisfiable",
        "The requested range lies outside the file, which has " + size + " bytes.", null,
        Map.of("Content-Range", "bytes */" + size));
  }
}
