package ai.tyrum.gateway.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

class HeaderParserTest {

  @Test
  void parsesClausesAttributesDirectivesAndTypes() {
    List<HeaderParser.Clause> clauses =
        HeaderParser.parse(
            "tyrum.tool;tyrum.tool=echo;description=\"a, b; c\";version:Version=\"1.2.3\";"
                + "methods:List<String>=\"GET,POST\";uses:=\"x,y\",osgi.service;objectClass:List<String>=\"a.B\"");
    assertThat(clauses).hasSize(2);
    HeaderParser.Clause tool = clauses.get(0);
    assertThat(tool.names()).containsExactly("tyrum.tool");
    assertThat(tool.attributes().get("description")).isEqualTo("a, b; c");
    assertThat(tool.attributes().get("version")).isEqualTo(new Version(1, 2, 3));
    assertThat(tool.attributes().get("methods")).isEqualTo(List.of("GET", "POST"));
    assertThat(tool.directives().get("uses")).isEqualTo("x,y");
    assertThat(clauses.get(1).attributes().get("objectClass")).isEqualTo(List.of("a.B"));
  }

  @Test
  void keepsEveryPackageNameOfAClause() {
    List<HeaderParser.Clause> clauses = HeaderParser.parse("a.b;c.d;version=\"[1,2)\",e.f");
    assertThat(clauses.get(0).names()).containsExactly("a.b", "c.d");
    assertThat(clauses.get(1).names()).containsExactly("e.f");
  }
}
