package ai.eternego.config;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import io.quarkus.runtime.PreventFurtherStepsException;

/**
 * ETERNEGO_HOME must be a directory this service can write (created when missing). Judged when the
 * runtime configuration is validated, the first step of start-up, before anything (the upload area
 * under it included) is created; when it is not, start-up ends with one line on standard error naming
 * the path and what to do, exit code 1, and no stack trace (Quarkus prints the message of a
 * {@link PreventFurtherStepsException} alone).
 */
@Target({ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = UsableHome.Check.class)
public @interface UsableHome {

    String message() default "is not a directory this service can write";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<UsableHome, Path> {

        @Override
        public boolean isValid(Path home, ConstraintValidatorContext context) {
            if (home == null) {
                return true;
            }
            Path root = home.toAbsolutePath();
            if (!usable(root)) {
                throw new PreventFurtherStepsException("ETERNEGO_HOME " + root + " is not a directory this service can write:"
                        + " create it (mkdir -p " + root + ") or point ETERNEGO_HOME elsewhere.", 1);
            }
            return true;
        }

        static boolean usable(Path root) {
            try {
                Files.createDirectories(root);
            } catch (IOException | SecurityException e) {
                return false;
            }
            return Files.isDirectory(root) && Files.isWritable(root);
        }
    }
}
