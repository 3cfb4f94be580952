package ai.eternego;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import java.util.Random;
import java.util.SplittableRandom;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Quarkus initialises application classes while building a native image, so whatever a static field
 * holds is frozen into the image heap. A random source there would give every run of the binary the
 * same seed, and GraalVM refuses it ("Detected an instance of Random/SplittableRandom class in the
 * image heap"): random sources are created at run time, never kept in a static field.
 */
@AnalyzeClasses(packages = "ai.eternego", importOptions = ImportOption.DoNotIncludeTests.class)
class NativeReadinessRulesTest {

    @ArchTest
    static final ArchRule NO_STATIC_RANDOM = noFields().that().areStatic()
            .should().haveRawType(assignableTo(Random.class).or(assignableTo(SplittableRandom.class)))
            .because("a random source in a static field is frozen into the native image heap;"
                    + " create it at run time (per use, or in a bean)");
}
