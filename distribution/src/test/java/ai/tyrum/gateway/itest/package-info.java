/**
 * In-framework tests of the gateway's thin layers (the extender, the HTTP resources, the shell commands)
 * and the harness they share.
 *
 * <h2>Using the harness</h2>
 *
 * <ul>
 *   <li>{@link ai.tyrum.gateway.itest.GatewayFramework#builder()} composes a real Felix framework: the
 *       distribution's resolved run set with gateway.core, without gateway.policy and gateway.marketplace
 *       unless {@code withBundle("gateway.policy")} asks for them. Before anything starts, the builder can
 *       register collaborators ({@code service(ToolPolicy.class, fake)}), install example plugins
 *       ({@code plugin("echo")}) or jars ({@code plugin(path)}), write state files into the data dir
 *       ({@code dataFile("config/echo.json", json)}), seed tokens with chosen scopes
 *       ({@code token("reader", "operator.read")}) and set framework properties. {@code start()} returns
 *       once {@code GET /healthz} answers 200. Share one framework per test class
 *       ({@code @BeforeAll}/{@code @AfterAll}, {@code close()}): each start costs about a second.
 *       {@code restart()} stops it and starts the same composition on the same data dir and cache.
 *   <li>The test and the bundles share the classes of {@code ai.tyrum.gateway.api} and
 *       {@code ai.tyrum.gateway.spi} (the system bundle exports them from the test class path and stands in
 *       for the gateway.api bundle), so fakes implement the SPI directly ({@link
 *       ai.tyrum.gateway.itest.FakeToolPolicy}), {@code register(type, service)} adds one later, and
 *       {@code service(PluginInspector.class)} reaches an SPI service of the gateway. Nothing else is
 *       shared: gateway.core's own classes are reached through the shell, HTTP, or SPI services.
 *   <li>{@code install(gateway.examplePlugin("echo"))} and {@code install(gateway.fixture("bad-id"))} install
 *       jars the reactor built; {@code install(TestPlugin.withId("demo").tool("hello", read_only).toBundle())}
 *       a plugin built in memory, whose services the test registers through the bundle's own context
 *       ({@link ai.tyrum.gateway.itest.TestPlugin}, {@link ai.tyrum.gateway.itest.TestBundle} for any
 *       other manifest). A plugin the gateway refuses stays INSTALLED, which is for the test to assert.
 *       {@code awaitPluginState(id, state)} waits on {@code GET /plugins}.
 *   <li>{@code shell().run("plugin:list")} runs a Gogo line in a session of its own and returns a
 *       {@link ai.tyrum.gateway.itest.ShellResult}: the value, what was printed, the failure, and
 *       {@code console()}, what an operator would see (a failure as the JLine console prints it,
 *       {@code Exception.toString()}).
 *   <li>{@code http()} sends an admin token (the bootstrap token the gateway printed, or the seeded one);
 *       {@code http().withToken(gateway.token("reader"))} and {@code withoutToken()} send another or none.
 *       Each answer is an {@link ai.tyrum.gateway.itest.HttpResult} with {@code assertStatus},
 *       {@code json()} and {@code errorCode()}.
 *   <li>{@link ai.tyrum.gateway.itest.Await#until} polls a condition until a deadline: never sleep a fixed
 *       time, never assert on wall-clock time. {@code printed()} is what the process printed while the
 *       framework ran and {@code printedWhile(action)} what one action printed, for tests about log lines
 *       (no ERROR line for an expected refusal).
 * </ul>
 *
 * <p>One framework at a time: the console capture and the system bundle's API are process-wide.
 *
 * <p>These are Failsafe tests ({@code *IT}): they run in {@code mvn verify} after the package phase has
 * assembled {@code target/gateway} (the run set, the example plugins) and {@code target/fixtures}. One
 * class alone: {@code mvn -o verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=NameIT}.
 */
package ai.tyrum.gateway.itest;
