def before = new File(basedir, 'pom.xml.before').readLines('UTF-8')
def after = new File(basedir, 'pom.xml').readLines('UTF-8')
def module = new File(basedir, 'plugin.weather-now')

// generation changed plugins/pom.xml by its <module> line only
assert after.size() == before.size() + 1
assert (after - before) == ['    <module>plugin.weather-now</module>']
assert after.findAll { it in before } == before

// artifactId and the Java name follow from the plugin id
assert new File(module, 'src/main/java/com/example/weather/WeatherNowPlugin.java').text.contains('static final String ID = "weather-now";')
def pom = new File(module, 'pom.xml').text
assert pom.contains('<artifactId>plugins</artifactId>')
assert pom.contains('<artifactId>plugin.weather-now</artifactId>')

// it built: the unit tests ran and the bundle is a plugin
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 10, Failures: 0, Errors: 0, Skipped: 0')
def jar = new java.util.jar.JarFile(new File(module, 'target/plugin.weather-now-0.1.0.jar'))
def manifest = jar.manifest.mainAttributes
assert manifest.getValue('Bundle-SymbolicName') == 'com.example.weather'
assert manifest.getValue('Provide-Capability').contains('tyrum.plugin=weather-now')
assert jar.getEntry('schemas/greet.input.json') != null
jar.close()
return true
