/**
 * Helpers for the tests of more than one module: {@link io.plantwire.test.support.TestSigner} makes keys with the
 * JDK's keytool, signs jars with the JDK's JarSigner API and makes the broken jars a trust check must refuse.
 * Test scope only.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.plantwire.test.support;
