def log = new File(basedir, 'build.log').text
assert log.contains('invalid_archetype_properties: nothing was generated.')
assert log.contains("pluginId 'Weather_Now' is refused: a plugin id is a lower-case letter followed by up to 62 lower-case letters, digits and dashes ([a-z][a-z0-9-]{0,62})")
assert log.contains("className 'weather' is refused")
assert log.contains("pluginName 'Weather, now' is refused")

// a refused input changes nothing: no project, and plugins/pom.xml as it was
assert !new File(basedir, 'plugin.Weather_Now').exists()
assert new File(basedir, 'pom.xml').bytes == new File(basedir, 'pom.xml.before').bytes
return true
