/**
 * Keeps Config Admin changes of file-backed configurations in their files (<code>conf/&lt;pid&gt;.cfg</code> and
 * <code>.config</code>, applied by Felix FileInstall). Nothing here is API: the bundle only registers a
 * {@link org.osgi.service.cm.SynchronousConfigurationListener}, a {@link org.osgi.service.cm.ConfigurationListener}
 * and a {@link org.osgi.service.cm.ConfigurationPlugin}.
 *
 * <p>FileInstall's own write-back ({@code felix.fileinstall.enableConfigSave}) rewrites a file in place on every
 * configuration change; a scan that falls into that window applies the empty or partial file and then writes it back
 * for good. {@link io.plantwire.config.files.internal.ConfigFileWriteBack} replaces it: it waits until FileInstall
 * has seen any newer file, compares first, and replaces a file only atomically. It never writes a secret into a file
 * and touches only the files FileInstall gives a configuration in its watched folders.
 *
 * <p>{@link io.plantwire.config.files.internal.SecretFileGuard}, a {@link org.osgi.service.cm.ConfigurationPlugin}
 * ahead of the Felix interpolation plugin, refuses {@code $[secret:name]} files that group or others may read.
 *
 * <p>{@link io.plantwire.config.files.internal.FactoryFileNameCheck} warns about a file named
 * {@code <factoryPid>~<name>.cfg}, which FileInstall makes a plain configuration no component takes.
 */
package io.plantwire.config.files.internal;
