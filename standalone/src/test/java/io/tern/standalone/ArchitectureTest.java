package io.tern.standalone;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The boundaries docs/architecture.md draws, checked on the compiled classes of every module (the
 * standalone launcher has them all on its class path): which module may use which, no package
 * cycle inside any module, an API layer that knows no feature, and planners and policies free of
 * Spring and JPA. A change that breaks one fails the build with the offending dependencies listed.
 */
class ArchitectureTest {

  /** Each module's base package and the other modules' packages it may use. */
  private static final Map<String, String[]> ALLOWED = Map.of(
      "io.tern.sdk", new String[] {},
      "io.tern.examples", new String[] {"io.tern.sdk"},
      "io.tern.image", new String[] {},
      "io.tern.protocol", new String[] {"io.tern.image"},
      "io.tern.migrations", new String[] {},
      "io.tern.scheduler", new String[] {"io.tern.image", "io.tern.protocol"},
      "io.tern.worker", new String[] {"io.tern.sdk", "io.tern.image", "io.tern.protocol"},
      "io.tern.standalone", new String[] {"io.tern.scheduler", "io.tern.worker", "io.tern.examples", "io.tern.image"});

  private static JavaClasses all;

  @BeforeAll
  static void importClasses() {
    all = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.tern");
  }

  static Stream<String> modules() {
    return ALLOWED.keySet().stream().sorted();
  }

  @ParameterizedTest
  @MethodSource("modules")
  void eachModuleUsesOnlyTheModulesBelowIt(String module) {
    String[] forbidden = ALLOWED.keySet().stream()
        .filter(other -> !other.equals(module) && !Arrays.asList(ALLOWED.get(module)).contains(other))
        .map(other -> other + "..")
        .toArray(String[]::new);
    noClasses().that().resideInAPackage(module + "..")
        .should().dependOnClassesThat().resideInAnyPackage(forbidden)
        .because("docs/architecture.md lists which module may use which")
        .check(all);
  }

  @ParameterizedTest
  @MethodSource("modules")
  void noPackageCycleInsideAModule(String module) {
    slices().matching(module + ".(*)..").should().beFreeOfCycles().allowEmptyShould(true).check(all);
  }

  @ParameterizedTest
  @ValueSource(strings = {"io.tern.scheduler", "io.tern.worker"})
  void theApplicationPackageIsUsedByNoFeature(String application) {
    noClasses().that().resideInAPackage(application + ".*..")
        .should().dependOnClassesThat().resideInAPackage(application)
        .because("the base package holds the application that wires the features together")
        .check(all);
  }

  @Test
  void theApiLayerKnowsNoFeature() {
    noClasses().that().resideInAPackage("io.tern.scheduler.api..")
        .should().dependOnClassesThat(resideInAPackage("io.tern.scheduler..").and(not(resideInAPackage("io.tern.scheduler.api.."))))
        .because("features declare their errors as ProblemExceptions; the problem handler knows none of them")
        .check(all);
  }

  @Test
  void plannersAndPoliciesArePlainJava() {
    classes().that().resideInAPackage("io.tern.scheduler..")
        .and().haveSimpleNameEndingWith("Planner")
        .or().haveSimpleNameEndingWith("Policy")
        .or().haveSimpleNameEndingWith("Rule")
        .or().haveSimpleName("TransitionTable")
        .should().onlyDependOnClassesThat()
        .resideOutsideOfPackages("org.springframework..", "jakarta.persistence..", "org.hibernate..", "io.minio..")
        .because("placement, drain, rebalance, retry, retention and GC decisions are tested without Spring or a database")
        .check(all);
  }
}
