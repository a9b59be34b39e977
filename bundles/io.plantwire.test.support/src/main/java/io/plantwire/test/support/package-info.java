/**
 * Helpers for the tests of more than one module: {@link io.plantwire.test.support.TestSigner} makes keys with the
 * JDK's keytool, signs jars with the JDK's JarSigner API and makes the broken jars a trust check must refuse;
 * {@link io.plantwire.test.support.ThreadSnapshot} and {@link io.plantwire.test.support.OpenFiles} find threads and
 * file descriptors something left behind; {@link io.plantwire.test.support.FreePort} finds a port for a test server;
 * {@link io.plantwire.test.support.MosquittoBroker} runs a private Mosquitto on one;
 * {@link io.plantwire.test.support.FileTrees} deletes a test's directory while something else still deletes in it;
 * {@link io.plantwire.test.support.Unreachable} checks that nothing holds an object any more. Test scope only.
 *
 * <p>1.1: ThreadSnapshot, OpenFiles, FreePort. 1.2: MosquittoBroker; Configs.of from name/value pairs and
 * Configs.ofProperties keyed by configuration property name. 1.3: FileTrees. 1.4: Unreachable.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package io.plantwire.test.support;
