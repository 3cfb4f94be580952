package ai.eternego;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering, as rules that fail the build: the core speaks no HTTP. Every door (the HTTP API today,
 * a channel or a timer tomorrow) is an adapter in its own package onto the same domain.
 */
class ArchitectureTest {

    static JavaClasses main;

    @BeforeAll
    static void importMain() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("ai.eternego");
    }

    @Test
    void onlyTheApiKnowsTheApi() {
        check(noClasses().that().resideOutsideOfPackage("ai.eternego.api..")
                .should().dependOnClassesThat().resideInAPackage("ai.eternego.api..")
                .because("the domain is reached the same way from every door"));
    }

    @Test
    void nothingOutsideTheApiUsesServerSideWebTypes() {
        check(noClasses().that().resideOutsideOfPackage("ai.eternego.api..")
                .should().dependOnClassesThat(resideInAnyPackage(
                        "org.jboss.resteasy.reactive.server..",
                        "org.jboss.resteasy.reactive.multipart..",
                        "jakarta.ws.rs.container..",
                        "jakarta.ws.rs.sse..",
                        "io.vertx.ext.web..")
                        .or(assignableTo(jakarta.ws.rs.WebApplicationException.class)))
                .because("HTTP statuses, uploads and routing belong to the HTTP door"));
    }

    @Test
    void theRecordPackageImportsNothingOfOurs() {
        check(noClasses().that().resideInAPackage("ai.eternego.record..")
                .should().dependOnClassesThat(resideInAPackage("ai.eternego..")
                        .and(not(resideInAPackage("ai.eternego.record.."))))
                .because("her record is the leaf every layer shares"));
    }

    @Test
    void noPackageCycles() {
        check(slices().matching("ai.eternego.(*)..").should().beFreeOfCycles());
    }

    private static void check(ArchRule rule) {
        rule.check(main);
    }
}
