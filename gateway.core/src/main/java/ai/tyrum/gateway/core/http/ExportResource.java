package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.export.SupportExport;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code GET /export}: the support export as a zip download, the same as {@code gateway:export}. */
@Component(service = ApiResource.class)
public final class ExportResource implements ApiResource {

  @Reference SupportExport export;

  @Override
  public List<Route> routes() {
    return List.of(
        Route.get("/export", Access.OPERATOR_READ,
            call -> new Reply.FileReply("application/zip", "tyrum-support-export.zip", export.zip())));
  }
}
