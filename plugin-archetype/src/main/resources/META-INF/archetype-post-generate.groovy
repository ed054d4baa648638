// Runs once archetype:generate has written the project. The archetype machinery checks validationRegex only
// when it asks interactively, so the properties are checked here; a refused project is removed again, with
// the <module> line generation added to a parent POM, and the generation fails naming the property at fault.

def properties = request.properties
def checks = [
    pluginId : [/[a-z][a-z0-9-]{0,62}/,
                'a plugin id is a lower-case letter followed by up to 62 lower-case letters, digits and dashes ' +
                '([a-z][a-z0-9-]{0,62}); the gateway refuses any other id (invalid_plugin_id). Example: -DpluginId=weather'],
    className: [/[A-Z][A-Za-z0-9]*/,
                'the Java name of the plugin (its @Plugin class is <className>Plugin) starts with an upper-case ' +
                'letter and holds only letters and digits; it defaults to the plugin id in camel case'],
    package  : [/[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/,
                'a Java package name, such as com.example.weather'],
    pluginName: [/[^,]+/,
                'the plugin name operators read, without commas (bnd writes it into the manifest as it is)'],
]

def problems = checks.findAll { key, check -> !((properties.getProperty(key) ?: '') ==~ check[0]) }
    .collect { key, check -> "${key} '${properties.getProperty(key) ?: ''}' is refused: ${check[1]}." }
if (problems.isEmpty()) {
  return
}

def project = new File(request.outputDirectory, request.artifactId)
project.deleteDir()
def parent = new File(request.outputDirectory, 'pom.xml')
if (parent.isFile()) {
  def module = "<module>${request.artifactId}</module>"
  def kept = parent.readLines('UTF-8').findAll { it.trim() != module }
  parent.write(kept.join('\n') + '\n', 'UTF-8')
}
throw new IllegalArgumentException('invalid_archetype_properties: nothing was generated.\n  ' + problems.join('\n  '))
