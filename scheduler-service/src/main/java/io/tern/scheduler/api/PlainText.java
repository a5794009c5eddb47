package io.tern.scheduler.api;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A name a person reads: no {@link UnsafeCharacters}. On fields and on the keys or values of a map
 * ({@code Map<@PlainText String, Object>}); null is valid.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PlainText.Validator.class)
public @interface PlainText {

  String message() default UnsafeCharacters.MESSAGE;

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Checks a {@link PlainText} string. */
  final class Validator implements ConstraintValidator<PlainText, String> {
    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      return !UnsafeCharacters.in(value);
    }
  }
}
