package ai.tyrum.gateway.webconsole;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class StaticFilesTest {

  private final List<String> asked = new ArrayList<>();

  private final Map<String, String> bundle = Map.of(
      "webconsole/index.html", "<!doctype html>",
      "webconsole/console.css", "body{}",
      "webconsole/js/app.js", "export {}",
      "webconsole/js/pages/deep.js", "too deep");

  private final StaticFiles files = new StaticFiles(name -> {
    asked.add(name);
    return Optional.ofNullable(bundle.get(name)).map(text -> text.getBytes(StandardCharsets.UTF_8));
  });

  @Test
  void rootIsThePage() {
    StaticFiles.StaticFile page = files.find("/").orElseThrow();
    assertThat(page.contentType()).isEqualTo("text/html;charset=utf-8");
    assertThat(new String(page.bytes(), StandardCharsets.UTF_8)).isEqualTo("<!doctype html>");
  }

  @Test
  void scriptsAreJavaScriptAndStylesCss() {
    assertThat(files.find("/js/app.js").orElseThrow().contentType()).isEqualTo("text/javascript;charset=utf-8");
    assertThat(files.find("/console.css").orElseThrow().contentType()).isEqualTo("text/css;charset=utf-8");
  }

  @Test
  void pathsOutsideTheConsolesNamesAreNeverLookedUp() {
    for (String path : List.of("/../bnd.bnd", "/js/../index.html", "/OSGI-INF/x.xml", "/ai/tyrum/gateway/webconsole/Json.class",
        "/js/pages/deep.js", "/index.html/", "//index.html", "/index.htm", "/Index.html", "/js/app.js?x", "/%2e%2e/x.js", "")) {
      assertThat(files.find(path)).as(path).isEmpty();
    }
    assertThat(asked).isEmpty();
  }

  @Test
  void aNameTheBundleDoesNotHoldIsNothing() {
    assertThat(files.find("/missing.js")).isEmpty();
    assertThat(asked).containsExactly("webconsole/missing.js");
  }

  @Property
  void everyLookupStaysInsideTheFolder(@ForAll String path) {
    files.find(path);
    assertThat(asked).allSatisfy(name -> {
      assertThat(name).startsWith(StaticFiles.FOLDER);
      assertThat(name).doesNotContain("..").doesNotContain("//").doesNotContain("\\");
    });
  }
}
