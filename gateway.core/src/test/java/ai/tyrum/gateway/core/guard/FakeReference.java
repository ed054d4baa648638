package ai.tyrum.gateway.core.guard;

import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** A service reference that only has properties: all the rules read. */
record FakeReference(Map<String, Object> properties) implements ServiceReference<Object> {

  static FakeReference of(String... types) {
    Map<String, Object> properties = new HashMap<>();
    properties.put(Constants.OBJECTCLASS, types);
    return new FakeReference(properties);
  }

  FakeReference with(String key, Object value) {
    Map<String, Object> more = new HashMap<>(properties);
    more.put(key, value);
    return new FakeReference(more);
  }

  @Override
  public Object getProperty(String key) {
    return properties.get(key);
  }

  @Override
  public String[] getPropertyKeys() {
    return properties.keySet().toArray(String[]::new);
  }

  @Override
  public Bundle getBundle() {
    return null;
  }

  @Override
  public Bundle[] getUsingBundles() {
    return null;
  }

  @Override
  public boolean isAssignableTo(Bundle bundle, String className) {
    return true;
  }

  @Override
  public int compareTo(Object reference) {
    return 0;
  }

  @Override
  public Dictionary<String, Object> getProperties() {
    return new Hashtable<>(properties);
  }

  @Override
  public <A> A adapt(Class<A> type) {
    return null;
  }
}
