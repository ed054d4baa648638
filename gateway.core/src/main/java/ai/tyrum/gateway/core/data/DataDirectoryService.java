package ai.tyrum.gateway.core.data;

import ai.tyrum.gateway.spi.DataDirectory;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The data dir and its atomic writes, for the gateway's other bundles (policy, approvals). */
@Component(service = DataDirectory.class)
public final class DataDirectoryService implements DataDirectory {

  @Reference GatewayHome home;

  @Override
  public Path dir(String name) {
    return home.dir(name);
  }

  @Override
  public void writeAtomically(Path target, byte[] bytes) throws IOException {
    AtomicFiles.write(target, bytes);
  }
}
